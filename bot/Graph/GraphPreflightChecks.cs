using System.Text;
using System.Text.Json;
using Azure.Core;
using Chexs.Bot.Graph;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Graph.Users.Item.SendMail;

using Chexs.Bot.Preflight;

namespace Chexs.Bot.Graph;

/// <summary>
/// Microsoft Graph, least privilege included: the token's Entra roles must be exactly the directory reads
/// (mailbox access must come only from Exchange RBAC for Applications), the shared mailbox and the hosts'
/// calendars must work, and a mailbox outside the management scopes must be refused.
/// </summary>
public sealed class GraphPreflightChecks(IOptions<GraphOptions> options, IServiceProvider services, TimeProvider clock) : IPreflightCheck
{
    /// <summary>The only Entra application permissions the bot should hold (roles and line managers).</summary>
    public static readonly string[] EntraRoles = ["User.Read.All", "GroupMember.Read.All"];

    public string Area => "Graph";

    public async Task<IReadOnlyList<CheckResult>> RunAsync(PreflightRun run, CancellationToken ct)
    {
        var o = options.Value;
        if (o.Offline)
            return [CheckResult.Fail(Area, "Graph:Offline is true: no role checks against Entra ID, emails go to a folder, not to guardians", "configure Graph (docs/deploy.md, Microsoft Graph) and remove Graph__Offline")];

        var results = new List<CheckResult>();
        TokenCredential credential;
        AccessToken token;
        try
        {
            credential = services.GetService<TokenCredential>() ?? GraphCredentials.Create(o);
            token = await credential.GetTokenAsync(new TokenRequestContext(GraphClients.Scopes), ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            return [CheckResult.Fail(Area, $"no Graph token with Graph:Auth={o.Auth} ({BotFrameworkCheck.Short(e)})", FixFor(o))];
        }
        results.Add(CheckResult.Ok(Area, $"token acquired (Graph:Auth={o.Auth})"));
        results.Add(RolesCheck(token.Token));

        var graph = GraphClients.Create(o, credential);
        results.Add(await GroupAsync(graph, "staff", o.StaffGroupId, "Graph__StaffGroupId", ct));
        results.Add(await GroupAsync(graph, "managers", o.ManagersGroupId, "Graph__ManagersGroupId", ct));
        results.Add(run.ReadOnly ? await SentItemsAsync(graph, o.SharedMailbox, "{mailbox} readable (read-only check; sending not tried)", ct) : await SendAsync(graph, o.SharedMailbox, ct));
        results.Add(await SentItemsAsync(graph, o.SharedMailbox, "Sent Items of {mailbox} readable (finds a message after an unclear send)", ct));
        results.Add(await OutOfScopeAsync(graph, services.GetRequiredService<IOptions<PreflightOptions>>().Value.OutOfScopeMailbox, ct));
        if (run.Hosts.Count == 0)
            results.Add(CheckResult.Fail(Area, "no hosts to check calendars for", "list hosts' work emails in Preflight__Hosts__0, Preflight__Hosts__1, …"));
        foreach (var host in run.Hosts)
            results.Add(await CalendarAsync(graph, host, run.ReadOnly, ct));
        return results;
    }

    private static string FixFor(GraphOptions o) => o.Auth switch
    {
        GraphAuth.ClientSecret => "check Graph__TenantId, Graph__ClientId and that Graph__ClientSecret is a current secret of that app registration",
        GraphAuth.Certificate => "check Graph__CertificatePath/Graph__CertificateThumbprint and that the certificate is uploaded to the app registration",
        GraphAuth.ManagedIdentity => "check that the managed identity is attached to this host (Graph__ManagedIdentityClientId for a user-assigned one)",
        _ => "check the federated credential on the app registration trusts this host's managed identity (Graph__ManagedIdentityClientId)",
    };

    /// <summary>Entra application permissions are tenant-wide; the token's roles claim shows exactly which the app holds.</summary>
    private CheckResult RolesCheck(string accessToken)
    {
        if (TokenRoles(accessToken) is not { } roles)
            return CheckResult.Fail(Area, "the Graph token carries no readable roles claim", "grant User.Read.All and GroupMember.Read.All (application) with admin consent");
        var missing = EntraRoles.Except(roles, StringComparer.OrdinalIgnoreCase).ToList();
        var extra = roles.Except(EntraRoles, StringComparer.OrdinalIgnoreCase).OrderBy(r => r, StringComparer.Ordinal).ToList();
        if (extra.Count > 0)
            return CheckResult.Fail(Area, $"the app holds tenant-wide Entra permission(s) {string.Join(", ", extra)}: every mailbox and calendar in the tenant, whatever Exchange RBAC says",
                "remove them from the app registration (API permissions → Remove permission, then revoke admin consent); mailbox access comes only from Exchange RBAC for Applications (docs/deploy.md, Least privilege)");
        if (missing.Count > 0)
            return CheckResult.Fail(Area, $"the app lacks {string.Join(", ", missing)}", "add it as an application permission on Microsoft Graph and grant admin consent");
        return CheckResult.Ok(Area, $"Entra application permissions are exactly {string.Join(", ", EntraRoles)} (no tenant-wide mail or calendar access)");
    }

    /// <summary>The roles claim of a JWT access token, or null when the token is not a readable JWT.</summary>
    public static IReadOnlyList<string>? TokenRoles(string accessToken)
    {
        var parts = accessToken.Split('.');
        if (parts.Length < 2) return null;
        try
        {
            var payload = parts[1].Replace('-', '+').Replace('_', '/');
            payload = payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '=');
            using var doc = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload)));
            if (!doc.RootElement.TryGetProperty("roles", out var roles) || roles.ValueKind != JsonValueKind.Array) return [];
            return roles.EnumerateArray().Select(r => r.GetString() ?? "").Where(r => r.Length > 0).ToList();
        }
        catch (Exception e) when (e is FormatException or JsonException or ArgumentException)
        {
            return null;
        }
    }

    private async Task<CheckResult> GroupAsync(GraphServiceClient graph, string which, string groupId, string setting, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(groupId))
            return CheckResult.Fail(Area, $"no {which} group configured", $"set {setting} to the group's object id");
        try
        {
            var group = await graph.Groups[groupId].GetAsync(r => r.QueryParameters.Select = ["id", "displayName"], ct);
            await graph.Groups[groupId].Members.GetAsync(r => { r.QueryParameters.Top = 1; r.QueryParameters.Select = ["id"]; }, ct);
            return CheckResult.Ok(Area, $"{which} group '{group?.DisplayName}' and its members readable");
        }
        catch (ODataError e)
        {
            return e.ResponseStatusCode == 404
                ? CheckResult.Fail(Area, $"{which} group {groupId} not found", $"set {setting} to the object id shown in Entra ID → Groups")
                : CheckResult.Fail(Area, $"{which} group not readable ({Describe(e)})", "grant GroupMember.Read.All (application) with admin consent");
        }
    }

    private async Task<CheckResult> SendAsync(GraphServiceClient graph, string mailbox, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(mailbox))
            return CheckResult.Fail(Area, "no shared mailbox configured", "set Graph__SharedMailbox");
        try
        {
            // To the mailbox itself, not kept in Sent Items: proves Mail.Send on it and bothers nobody else.
            await graph.Users[mailbox].SendMail.PostAsync(new SendMailPostRequestBody
            {
                SaveToSentItems = false,
                Message = new Message
                {
                    Subject = "CHEXS Bot preflight check (no action needed)",
                    Body = new ItemBody { ContentType = BodyType.Text, Content = $"Sent by the CHEXS Bot preflight check at {clock.GetUtcNow():u} to prove it can send from this mailbox." },
                    ToRecipients = [new Recipient { EmailAddress = new EmailAddress { Address = mailbox } }],
                },
            }, cancellationToken: ct);
            return CheckResult.Ok(Area, $"can send from {mailbox} (test message sent to itself)");
        }
        catch (ODataError e)
        {
            return CheckResult.Fail(Area, $"cannot send from {mailbox} ({Describe(e)})", MailboxFix(e, "Application Mail.Send", "CHEXS Bot shared mailbox"));
        }
    }

    private async Task<CheckResult> SentItemsAsync(GraphServiceClient graph, string mailbox, string what, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(mailbox))
            return CheckResult.Fail(Area, "no shared mailbox configured", "set Graph__SharedMailbox");
        try
        {
            await graph.Users[mailbox].MailFolders["sentitems"].Messages.GetAsync(r => { r.QueryParameters.Top = 1; r.QueryParameters.Select = ["id"]; }, ct);
            return CheckResult.Ok(Area, what.Replace("{mailbox}", mailbox, StringComparison.Ordinal));
        }
        catch (ODataError e)
        {
            return CheckResult.Fail(Area, $"cannot read Sent Items of {mailbox} ({Describe(e)})", MailboxFix(e, "Application Mail.Read", "CHEXS Bot shared mailbox"));
        }
    }

    /// <summary>Least privilege, proved: a mailbox outside the management scopes must be refused, for calendar and mail alike.</summary>
    private async Task<CheckResult> OutOfScopeAsync(GraphServiceClient graph, string mailbox, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(mailbox))
            return CheckResult.Fail(Area, "no out-of-scope mailbox configured, so least privilege is not proved",
                "set Preflight__OutOfScopeMailbox to a real mailbox that is neither the shared mailbox nor a host's (e.g. a trustee's)");
        var refused = new List<string>();
        var allowed = new List<string>();
        async Task Try(string what, Func<Task> call)
        {
            try
            {
                await call();
                allowed.Add(what);
            }
            catch (ODataError e) when (e.ResponseStatusCode == 403)
            {
                refused.Add(what);
            }
        }
        try
        {
            await Try("calendar", () => graph.Users[mailbox].Events.GetAsync(r => { r.QueryParameters.Top = 1; r.QueryParameters.Select = ["id"]; }, ct));
            await Try("mail", () => graph.Users[mailbox].MailFolders["sentitems"].Messages.GetAsync(r => { r.QueryParameters.Top = 1; r.QueryParameters.Select = ["id"]; }, ct));
        }
        catch (ODataError e)
        {
            return e.ResponseStatusCode == 404
                ? CheckResult.Fail(Area, $"out-of-scope mailbox {mailbox} does not exist, so least privilege is not proved", "set Preflight__OutOfScopeMailbox to a real mailbox outside the scopes")
                : CheckResult.Fail(Area, $"out-of-scope mailbox {mailbox}: unexpected answer ({Describe(e)})", "run Test-ServicePrincipalAuthorization -Identity <app> -Resource " + mailbox);
        }
        return allowed.Count == 0
            ? CheckResult.Ok(Area, $"{mailbox} (outside the scopes) refused for {string.Join(" and ", refused)}: access is limited to the management scopes")
            : CheckResult.Fail(Area, $"the app can read {string.Join(" and ", allowed)} of {mailbox}, which is outside the scopes",
                "remove tenant-wide Mail.*/Calendars.* grants from the app registration and any Organization-scoped role assignment (Get-ManagementRoleAssignment -RoleAssigneeType ServicePrincipal)");
    }

    private async Task<CheckResult> CalendarAsync(GraphServiceClient graph, PreflightHost host, bool readOnly, CancellationToken ct)
    {
        try
        {
            if (readOnly)
            {
                await graph.Users[host.GraphUser].Events.GetAsync(r => { r.QueryParameters.Top = 1; r.QueryParameters.Select = ["id"]; }, ct);
                return CheckResult.Ok(Area, $"calendar of {host.Label} readable (read-only check; writing not tried)");
            }
            // A private, free, past event with no attendees and no reminder, deleted straight away.
            var yesterday = clock.GetUtcNow().AddDays(-1).UtcDateTime;
            var created = await graph.Users[host.GraphUser].Events.PostAsync(new Event
            {
                Subject = "CHEXS Bot preflight check (deleted automatically)",
                Start = new DateTimeTimeZone { DateTime = yesterday.ToString("yyyy-MM-ddTHH:mm:ss"), TimeZone = "UTC" },
                End = new DateTimeTimeZone { DateTime = yesterday.AddMinutes(5).ToString("yyyy-MM-ddTHH:mm:ss"), TimeZone = "UTC" },
                Sensitivity = Sensitivity.Private,
                ShowAs = FreeBusyStatus.Free,
                IsReminderOn = false,
                TransactionId = "chexs-preflight-" + Guid.NewGuid().ToString("N"),
            }, cancellationToken: ct);
            if (created?.Id is { Length: > 0 } id) await graph.Users[host.GraphUser].Events[id].DeleteAsync(cancellationToken: ct);
            return CheckResult.Ok(Area, $"calendar of {host.Label} writable (test event created and deleted)");
        }
        catch (ODataError e)
        {
            return CheckResult.Fail(Area, $"calendar of {host.Label} not writable ({Describe(e)})", MailboxFix(e, "Application Calendars.ReadWrite", "CHEXS Bot hosts"));
        }
    }

    private static string MailboxFix(ODataError e, string role, string scope) => e.ResponseStatusCode switch
    {
        403 => $"New-ManagementRoleAssignment -App <service id> -Role \"{role}\" -CustomResourceScope \"{scope}\", and make sure the mailbox is in that scope; check with Test-ServicePrincipalAuthorization (docs/deploy.md, Least privilege)",
        404 => "the mailbox does not exist or has no Exchange Online licence: check the address",
        _ => "try again; if it persists, check Microsoft 365 service health",
    };

    private static string Describe(ODataError e) => $"{e.ResponseStatusCode} {e.Error?.Code}".Trim();
}

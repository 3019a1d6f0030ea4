using Chexs.Bot.Preflight;
using Chexs.Bot.Tests.Graph;
using Xunit.Abstractions;

namespace Chexs.Bot.Tests.Preflight;

/// <summary>
/// The preflight check against the fake Graph and fake Zoom: all green when set up as docs/deploy.md says,
/// and each injected fault named on its own line with its fix.
/// </summary>
public sealed class PreflightTests(ITestOutputHelper output) : IAsyncLifetime
{
    private PreflightHarness _h = null!;

    public async Task InitializeAsync() => _h = await PreflightHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private async Task<IReadOnlyList<CheckResult>> RunAsync(bool readOnly = false)
    {
        var results = await _h.RunAsync(readOnly);
        var text = new StringWriter();
        PreflightCommand.Write(results, text);
        output.WriteLine(text.ToString());
        return results;
    }

    private static CheckResult Failed(IReadOnlyList<CheckResult> results, string contains) =>
        Assert.Single(results, r => !r.Passed && r.ToString().Contains(contains, StringComparison.Ordinal));

    [Fact]
    public async Task Configured_as_the_guide_says_every_check_passes_and_the_exit_code_is_0()
    {
        var results = await RunAsync();

        Assert.All(results, r => Assert.True(r.Passed, r.ToString()));
        Assert.Equal(0, PreflightRunner.ExitCode(results));
        Assert.Equal(["Bot Framework", "Graph", "Zoom", "Database", "Secrets", "Policy"], results.Select(r => r.Area).Distinct());
        Assert.All(results, r => Assert.StartsWith("✔ ", r.ToString()));
        Assert.Contains(results, r => r.What.Contains("exactly User.Read.All, GroupMember.Read.All"));
        Assert.Contains(results, r => r.What.Contains($"{PreflightHarness.OutOfScope} (outside the scopes) refused for calendar and mail"));
        Assert.Contains(results, r => r.What.Contains($"calendar of {PreflightHarness.Host} writable"));
        Assert.Contains(results, r => r.What == $"{PreflightHarness.Host}: Zoom user exists and is licensed");
        Assert.Contains(results, r => r.What.StartsWith("last backup ", StringComparison.Ordinal));

        // It really did the work: a test email to the shared mailbox itself, and a calendar event created and removed.
        var mail = Assert.Single(_h.Graph.SentItems);
        Assert.Equal(Ids.Mailbox, (string?)mail["toRecipients"]![0]!["emailAddress"]!["address"]);
        Assert.Single(_h.Graph.Seen("POST", $"/users/{PreflightHarness.Host}/events"));
        Assert.Empty(_h.Graph.Events);
    }

    [Fact]
    public async Task A_missing_Zoom_scope_is_named_with_where_to_add_it()
    {
        _h.Zoom.Scope = "meeting:write:meeting:admin meeting:read:meeting:admin meeting:update:meeting:admin meeting:read:list_meetings:admin user:read:user:admin account:read:settings:admin";

        var results = await RunAsync();

        var missing = Failed(results, "scope meeting:delete:meeting:admin is not granted");
        Assert.Contains("Scopes page", missing.Fix);
        Assert.Single(results, r => !r.Passed);
        Assert.Equal(1, PreflightRunner.ExitCode(results));
    }

    [Fact]
    public async Task A_403_on_the_shared_mailbox_names_the_Exchange_role_assignment_to_make()
    {
        _h.Graph.DeniedMailboxes.Add(Ids.Mailbox);

        var results = await RunAsync();

        var send = Failed(results, $"cannot send from {Ids.Mailbox} (403 ErrorAccessDenied)");
        Assert.Contains("New-ManagementRoleAssignment", send.Fix);
        Assert.Contains("Application Mail.Send", send.Fix);
        Failed(results, $"cannot read Sent Items of {Ids.Mailbox} (403 ErrorAccessDenied)");
        Assert.Equal(1, PreflightRunner.ExitCode(results));
    }

    [Fact]
    public async Task An_expired_secret_fails_and_one_about_to_expire_fails_too()
    {
        _h.Settings["Secrets:GraphClientSecretExpires"] = PreflightHarness.Date(DateTime.UtcNow.Date.AddDays(-1));
        _h.Settings["Secrets:MicrosoftAppPasswordExpires"] = PreflightHarness.Date(DateTime.UtcNow.Date.AddDays(10));

        var results = await RunAsync();

        Assert.Contains("create a new one", Failed(results, "Graph:ClientSecret expired on").Fix);
        Failed(results, "MicrosoftAppPassword (bot client secret) expires on");
        Assert.Equal(2, results.Count(r => !r.Passed));
    }

    [Fact]
    public async Task Tenant_wide_Entra_mail_grants_are_refused_even_though_RBAC_is_in_place()
    {
        // The old README's advice: grant Mail.Send and Calendars.ReadWrite in Entra ID, then "restrict" them.
        _h.GraphRoles = [.. PreflightHarness.LeastPrivilegeRoles, "Mail.Send", "Calendars.ReadWrite"];
        _h.Graph.DeniedMailboxes.Clear();

        var results = await RunAsync();

        Assert.Contains("Remove permission", Failed(results, "tenant-wide Entra permission(s) Calendars.ReadWrite, Mail.Send").Fix);
        Failed(results, $"the app can read calendar and mail of {PreflightHarness.OutOfScope}, which is outside the scopes");
    }

    [Fact]
    public async Task Each_other_fault_is_named_on_its_own_line()
    {
        _h.BotTokens.Fails = new InvalidOperationException("AADSTS7000215: Invalid client secret provided.");
        _h.Zoom.Users[PreflightHarness.Host] = (1, "active");
        _h.Zoom.CloudRecording = false;
        _h.Settings["Zoom:WebhookSecretToken"] = "";
        _h.Settings["Backup:Folder"] = "";
        _h.Settings["Safeguarding:PolicyReviewDate"] = "2024-08-31";
        _h.Settings["Preflight:OutOfScopeMailbox"] = "";
        _h.Graph.Groups.Remove(Ids.ManagersGroup);

        var results = await RunAsync();

        Failed(results, "no Bot Connector token (AADSTS7000215");
        Failed(results, "is not licensed (type 1)");
        Failed(results, "account cloud recording is off");
        Failed(results, "webhook secret token not set");
        Assert.Contains("backup-db.sh", Failed(results, "backups: not configured").Fix);
        Failed(results, "P15: the policy review date 31 Aug 2024 has passed");
        Failed(results, "no out-of-scope mailbox configured");
        Failed(results, $"managers group {Ids.ManagersGroup} not found");
        Assert.Equal(8, results.Count(r => !r.Passed));
    }

    [Fact]
    public async Task Read_only_mode_sends_nothing_and_writes_no_calendar_event()
    {
        var results = await RunAsync(readOnly: true);

        Assert.All(results, r => Assert.True(r.Passed, r.ToString()));
        Assert.Empty(_h.Graph.Seen("POST", "/sendMail"));
        Assert.Empty(_h.Graph.Seen("POST", "/events"));
        Assert.Contains(results, r => r.What.Contains("read-only check"));
    }

    [Fact]
    public void Output_is_one_line_per_check_and_a_total()
    {
        var text = new StringWriter();
        PreflightCommand.Write([CheckResult.Ok("Zoom", "token acquired"), CheckResult.Fail("Zoom", "scope x is not granted", "add it")], text);

        Assert.Equal(["✔ Zoom: token acquired", "✘ Zoom: scope x is not granted — fix: add it", "1 of 2 checks failed."],
            text.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }
}

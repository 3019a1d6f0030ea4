using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Chexs.Bot.Zoom;
using Microsoft.Extensions.Options;

namespace Chexs.Bot.Preflight;

/// <summary>
/// Zoom, checked with its own token request (the token answer's <c>scope</c> lists exactly what the
/// Server-to-Server OAuth app grants), then the hosts' Zoom users, the account's cloud recording (P5)
/// and the webhook secret.
/// </summary>
public sealed class ZoomChecks(IOptions<ZoomOptions> zoomOptions, IOptions<PreflightOptions> preflightOptions, IHttpClientFactory http) : IPreflightCheck
{
    public string Area => "Zoom";

    public async Task<IReadOnlyList<CheckResult>> RunAsync(PreflightRun run, CancellationToken ct)
    {
        var o = zoomOptions.Value;
        if (o.Simulate)
            return [CheckResult.Fail(Area, "Zoom:Simulate is true: meetings are made up and nobody can join them", "set the Zoom credentials (docs/deploy.md, Zoom) and remove Zoom__Simulate")];
        var missing = ZoomStartupGuard.MissingSettings(o).Where(k => k != "Zoom:WebhookSecretToken").ToList();
        if (missing.Count > 0)
            return [CheckResult.Fail(Area, $"{string.Join(", ", missing)} not set", "set them from the app's App Credentials page, as environment variables from the secret store")];

        var results = new List<CheckResult>();
        var client = http.CreateClient(PreflightRegistration.HttpClientName);
        var (token, scopes, problem) = await TokenAsync(client, o, ct);
        if (token is null)
            return [CheckResult.Fail(Area, problem!, "check Zoom__AccountId, Zoom__ClientId and Zoom__ClientSecret, and that the app is activated")];
        results.Add(CheckResult.Ok(Area, "Server-to-Server OAuth token acquired"));

        var required = preflightOptions.Value.ZoomRequiredScopes.Concat(preflightOptions.Value.ZoomEventScopes).Distinct(StringComparer.Ordinal).ToArray();
        var lacking = required.Where(s => !scopes.Contains(s)).ToList();
        results.AddRange(lacking.Select(s => CheckResult.Fail(Area, $"scope {s} is not granted", "add it on the app's Scopes page in the Zoom App Marketplace (an account admin's role must allow it), then save")));
        if (lacking.Count == 0) results.Add(CheckResult.Ok(Area, $"all {required.Length} required granular scopes granted"));

        var api = new Uri(o.ApiBaseUrl.EndsWith('/') ? o.ApiBaseUrl : o.ApiBaseUrl + "/");
        foreach (var host in run.Hosts.Where(h => !string.IsNullOrWhiteSpace(h.ZoomUser)))
            results.Add(await HostAsync(client, api, token, host, ct));
        results.Add(await CloudRecordingAsync(client, api, token, ct));
        results.Add(string.IsNullOrWhiteSpace(o.WebhookSecretToken)
            ? CheckResult.Fail(Area, "webhook secret token not set: recording and attendance events would be refused", "copy the Secret Token from the app's Access page into Zoom__WebhookSecretToken (secret store)")
            : CheckResult.Ok(Area, "webhook secret token set"));
        return results;
    }

    private static async Task<(string? Token, HashSet<string> Scopes, string? Problem)> TokenAsync(HttpClient client, ZoomOptions o, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, o.OAuthUrl)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "account_credentials", ["account_id"] = o.AccountId }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{o.ClientId}:{o.ClientSecret}")));
        try
        {
            using var response = await client.SendAsync(request, ct);
            if (!response.IsSuccessStatusCode)
                return (null, [], $"Zoom refused the credentials (HTTP {(int)response.StatusCode})");
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            var token = doc.RootElement.TryGetProperty("access_token", out var t) ? t.GetString() : null;
            var scope = doc.RootElement.TryGetProperty("scope", out var s) ? s.GetString() ?? "" : "";
            return string.IsNullOrEmpty(token)
                ? (null, [], "Zoom's token answer had no access_token")
                : (token, scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal), null);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return (null, [], $"Zoom's sign-in service could not be reached ({BotFrameworkCheck.Short(e)})");
        }
    }

    private async Task<CheckResult> HostAsync(HttpClient client, Uri api, string token, PreflightHost host, CancellationToken ct)
    {
        var (status, body) = await GetAsync(client, new Uri(api, $"users/{Uri.EscapeDataString(host.ZoomUser!)}"), token, ct);
        if (status == HttpStatusCode.NotFound || (body?.TryGetProperty("code", out var code) == true && code.GetInt32() == 1001))
            return CheckResult.Fail(Area, $"{host.Label} has no Zoom user {host.ZoomUser} on the CHEXS account (P2)", "add them in the Zoom web portal (User Management → Users) with their work email");
        if (status != HttpStatusCode.OK || body is null)
            return CheckResult.Fail(Area, $"could not look up Zoom user {host.ZoomUser} (HTTP {(int)status})", "add the scope user:read:user:admin to the app");
        var type = body.Value.TryGetProperty("type", out var t) && t.TryGetInt32(out var n) ? n : 0;
        var state = body.Value.TryGetProperty("status", out var s) ? s.GetString() : null;
        if (state is not null && state != "active")
            return CheckResult.Fail(Area, $"Zoom user {host.ZoomUser} is {state}", "activate the user in the Zoom web portal");
        return type == 2
            ? CheckResult.Ok(Area, $"{host.Label}: Zoom user exists and is licensed")
            : CheckResult.Fail(Area, $"Zoom user {host.ZoomUser} is not licensed (type {type}): meetings end after 40 minutes and cloud recording is unavailable",
                "assign a Licensed seat in the Zoom web portal (User Management → Users → Edit)");
    }

    private async Task<CheckResult> CloudRecordingAsync(HttpClient client, Uri api, string token, CancellationToken ct)
    {
        var (status, body) = await GetAsync(client, new Uri(api, "accounts/me/settings"), token, ct);
        if (status != HttpStatusCode.OK || body is null)
            return CheckResult.Fail(Area, $"could not read the account's settings (HTTP {(int)status})", "add the scope account:read:settings:admin to the app");
        var on = body.Value.TryGetProperty("recording", out var recording) && recording.TryGetProperty("cloud_recording", out var cloud) && cloud.ValueKind == JsonValueKind.True;
        return on
            ? CheckResult.Ok(Area, "account cloud recording is on (P5)")
            : CheckResult.Fail(Area, "account cloud recording is off, so no session can be recorded (P5)", "Zoom web portal → Account Settings → Recording → turn on Cloud recording (and lock it)");
    }

    private static async Task<(HttpStatusCode Status, JsonElement? Body)> GetAsync(HttpClient client, Uri uri, string token, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (string.IsNullOrWhiteSpace(text)) return (response.StatusCode, null);
        try
        {
            using var doc = JsonDocument.Parse(text);
            return (response.StatusCode, doc.RootElement.Clone());
        }
        catch (JsonException)
        {
            return (response.StatusCode, null);
        }
    }
}

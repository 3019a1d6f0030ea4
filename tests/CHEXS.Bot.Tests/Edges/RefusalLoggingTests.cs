using System.Net;
using Chexs.Bot.Hosting;
using Chexs.Bot.Tests.Foundation;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Tests.Edges;

/// <summary>
/// What an attacker can make the bot write to its log: one Warning line per refused request (no stack
/// trace, no Error), at most a bounded number per minute however many arrive, and never a raw control
/// character from a request (ANSI escapes, CR/LF that would forge a log line, bidi overrides).
/// </summary>
public sealed class RefusalLoggingTests
{
    private const string AppId = "11111111-2222-3333-4444-555555555555";

    private static IEnumerable<LogEntry> Refusals(EdgeHost host) =>
        host.Logs.Entries.Where(e => e.Category == RefusedRequests.Category && e.Level == LogLevel.Warning);

    [Fact]
    public async Task Each_refused_request_is_one_warning_line_without_a_stack_trace()
    {
        await using var authority = await FakeChannelAuthority.StartAsync();
        await using var host = await EdgeHost.StartAsync(authority.BotSettings(AppId, TeamsActivities.TenantId));

        var forged = FakeChannelAuthority.Token(authority.Signing, "https://issuer.attacker.test", AppId, host.Connector.ServiceUrl, DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddMinutes(30));
        using (var noToken = await host.PostAsync(host.FromTeams(TeamsActivities.Message("help")))) Assert.Equal(HttpStatusCode.Unauthorized, noToken.StatusCode);
        using (var badToken = await host.PostAsync(host.FromTeams(TeamsActivities.Message("help")), "not-a-jwt")) Assert.Equal(HttpStatusCode.Unauthorized, badToken.StatusCode);
        using (var otherIssuer = await host.PostAsync(host.FromTeams(TeamsActivities.Message("help")), forged)) Assert.Equal(HttpStatusCode.Unauthorized, otherIssuer.StatusCode);
        using (var junk = await host.PostRawAsync("{}", "application/json", authority.Token(AppId, host.Connector.ServiceUrl))) Assert.Equal(HttpStatusCode.BadRequest, junk.StatusCode);

        var lines = Refusals(host).ToList();
        Assert.Equal(4, lines.Count);
        Assert.All(lines, l => Assert.Null(l.Exception));
        Assert.Equal(3, lines.Count(l => l.Message.Contains("401")));
        Assert.Contains(lines, l => l.Message.Contains("400"));
        Assert.DoesNotContain(host.Logs.Entries, e => e.Level >= LogLevel.Error);
        Assert.DoesNotContain(host.Logs.Entries, e => e.Exception is not null && e.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task A_flood_of_refused_requests_writes_a_bounded_number_of_lines_then_one_summary()
    {
        await using var host = await EdgeHost.StartAsync();
        for (var i = 0; i < 300; i++)
        {
            using var response = await host.PostRawAsync("{ not json " + i, "application/json");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
        var during = Refusals(host).Count();
        Assert.Equal(RefusedRequests.LinesPerWindow, during);

        // A minute later (on the bot's clock) the next refusal is logged again, with how many went unlogged.
        host.Clock.Advance(RefusedRequests.Window);
        using (var next = await host.PostRawAsync("[]", "application/json")) Assert.Equal(HttpStatusCode.BadRequest, next.StatusCode);
        var after = Refusals(host).Skip(during).ToList();
        Assert.Equal(2, after.Count);
        Assert.Contains(after, l => l.Message.Contains($"{300 - RefusedRequests.LinesPerWindow} more refused requests were not logged"));
    }

    [Fact]
    public async Task Control_characters_from_a_request_are_escaped_in_every_log_line()
    {
        await using var host = await EdgeHost.StartAsync();
        const string hostile = "\u001b[31mowned\u001b[0m\r\n2026-11-25 10:00:00 Error FAKE LINE\u0007\u202E\u0085";

        // The activity id comes back in the SDK's own "Sending activity. ReplyToId: …" line; the conversation id
        // and a signed Zoom event name in the bot's.
        var message = host.FromTeams(TeamsActivities.Message("help", expectReplies: false));
        message["id"] = hostile;
        using (var sent = await host.PostAsync(message)) Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        var refused = host.FromTeams(TeamsActivities.Message("help"));
        refused["type"] = "invoke";
        refused["name"] = "adaptiveCard/action";
        refused["value"] = hostile;
        using (var bad = await host.PostAsync(refused)) Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using (var zoom = await host.PostZoomAsync(new JObject { ["event"] = hostile, ["payload"] = new JObject() }.ToString())) Assert.True(zoom.StatusCode < HttpStatusCode.InternalServerError);

        var entries = host.Logs.Entries;
        Assert.Contains(entries, e => e.Text.Contains("\\u001b[31mowned"));
        var raw = entries.Where(e => e.Text.Any(IsUnsafe)).ToList();
        Assert.True(raw.Count == 0, "raw control characters in: " + string.Join(" | ", raw.Select(e => e.ToString().Replace("\u001b", "<ESC>"))));
    }

    private static bool IsUnsafe(char c) => char.IsControl(c) || c is '\u2028' or '\u2029' || c is >= '\u202A' and <= '\u202E' || c is >= '\u2066' and <= '\u2069';
}

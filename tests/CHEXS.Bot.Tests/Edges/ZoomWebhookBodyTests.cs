using System.Net;
using System.Text.Json.Nodes;
using Chexs.Bot.Records;
using Chexs.Bot.Tests.Foundation;

namespace Chexs.Bot.Tests.Edges;

/// <summary>
/// Signed Zoom webhooks whose bodies the bot cannot read get 400 and nothing is stored — no 500, no time
/// recorded as 0001-01-01 — and no response of the bot, in any environment, carries an exception or stack trace.
/// </summary>
public sealed class ZoomWebhookBodyTests
{
    private const long MeetingId = 85746065432;

    private static Session WithMeeting() => new()
    {
        Id = "S-7K3Q9",
        HostId = TeamsActivities.AlexAadId,
        Start = new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero),
        DurationMinutes = 45,
        Status = SessionStatus.Scheduled,
        Meeting = new ZoomMeetingRecord { MeetingId = MeetingId, JoinUrl = "https://zoom.invalid/j/1", Passcode = "Ab3defGhij", Simulated = true },
    };

    private static string Started(Action<JsonObject> change)
    {
        var body = Zoom.ZoomFixtures.Load("webhook-meeting-started");
        body["payload"]!["object"]!["id"] = MeetingId;
        change(body);
        return body.ToJsonString();
    }

    public static TheoryData<string, string> Unreadable() => new()
    {
        { "event a number", """{"event":123}""" },
        { "event an object", """{"event":{"name":"meeting.started"},"payload":{}}""" },
        { "url validation with payload a list", """{"event":"endpoint.url_validation","payload":[]}""" },
        { "url validation with a number for plainToken", """{"event":"endpoint.url_validation","payload":{"plainToken":5}}""" },
        { "event_ts above Int64", Started(b => b["event_ts"] = "__BIG__").Replace("\"__BIG__\"", "9223372036854775808") },
        { "event_ts beyond any date", Started(b => b["event_ts"] = 9_000_000_000_000_000L) },
        { "event_ts a string", Started(b => b["event_ts"] = "yesterday") },
        { "start_time unreadable", Started(b => b["payload"]!["object"]!["start_time"] = "2026-02-30T25:61:00Z") },
        { "start_time a year-one date", Started(b => b["payload"]!["object"]!["start_time"] = "0001-01-01T00:00:00Z") },
        { "start_time an object", Started(b => b["payload"]!["object"]!["start_time"] = new JsonObject()) },
        { "payload.object a list", Started(b => b["payload"]!["object"] = new JsonArray()) },
        { "meeting id not a number", Started(b => b["payload"]!["object"]!["id"] = "abc") },
        { "participant a string", Started(b => b["payload"]!["object"]!["participant"] = "someone") },
        { "duplicate event member", Started(_ => { }).Replace("{\"event\":\"meeting.started\"", "{\"event\":\"meeting.started\",\"event\":\"meeting.ended\"") },
    };

    [Theory]
    [MemberData(nameof(Unreadable))]
    public async Task A_signed_body_the_bot_cannot_read_is_400_and_nothing_is_stored(string why, string body)
    {
        await using var host = await EdgeHost.StartAsync();
        host.Db.Sessions.Insert(WithMeeting());

        using var response = await host.PostZoomAsync(body);
        var answer = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{why}: got {(int)response.StatusCode}: {answer}");
        Assert.DoesNotContain("Exception", answer);
        Assert.DoesNotContain("   at ", answer);
        Assert.Null(host.Db.Sessions.FindById("S-7K3Q9").Activity);
        Assert.Equal(0, host.Db.ZoomDeliveries.Count());
    }

    [Fact]
    public async Task A_readable_event_without_its_own_time_is_recorded_at_its_event_ts()
    {
        await using var host = await EdgeHost.StartAsync();
        host.Db.Sessions.Insert(WithMeeting());
        var body = Started(b => ((JsonObject)b["payload"]!["object"]!).Remove("start_time"));

        using var response = await host.PostZoomAsync(body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var eventTs = (long)Zoom.ZoomFixtures.Load("webhook-meeting-started")["event_ts"]!;
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(eventTs), host.Db.Sessions.FindById("S-7K3Q9").Activity?.StartedAt);
    }

    [Fact]
    public async Task A_server_fault_is_answered_without_the_exception_or_a_stack_trace_even_in_Development()
    {
        // The database cannot be opened (its folder would have to be where a file is): a well-formed, signed
        // event then fails outside any handler of its own.
        using var folder = new TempFolder();
        var blocker = folder.File("not-a-folder");
        await File.WriteAllTextAsync(blocker, "x");
        await using var host = await EdgeHost.StartAsync(new Dictionary<string, string?>
        {
            ["Database:Path"] = Path.Combine(blocker, "chexs.db"),
            ["DevelopmentSeed:Enabled"] = "false",
        });

        using var response = await host.PostZoomAsync(Started(_ => { }));
        var answer = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.DoesNotContain("Exception", answer);
        Assert.DoesNotContain("   at ", answer);
        Assert.DoesNotContain(blocker, answer);
        Assert.Contains("went wrong on our side", answer);
    }
}

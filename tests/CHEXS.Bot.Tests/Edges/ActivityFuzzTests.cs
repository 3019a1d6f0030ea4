using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Chexs.Bot.Records;
using Chexs.Bot.Tests.Foundation;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;
using Xunit.Abstractions;

namespace Chexs.Bot.Tests.Edges;

/// <summary>
/// A few thousand generated hostile activities (and signed but malformed Zoom webhooks) through the real
/// host, seeded so a failure can be replayed. Whatever arrives: no 5xx, no stack trace in a response, no
/// turn ends in the turn-error handler, the process stays healthy, and a staff member halfway through a
/// booking (at the Confirm step while all this goes on, some of it in their own chat) still completes it.
/// </summary>
public sealed class ActivityFuzzTests(ITestOutputHelper output)
{
    private const int Seed = 20261125;
    private const int Activities = 3000;
    private const int ZoomBodies = 400;
    /// <summary>Requests in flight at once: several land in the same conversation together, as concurrent clicks do.</summary>
    private const int Parallel = 4;

    [Fact]
    public async Task Thousands_of_malformed_activities_get_clear_answers_and_a_booking_in_progress_still_completes()
    {
        var watch = Stopwatch.StartNew();
        await using var host = await EdgeHost.StartAsync();
        var booking = TeamsActivities.PersonalConversationId();
        var summary = await host.StartBookingAsync();
        host.Db.Sessions.Insert(ZoomSession());

        var generator = new MalformedActivities(Seed, host.Connector.ServiceUrl, booking);
        var failures = new List<string>();
        var statuses = new Dictionary<int, int>();
        var cases = Enumerable.Range(0, Activities).Select(_ => generator.Next()).ToList();
        foreach (var batch in cases.Chunk(Parallel))
        {
            var errorsBefore = host.TurnErrors.Count;
            var results = await Task.WhenAll(batch.Select(c => SendAsync(host, c)));
            foreach (var (c, status, body) in results)
            {
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
                if (status >= 500) failures.Add($"{status} for {c}: {Shorten(body)}");
                else if (c.MustRefuse && status is not (400 or 413 or 415)) failures.Add($"{status} (expected a refusal) for {c}");
                else if (!c.MustRefuse && status != 200) failures.Add($"{status} (expected it handled) for {c}: {Shorten(body)}");
                if (body.Contains("   at ", StringComparison.Ordinal) || body.Contains("Exception", StringComparison.Ordinal)) failures.Add($"stack trace in the response to {c}");
            }
            if (host.TurnErrors.Count > errorsBefore)
            {
                failures.Add($"turn-error handler ran in the batch [{string.Join(" | ", batch.Select(b => b.Kind))}]: {Shorten(host.TurnErrors[^1] + " " + host.TurnErrors[^1].Exception?.Message)}");
            }
            if (!BookingWaits(host, booking)) failures.Add($"the booking dialog ended in the batch [{string.Join(" | ", batch.Select(b => $"{b.Kind} in {b.ConversationId}: {Shorten(System.Text.Encoding.UTF8.GetString(b.Body))}"))}]");
            if (failures.Count > 0) break;
        }

        var zoomFailures = await FuzzZoomAsync(host);
        output.WriteLine($"{Activities} activities, {ZoomBodies} Zoom bodies in {watch.Elapsed.TotalSeconds:0.0} s; statuses: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"))}");

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
        Assert.True(zoomFailures.Count == 0, string.Join("\n", zoomFailures.Take(20)));
        Assert.Empty(host.TurnErrors);
        using (var health = await host.Client.GetAsync("/healthz"))
        {
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }

        // The booking survived everything sent to its conversation: Confirm still books it.
        var (confirmStatus, confirmed) = await host.ClickAsync(host.Click(summary, "Confirm"));
        Assert.Equal(HttpStatusCode.OK, confirmStatus);
        Assert.True(confirmed!.ToString().Contains("You chose: Confirm"), confirmed.ToString());
        var booked = Assert.Single(host.Db.Sessions.FindAll(), s => s.Id != "S-ZF001");
        Assert.Equal(SessionStatus.Scheduled, booked.Status);
        Assert.Empty(host.TurnErrors);
        Assert.True(watch.Elapsed < TimeSpan.FromMinutes(1), $"took {watch.Elapsed}");
    }

    /// <summary>Whether the booking conversation's stored dialog stack still holds the booking.</summary>
    private static bool BookingWaits(EdgeHost host, string conversationId)
    {
        var stored = host.Db.Raw.GetCollection("botstate").FindById($"msteams/conversations/{conversationId}");
        return stored is not null && stored["json"].AsString.Contains("booking", StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<(FuzzCase Case, int Status, string Body)> SendAsync(EdgeHost host, FuzzCase c)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new ByteArrayContent(c.Body) };
        if (c.ContentType is not null) request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(c.ContentType);
        using var response = await host.Client.SendAsync(request);
        return (c, (int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    // ---- Zoom: signed bodies of every wrong shape ----

    private const long MeetingId = 85746065432;

    private static Session ZoomSession() => new()
    {
        Id = "S-ZF001",
        HostId = TeamsActivities.AlexAadId,
        Start = new DateTimeOffset(2026, 11, 24, 16, 0, 0, TimeSpan.Zero),
        DurationMinutes = 45,
        Status = SessionStatus.Completed,
        Meeting = new ZoomMeetingRecord { MeetingId = MeetingId, JoinUrl = "https://zoom.invalid/j/1", Passcode = "Ab3defGhij", Simulated = true },
    };

    private async Task<List<string>> FuzzZoomAsync(EdgeHost host)
    {
        var random = new Random(Seed);
        var fixtures = new[] { "webhook-meeting-started", "webhook-meeting-ended", "webhook-participant-joined", "webhook-participant-left",
            "webhook-recording-started", "webhook-recording-stopped", "webhook-recording-completed", "webhook-url-validation" };
        JsonNode?[] odd = [null, 123, -1, "", "garbage", new JsonArray(), new JsonObject(), 1e300, true, "2026-02-30T25:61:00Z", "\u001b[31m"];
        var failures = new List<string>();
        for (var i = 0; i < ZoomBodies; i++)
        {
            var body = Zoom.ZoomFixtures.Load(fixtures[random.Next(fixtures.Length)]);
            if (body["payload"]?["object"] is JsonObject target) target["id"] = MeetingId;
            var what = random.Next(12) switch
            {
                0 => Set(body, "event", odd[random.Next(odd.Length)]),
                1 => Set(body, "payload", odd[random.Next(odd.Length)]),
                2 => Set(body["payload"]!.AsObject(), "object", odd[random.Next(odd.Length)]),
                3 => Raw(body, "event_ts", random.Next(3) switch { 0 => "9223372036854775808", 1 => "1e30", _ => "99999999999999999" }),
                4 => Set(body, "event_ts", odd[random.Next(odd.Length)]),
                5 => Set(body["payload"]!["object"] as JsonObject, "id", odd[random.Next(odd.Length)]),
                6 => Set(body["payload"]!["object"] as JsonObject, random.Next(2) == 0 ? "start_time" : "end_time", odd[random.Next(odd.Length)]),
                7 => Set(body["payload"]!["object"]?["participant"] as JsonObject, random.Next(2) == 0 ? "join_time" : "leave_time", odd[random.Next(odd.Length)]),
                8 => Set(body["payload"]!["object"] as JsonObject, random.Next(2) == 0 ? "participant" : "recording_file", odd[random.Next(odd.Length)]),
                9 => Set(body["payload"] as JsonObject, "plainToken", odd[random.Next(odd.Length)]),
                10 => Raw(body, "event", "\"meeting.started\",\"event\":\"meeting.ended\""),
                _ => Set(body["payload"]!["object"] as JsonObject, "uuid", odd[random.Next(odd.Length)]),
            };
            var text = what.Raw ?? body.ToJsonString();
            var deliveries = host.Db.ZoomDeliveries.Count();
            using var response = await host.PostZoomAsync(text);
            var answer = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            if (status >= 500) failures.Add($"{status} for Zoom {what.Name}: {Shorten(answer)}");
            if (answer.Contains("   at ", StringComparison.Ordinal) || answer.Contains("Exception", StringComparison.Ordinal)) failures.Add($"stack trace in the answer to Zoom {what.Name}");
            if (status != 200 && host.Db.ZoomDeliveries.Count() != deliveries) failures.Add($"{status} for Zoom {what.Name}, yet a delivery was stored");
            var activity = host.Db.Sessions.FindById("S-ZF001").Activity;
            var stamps = new[] { activity?.StartedAt, activity?.EndedAt, activity?.RecordingStartedAt, activity?.RecordingStoppedAt, activity?.RecordingCompletedAt, activity?.LastEventAt };
            if (stamps.Any(s => s is { } at && at.Year < 2000)) failures.Add($"Zoom {what.Name} stored an impossible time ({string.Join(", ", stamps)})");
            if (failures.Count > 20) break;
        }
        return failures;
    }

    private sealed record ZoomMutation(string Name, string? Raw = null);

    private static ZoomMutation Set(JsonObject? parent, string name, JsonNode? value)
    {
        if (parent is null) return new ZoomMutation($"(no parent for {name})");
        parent[name] = value?.DeepClone();
        return new ZoomMutation($"{name} = {value?.ToJsonString() ?? "null"}");
    }

    private static ZoomMutation Raw(JsonObject body, string name, string rawValue)
    {
        body[name] = "__RAW__";
        return new ZoomMutation($"{name} = {rawValue}", body.ToJsonString().Replace("\"__RAW__\"", rawValue));
    }

    private static string Shorten(string s) => s.Length > 1500 ? s[..1500] + "…" : s;
}

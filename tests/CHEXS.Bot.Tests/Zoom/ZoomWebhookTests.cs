using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Chexs.Bot.Records;
using Chexs.Bot.Storage;
using Chexs.Bot.Zoom;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Chexs.Bot.Tests.Zoom;

/// <summary>POST /api/zoom/webhook through the whole bot host (WebApplicationFactory&lt;Program&gt;).</summary>
public sealed class ZoomWebhookTests : IAsyncLifetime
{
    private const string Secret = "test-webhook-secret-token";
    private const long MeetingId = 85746065432;
    private static readonly DateTimeOffset Now = new(2026, 3, 5, 16, 30, 0, TimeSpan.Zero);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "chexs-zoom-webhook-tests", Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _clock = new(Now);
    private readonly RecordingObserver _observer = new();
    private WebApplicationFactory<Program> _factory = null!;
    private HttpClient _http = null!;

    public Task InitializeAsync()
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Development");
            b.UseSetting("Database:Path", Path.Combine(_folder, "chexs.db"));
            b.UseSetting("Zoom:Simulate", "true");
            b.UseSetting("Zoom:WebhookSecretToken", Secret);
            b.ConfigureTestServices(s =>
            {
                s.AddSingleton<TimeProvider>(_clock);
                s.AddSingleton<IZoomEventObserver>(_observer);
            });
        });
        _http = _factory.CreateClient();
        Db.Sessions.Insert(new Session
        {
            Id = "S-7K3Q9",
            HostId = "00000000-0000-0000-0000-00000000a001",
            Start = new DateTimeOffset(2026, 3, 5, 16, 0, 0, TimeSpan.Zero),
            DurationMinutes = 45,
            Status = SessionStatus.Scheduled,
            Meeting = new ZoomMeetingRecord { MeetingId = MeetingId, JoinUrl = "https://zoom.invalid/j/1", Passcode = "Ab3defGhij", Simulated = true },
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _factory.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    private ChexsDatabase Db => ChexsDatabase.Of(_factory.Services);
    private MeetingActivity? Activity => Db.Sessions.FindById("S-7K3Q9").Activity;

    /// <summary>Zoom's signature, computed here independently of the bot's code.</summary>
    private static string Signature(string secret, string timestamp, string body)
    {
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        return "v0=" + Convert.ToHexString(hmac.ComputeHash(Encoding.UTF8.GetBytes($"v0:{timestamp}:{body}"))).ToLowerInvariant();
    }

    private Task<HttpResponseMessage> PostAsync(string body, DateTimeOffset? sentAt = null, string secret = Secret, string? signature = null, bool sign = true)
    {
        var timestamp = (sentAt ?? _clock.GetUtcNow()).ToUnixTimeSeconds().ToString();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/zoom/webhook") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("x-zm-request-timestamp", timestamp);
        if (sign) request.Headers.Add("x-zm-signature", signature ?? Signature(secret, timestamp, body));
        return _http.SendAsync(request);
    }

    [Fact]
    public async Task A_signed_event_is_accepted_and_recorded_against_the_session()
    {
        var response = await PostAsync(ZoomFixtures.Text("webhook-meeting-started"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(DateTimeOffset.Parse("2026-03-05T16:00:05Z"), Activity?.StartedAt);
        var seen = await _observer.NextAsync();
        Assert.Equal(("S-7K3Q9", ZoomEventKind.MeetingStarted), (seen.Session.Id, seen.Kind));
        Assert.Equal(MeetingId, seen.Facts.MeetingId);
    }

    [Fact]
    public async Task A_forged_signature_is_rejected_and_nothing_is_recorded()
    {
        var body = ZoomFixtures.Text("webhook-meeting-started");

        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(body, secret: "someone-elses-secret")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(body, sign: false)).StatusCode);
        var timestamp = _clock.GetUtcNow().ToUnixTimeSeconds().ToString();
        var signedOther = Signature(Secret, timestamp, body.Replace("16:00:05", "16:00:06"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(body, signature: signedOther)).StatusCode);
        Assert.Null(Activity);
    }

    [Fact]
    public async Task A_timestamp_older_than_five_minutes_is_rejected()
    {
        var body = ZoomFixtures.Text("webhook-meeting-started");

        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(body, Now.AddSeconds(-301))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(body, Now.AddSeconds(301))).StatusCode);
        Assert.Null(Activity);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(body, Now.AddSeconds(-299))).StatusCode);
        Assert.NotNull(Activity?.StartedAt);
    }

    [Fact]
    public async Task The_url_validation_challenge_is_answered_with_the_hmac_of_the_plain_token()
    {
        var body = ZoomFixtures.Text("webhook-url-validation");

        var response = await PostAsync(body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("qgg8vlvZRS6UYooatFL8Aw", (string?)answer["plainToken"]);
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(Secret));
        var expected = Convert.ToHexString(hmac.ComputeHash(Encoding.UTF8.GetBytes("qgg8vlvZRS6UYooatFL8Aw"))).ToLowerInvariant();
        Assert.Equal(expected, (string?)answer["encryptedToken"]);
    }

    [Fact]
    public async Task An_unsigned_url_validation_challenge_is_rejected()
    {
        // Otherwise anyone could have the bot compute HMAC(secret, "v0:ts:forged body").
        var response = await PostAsync(ZoomFixtures.Text("webhook-url-validation"), sign: false);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task The_same_delivery_twice_is_processed_once()
    {
        var joined = ZoomFixtures.Text("webhook-participant-joined");

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(joined)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(joined)).StatusCode); // Zoom's redelivery
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(ZoomFixtures.Text("webhook-participant-left"))).StatusCode);

        // Observers run in arrival order: had the redelivery been processed, it would come second.
        Assert.Equal(ZoomEventKind.ParticipantJoined, (await _observer.NextAsync()).Kind);
        Assert.Equal(ZoomEventKind.ParticipantLeft, (await _observer.NextAsync()).Kind);
        Assert.Equal(1, Activity!.ParticipantsJoined);
        Assert.Equal(1, Activity.ParticipantsLeft);
    }

    [Fact]
    public async Task A_meeting_is_followed_from_start_to_recording_without_keeping_names()
    {
        var hostJoined = ZoomFixtures.Load("webhook-participant-joined");
        hostJoined["event_ts"] = 1772726410000;
        var host = hostJoined["payload"]!["object"]!["participant"]!;
        host["id"] = "30R7kT7bTIKSNUFEuH_Qlg"; // = host_id
        host["user_name"] = "Alex Host";
        host["participant_uuid"] = "HOSTAAAiAAAAAiAiAiiAii";
        host["join_time"] = "2026-03-05T16:00:06Z";

        foreach (var body in new[]
        {
            ZoomFixtures.Text("webhook-meeting-started"), hostJoined.ToJsonString(), ZoomFixtures.Text("webhook-recording-started"),
            ZoomFixtures.Text("webhook-participant-joined"),
        })
        {
            Assert.Equal(HttpStatusCode.OK, (await PostAsync(body)).StatusCode);
        }
        Assert.True(Activity!.HostPresent);
        Assert.Equal(1, Activity.ParticipantsJoined); // the host is not counted as a participant
        Assert.Equal(1, Activity.CurrentParticipants);

        foreach (var name in new[] { "webhook-participant-left", "webhook-recording-stopped", "webhook-meeting-ended", "webhook-recording-completed" })
        {
            Assert.Equal(HttpStatusCode.OK, (await PostAsync(ZoomFixtures.Text(name))).StatusCode);
        }

        var a = Activity!;
        Assert.Equal(0, a.CurrentParticipants);
        Assert.False(a.HostPresent);
        Assert.Equal(DateTimeOffset.Parse("2026-03-05T16:00:05Z"), a.StartedAt);
        Assert.Equal(DateTimeOffset.Parse("2026-03-05T16:45:10Z"), a.EndedAt);
        Assert.Equal(DateTimeOffset.Parse("2026-03-05T16:00:10Z"), a.RecordingStartedAt);
        Assert.Equal(DateTimeOffset.Parse("2026-03-05T16:45:00Z"), a.RecordingStoppedAt);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1772729700444), a.RecordingCompletedAt);

        var stored = Db.Raw.GetCollection("sessions").FindById("S-7K3Q9").ToString();
        Assert.DoesNotContain("Jill Chill", stored);
        Assert.DoesNotContain("Alex Host", stored);
        Assert.DoesNotContain("55555AAAiAAAAAiAiAiiAii", stored);
        Assert.DoesNotContain("download", stored);
        Assert.DoesNotContain("rec/share", stored);
    }

    [Fact]
    public async Task Events_for_meetings_no_session_holds_are_accepted_and_ignored()
    {
        var other = ZoomFixtures.Load("webhook-meeting-started");
        other["payload"]!["object"]!["id"] = "99999999999";
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(other.ToJsonString())).StatusCode);

        var unknown = """{"event":"meeting.sharing_started","event_ts":1772726405123,"payload":{"object":{"id":"85746065432"}}}""";
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(unknown)).StatusCode);
        Assert.Null(Activity);
    }

    [Fact]
    public async Task A_signed_but_malformed_body_is_a_bad_request()
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync("{not json")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync("""{"event":"meeting.started","payload":{}}""")).StatusCode);
    }

    private sealed class RecordingObserver : IZoomEventObserver
    {
        private readonly Channel<(Session Session, ZoomEventKind Kind, ZoomEventFacts Facts)> _seen = Channel.CreateUnbounded<(Session, ZoomEventKind, ZoomEventFacts)>();

        public Task OnEventAsync(Session session, ZoomEventKind kind, ZoomEventFacts facts, CancellationToken cancellationToken)
        {
            _seen.Writer.TryWrite((session, kind, facts));
            return Task.CompletedTask;
        }

        public async Task<(Session Session, ZoomEventKind Kind, ZoomEventFacts Facts)> NextAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            return await _seen.Reader.ReadAsync(timeout.Token);
        }
    }
}

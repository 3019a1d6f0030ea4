using System.Diagnostics;
using Azure.Core;
using Chexs.Bot.Records;
using Chexs.Bot.Storage;
using Chexs.Bot.Telemetry;
using Chexs.Bot.Tests.Conversations;
using Chexs.Bot.Tests.Foundation;
using Chexs.Bot.Tests.Graph;
using Chexs.Bot.Tests.Safeguarding;
using Chexs.Bot.Tests.Support;
using Chexs.Bot.Tests.Zoom;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Newtonsoft.Json.Linq;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Xunit.Abstractions;

namespace Chexs.Bot.Tests.Telemetry;

/// <summary>
/// A whole booking through the real host with telemetry on (OTLP configured, plus an in-memory exporter
/// the test reads): the turns, the Zoom and Graph calls and the outbox sends are traced, the booking is
/// counted, and no pupil's or guardian's data, join link or passcode appears in any span, tag, metric or log.
/// </summary>
public sealed class TelemetryTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _clock = new(PolicyScenario.Local(2026, 11, 25, 10));
    private readonly List<Activity> _spans = new();
    private readonly List<Metric> _metrics = new();
    private readonly Foundation.CapturingLoggerProvider _logs = new();
    private FakeBotConnector _connector = null!;
    private FakeGraphServer _graph = null!;
    private FakeZoomServer _zoom = null!;
    private BotAppFactory _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _connector = await FakeBotConnector.StartAsync();
        _graph = await FakeGraphServer.StartAsync();
        _graph.GroupsOf[Ids.Alex] = [Ids.StaffGroup];
        _zoom = await FakeZoomServer.StartAsync(_clock);
        _app = new BotAppFactory(_folder.File("bot.db"), new Dictionary<string, string?>
        {
            ["Telemetry:Exporter"] = "Otlp",
            ["Telemetry:OtlpEndpoint"] = "http://127.0.0.1:9",   // nothing listens: the in-memory exporter is what the test reads
            ["Zoom:AccountId"] = FakeZoomServer.AccountId,
            ["Zoom:ClientId"] = FakeZoomServer.ClientId,
            ["Zoom:ClientSecret"] = FakeZoomServer.ClientSecret,
            ["Zoom:WebhookSecretToken"] = "webhook-secret",
            ["Zoom:ApiBaseUrl"] = _zoom.ApiBaseUrl,
            ["Zoom:OAuthUrl"] = _zoom.OAuthUrl,
            ["Graph:Offline"] = "false",
            ["Graph:TenantId"] = "00000000-0000-0000-0000-0000000000aa",
            ["Graph:ClientId"] = "client",
            ["Graph:ClientSecret"] = "not-used-by-tests",
            ["Graph:StaffGroupId"] = Ids.StaffGroup,
            ["Graph:ManagersGroupId"] = Ids.ManagersGroup,
            ["Graph:SharedMailbox"] = Ids.Mailbox,
            ["Graph:BaseUrl"] = _graph.BaseUrl,
            ["Graph:OutboxPollSeconds"] = "1",
        }, services =>
        {
            services.AddSingleton<TimeProvider>(_clock);
            services.AddSingleton<TokenCredential>(new StaticTokenCredential(FakeGraphServer.Token));
            services.AddLogging(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace));
            services.ConfigureOpenTelemetryTracerProvider(b => b.AddInMemoryExporter(_spans));
            services.ConfigureOpenTelemetryMeterProvider(b => b.AddInMemoryExporter(_metrics));
        });
        _client = _app.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        await _zoom.DisposeAsync();
        await _graph.DisposeAsync();
        await _connector.DisposeAsync();
        _folder.Dispose();
    }

    private JObject FromTeams(JObject activity)
    {
        activity["serviceUrl"] = _connector.ServiceUrl;
        return activity;
    }

    [Fact]
    public async Task A_booking_is_traced_and_counted_without_any_personal_data()
    {
        var typed = "book session growth with Sam Patel tomorrow 4pm for 45 min";
        var replies = await MessagesEndpoint.RepliesAsync(_client, FromTeams(TeamsActivities.Message(typed)));
        var summary = (JObject)replies.Last(r => r["attachments"] is JArray { Count: > 0 })["attachments"]![0]!["content"]!;
        var confirm = CardJson.Action(summary, "Confirm");
        var invoke = FromTeams(TeamsActivities.Message("", expectReplies: false));
        invoke["type"] = "invoke";
        invoke["name"] = "adaptiveCard/action";
        invoke.Remove("text");
        invoke["replyToId"] = "summary-card-activity";
        invoke["value"] = new JObject { ["action"] = new JObject { ["type"] = "Action.Execute", ["verb"] = confirm["verb"], ["data"] = confirm["data"] }, ["trigger"] = "manual" };
        using (await MessagesEndpoint.PostAsync(_client, invoke)) { }

        var db = ChexsDatabase.Of(_app.Services);
        var session = Assert.Single(db.Sessions.FindAll());
        Assert.Equal(SessionStatus.Scheduled, session.Status);
        // The outbox workers deliver in the background: wait for the guardians' emails and the host's calendar event.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((_graph.SentItems.Count == 0 || _graph.Events.Count == 0) && DateTime.UtcNow < deadline) await Task.Delay(100);
        Assert.NotEmpty(_graph.SentItems);
        Assert.NotEmpty(_graph.Events);
        _app.Services.GetRequiredService<TracerProvider>().ForceFlush();
        _app.Services.GetRequiredService<MeterProvider>().ForceFlush();

        List<Activity> spans;
        lock (_spans) spans = _spans.ToList();
        foreach (var s in spans.Select(s => s.DisplayName).Distinct().Order()) output.WriteLine(s);

        // Spans for each turn, each Zoom and Graph call, and each outbox send.
        Assert.Contains(spans, s => s.DisplayName == "bot.turn message" && (string?)s.GetTagItem("chexs.command") == "book session");
        Assert.Contains(spans, s => s.DisplayName == "bot.turn invoke" && (string?)s.GetTagItem("chexs.card.verb") == "booking.confirm");
        Assert.Contains(spans, s => s.DisplayName == "zoom POST /v2/users/{id}/meetings" && s.Kind == ActivityKind.Client);
        Assert.Contains(spans, s => s.DisplayName == "zoom POST /oauth/token");
        Assert.Contains(spans, s => s.DisplayName == "graph POST /v1.0/users/{id}/checkMemberGroups");
        Assert.Contains(spans, s => s.DisplayName == "graph POST /v1.0/users/{id}/sendMail");
        Assert.Contains(spans, s => s.DisplayName == "graph POST /v1.0/users/{id}/events");
        Assert.Contains(spans, s => s.DisplayName == "outbox.send guardian_email" && (string?)s.GetTagItem("chexs.outcome") == "ok");
        Assert.Contains(spans, s => s.DisplayName == "outbox.send host_calendar" && (string?)s.GetTagItem("chexs.outbox.operation") == "create");

        // Metrics: the booking, and the outbox gauges.
        List<Metric> metrics;
        lock (_metrics) metrics = _metrics.ToList();
        Assert.Contains(Points(metrics, "chexs.bookings"), p => Tag(p, "chexs.outcome") == "booked" && Tag(p, "chexs.session.kind") == "one_to_one" && p.GetSumLong() >= 1);
        Assert.Contains(Points(metrics, "chexs.outbox.backlog"), p => Tag(p, "chexs.outbox") == "guardian_email");
        Assert.Contains(Points(metrics, "chexs.outbox.oldest_pending_age"), p => Tag(p, "chexs.outbox") == "host_calendar");

        // Nothing that identifies a pupil or guardian, and no join details, anywhere.
        var pupil = db.Pupils.FindById(session.PupilIds[0])!;
        var guardians = db.Guardians.FindAll().Where(g => pupil.GuardianIds.Contains(g.Id)).ToList();
        Assert.NotEmpty(guardians);
        var forbidden = new List<string> { typed, pupil.FirstName + " " + pupil.LastName, pupil.LastName, session.Meeting!.JoinUrl, session.Meeting.Passcode }
            .Concat(guardians.SelectMany(g => new[] { g.Email, g.Name }))
            .Where(f => !string.IsNullOrEmpty(f)).ToList();
        var exported = spans.SelectMany(SpanText).Concat(metrics.SelectMany(MetricText)).ToList();
        var logs = _logs.Messages.ToList();
        foreach (var secret in forbidden)
        {
            Assert.DoesNotContain(exported, t => t.Contains(secret, StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(logs, l => l.Contains(secret, StringComparison.OrdinalIgnoreCase));
        }
        // And the join link's token on its own (a URL can be logged in pieces).
        var pwd = new Uri(session.Meeting.JoinUrl).Query.TrimStart('?');
        Assert.DoesNotContain(exported, t => t.Contains(pwd, StringComparison.Ordinal));
    }

    private static IEnumerable<string> SpanText(Activity s) =>
        new[] { s.DisplayName, s.OperationName, s.StatusDescription ?? "" }
            .Concat(s.TagObjects.Select(t => $"{t.Key}={t.Value}"))
            .Concat(s.Events.SelectMany(e => new[] { e.Name }.Concat(e.Tags.Select(t => $"{t.Key}={t.Value}"))))
            .Concat(s.Baggage.Select(b => $"{b.Key}={b.Value}"));

    private static IEnumerable<string> MetricText(Metric m)
    {
        yield return m.Name;
        foreach (var p in Points([m], m.Name))
            foreach (var t in p.Tags)
                yield return $"{t.Key}={t.Value}";
    }

    private static List<MetricPoint> Points(IEnumerable<Metric> metrics, string name)
    {
        var points = new List<MetricPoint>();
        foreach (var metric in metrics.Where(m => m.Name == name))
            foreach (ref readonly var p in metric.GetMetricPoints())
                points.Add(p);
        return points;
    }

    private static string? Tag(MetricPoint p, string key)
    {
        foreach (var t in p.Tags)
            if (t.Key == key) return t.Value?.ToString();
        return null;
    }
}

using System.Text.Json.Nodes;
using Chexs.Bot.Graph;
using Chexs.Bot.HostCalendar;
using Chexs.Bot.Notices;
using Chexs.Bot.Records;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chexs.Bot.Tests.Graph;

public sealed class HostCalendarTests : IAsyncLifetime
{
    private readonly GraphTestKit _kit = new();
    private FakeGraphServer _graph = null!;

    public async Task InitializeAsync() => _graph = await FakeGraphServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _graph.DisposeAsync();
        _kit.Dispose();
    }

    private (HostCalendarUpdates Updates, HostCalendarWorker Worker) Calendar(IHostCalendar? calendar = null)
    {
        var updates = new HostCalendarUpdates(_kit.Db.HostCalendarChangeRepository, _kit.Db.Transactions, _kit.Clock);
        var worker = new HostCalendarWorker(_kit.Db.HostCalendarChangeRepository, _kit.Db.HostCalendarEventRepository, _kit.Db.SessionRepository, _kit.Db.PupilRepository, _kit.Db.Transactions, _kit.Db.AuditTrail, calendar ?? new GraphHostCalendar(_kit.ClientFor(_graph), _kit.Clock), _kit.Db.WorkClaims(_kit.Clock), updates,
            new StaffNotices(_kit.Db.NoticeOutbox, _kit.Clock), _kit.GraphOptions, _kit.Clock, NullLogger<HostCalendarWorker>.Instance);
        return (updates, worker);
    }

    [Fact]
    public async Task A_session_gets_one_private_event_in_the_hosts_calendar_that_moves_and_then_goes()
    {
        var (pupil, _, _) = _kit.SeedFamily();
        var session = _kit.SeedSession(pupil.Id);
        var (updates, worker) = Calendar();

        await updates.EnqueueAsync(session);
        await worker.RunOnceAsync();

        var create = _graph.Seen("POST", $"/users/{Ids.Alex}/events").Single();
        Assert.Equal("Bearer " + FakeGraphServer.Token, create.Authorization);
        var body = create.Body!.AsObject();
        Assert.Equal("CHEXS S-7K3Q9: Growth Programme with S.P.", (string?)body["subject"]);
        Assert.Equal("2026-12-03T16:00:00", (string?)body["start"]!["dateTime"]);
        Assert.Equal("UTC", (string?)body["start"]!["timeZone"]);
        Assert.Equal("2026-12-03T16:45:00", (string?)body["end"]!["dateTime"]);
        Assert.Equal("private", (string?)body["sensitivity"]);
        Assert.False(string.IsNullOrEmpty((string?)body["transactionId"]));
        Assert.Null(body["attendees"]);
        var content = (string)body["body"]!["content"]!;
        Assert.Contains("private reminder", content);
        Assert.Contains("P9", content);
        Assert.DoesNotContain("zoom.us/j", create.Body.ToJsonString());
        Assert.DoesNotContain(GraphTestKit.Passcode, create.Body.ToJsonString());
        Assert.DoesNotContain("Patel", create.Body.ToJsonString());
        var eventId = _graph.Events.Keys.Single();
        Assert.Equal(eventId, _kit.Db.HostCalendarEvents.FindById(session.Id).EventId);

        // Rescheduled: the same event moves.
        session.Start = session.Start.AddDays(7);
        _kit.Db.Sessions.Update(session);
        await updates.EnqueueAsync(session);
        await worker.RunOnceAsync();
        var patch = _graph.Seen("PATCH", $"/users/{Ids.Alex}/events/").Single();
        Assert.EndsWith(eventId, patch.Path);
        Assert.Equal("2026-12-10T16:00:00", (string?)_graph.Events[eventId].Event["start"]!["dateTime"]);
        Assert.Single(_graph.Events);

        // Cancelled: the event is removed.
        session.Cancel("cancelled for the test");
        _kit.Db.Sessions.Update(session);
        await updates.EnqueueAsync(session);
        await worker.RunOnceAsync();
        Assert.Single(_graph.Seen("DELETE", $"/users/{Ids.Alex}/events/"));
        Assert.Empty(_graph.Events);
        Assert.Null(_kit.Db.HostCalendarEvents.FindById(session.Id));
        Assert.All(_kit.Db.HostCalendarChanges.FindAll(), c => Assert.Equal(CalendarChangeStatus.Done, c.Status));
    }

    [Fact]
    public async Task A_create_repeated_after_a_crash_reuses_the_transaction_id_and_makes_no_second_event()
    {
        var (pupil, _, _) = _kit.SeedFamily();
        var session = _kit.SeedSession(pupil.Id);
        using var process = new CancellationTokenSource();
        var (updates, dying) = Calendar(new DiesAfterCreate(new GraphHostCalendar(_kit.ClientFor(_graph), _kit.Clock), process));
        await updates.EnqueueAsync(session);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => dying.RunOnceAsync(process.Token));
        Assert.Single(_graph.Events);
        Assert.Null(_kit.Db.HostCalendarEvents.FindById(session.Id).EventId);

        _kit.Restart();
        var (_, restarted) = Calendar();
        await restarted.RunOnceAsync();

        var creates = _graph.Seen("POST", "/events");
        Assert.Equal(2, creates.Count);
        Assert.Equal((string?)creates[0].Body!["transactionId"], (string?)creates[1].Body!["transactionId"]);
        Assert.Single(_graph.Events);
        Assert.Equal(_graph.Events.Keys.Single(), _kit.Db.HostCalendarEvents.FindById(session.Id).EventId);
    }

    [Fact]
    public async Task Throttling_is_retried_after_Retry_After_and_a_permanent_failure_tells_the_host()
    {
        var (pupil, _, _) = _kit.SeedFamily();
        var session = _kit.SeedSession(pupil.Id);
        var (updates, worker) = Calendar();
        await updates.EnqueueAsync(session);
        _graph.EventReplies.Enqueue(FakeGraphServer.Throttled(30));
        _graph.EventReplies.Enqueue(new Scripted(403, null, "ErrorAccessDenied", "Access is denied. Check credentials and try again."));

        await worker.RunOnceAsync();
        Assert.Equal(_kit.Clock.GetUtcNow().AddSeconds(30), _kit.Db.HostCalendarChanges.FindById(session.Id).NextAttemptAt);
        _kit.Clock.Advance(TimeSpan.FromSeconds(29));
        await worker.RunOnceAsync();
        Assert.Single(_graph.Seen("POST", "/events"));

        _kit.Clock.Advance(TimeSpan.FromSeconds(1));
        await worker.RunOnceAsync();
        Assert.Equal(2, _graph.Seen("POST", "/events").Count);
        Assert.Equal(CalendarChangeStatus.Failed, _kit.Db.HostCalendarChanges.FindById(session.Id).Status);
        var notice = _kit.Db.Notices.FindAll().Single();
        Assert.Equal(Ids.Alex, notice.Recipient);
        Assert.Contains("Outlook calendar", notice.Text);
        Assert.Contains("S-7K3Q9", notice.Text);
    }

    [Fact]
    public async Task A_change_of_host_moves_the_event_to_the_new_hosts_calendar()
    {
        var (pupil, _, _) = _kit.SeedFamily();
        var session = _kit.SeedSession(pupil.Id);
        var (updates, worker) = Calendar();
        await updates.EnqueueAsync(session);
        await worker.RunOnceAsync();

        session.HostId = Ids.Jordan;
        _kit.Db.Sessions.Update(session);
        await updates.EnqueueAsync(session);
        await worker.RunOnceAsync();

        Assert.Single(_graph.Seen("DELETE", $"/users/{Ids.Alex}/events/"));
        Assert.Single(_graph.Seen("POST", $"/users/{Ids.Jordan}/events"));
        Assert.Equal(Ids.Jordan, _graph.Events.Values.Single().Owner);
    }

    private sealed class DiesAfterCreate(IHostCalendar inner, CancellationTokenSource process) : IHostCalendar
    {
        public async Task<string> CreateEventAsync(string hostId, HostCalendarEntry entry, string transactionId, CancellationToken cancellationToken)
        {
            await inner.CreateEventAsync(hostId, entry, transactionId, cancellationToken);
            process.Cancel();
            cancellationToken.ThrowIfCancellationRequested();
            throw new InvalidOperationException("unreachable");
        }

        public Task<bool> UpdateEventAsync(string hostId, string eventId, HostCalendarEntry entry, CancellationToken cancellationToken) => inner.UpdateEventAsync(hostId, eventId, entry, cancellationToken);
        public Task DeleteEventAsync(string hostId, string eventId, CancellationToken cancellationToken) => inner.DeleteEventAsync(hostId, eventId, cancellationToken);
    }
}

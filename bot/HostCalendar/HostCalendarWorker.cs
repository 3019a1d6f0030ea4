using Chexs.Bot.Graph;
using Chexs.Bot.Notices;
using Chexs.Bot.Outbox;
using Chexs.Bot.Records;
using Chexs.Bot.Storage;
using Microsoft.Extensions.Options;

namespace Chexs.Bot.HostCalendar;

/// <summary>
/// Keeps each host's Outlook calendar in line with their sessions: a Scheduled session has one event
/// (created, then moved with the session), anything else has none (removed on cancellation), and a change
/// of host moves the event to the new host's calendar. Each step is safe to repeat: creates carry a stored
/// transactionId, updates and deletes are idempotent. Retries like the guardian outbox (Retry-After, backoff);
/// each change is claimed (<see cref="WorkClaims"/>) and read again first, so one instance of several does it;
/// a permanent failure tells the host that their calendar is out of date (the session itself is unaffected).
/// </summary>
public sealed class HostCalendarWorker : PollingWorker
{
    private readonly IHostCalendarChanges _changes;
    private readonly IHostCalendarEvents _events;
    private readonly ISessionRepository _sessions;
    private readonly IPupilRepository _pupils;
    private readonly IStoreTransactions _transactions;
    private readonly IAuditTrail _audit;
    private readonly IHostCalendar _calendar;
    private readonly WorkClaims _claims;
    private readonly HostCalendarUpdates _updates;
    private readonly StaffNotices _notices;
    private readonly GraphOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<HostCalendarWorker> _log;

    public HostCalendarWorker(IHostCalendarChanges changes, IHostCalendarEvents events, ISessionRepository sessions, IPupilRepository pupils,
        IStoreTransactions transactions, IAuditTrail audit, IHostCalendar calendar, WorkClaims claims, HostCalendarUpdates updates, StaffNotices notices,
        IOptions<GraphOptions> options, TimeProvider clock, ILogger<HostCalendarWorker> log)
        : base(clock, log)
    {
        _changes = changes;
        _events = events;
        _sessions = sessions;
        _pupils = pupils;
        _transactions = transactions;
        _audit = audit;
        _calendar = calendar;
        _claims = claims;
        _updates = updates;
        _notices = notices;
        _options = options.Value;
        _clock = clock;
        _log = log;
    }

    protected override TimeSpan PollInterval => TimeSpan.FromSeconds(Math.Max(1, _options.OutboxPollSeconds));
    protected override OutboxWakeup? Wakeup => _updates.Wakeup;
    protected override string Name => "Host calendar";

    public override async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var now = _clock.GetUtcNow();
        var due = (await _changes.PendingAsync(cancellationToken))
            .Where(c => c.NextAttemptAt <= now)
            .OrderBy(c => c.CreatedAt)
            .ToList();
        foreach (var change in due)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await _claims.DoOnceAsync($"host-calendar:{change.Id}",
                async () => await _changes.FindAsync(change.Id, cancellationToken),
                fresh => fresh.Status == CalendarChangeStatus.Pending && fresh.NextAttemptAt <= now,
                async fresh => { await ProcessAsync(fresh, cancellationToken); return true; },
                cancellationToken);
        }
        return due.Count;
    }

    private async Task ProcessAsync(HostCalendarChange change, CancellationToken ct)
    {
        var version = change.Version;
        change.Attempts++;
        await _changes.UpdateAsync(change, ct);
        var session = await _sessions.FindAsync(change.Id, ct);
        try
        {
            await BringInLineAsync(change.Id, session, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            var failure = e as DeliveryException ?? DeliveryException.Unexpected(e);
            change.LastError = failure.Message;
            if (failure.Kind == DeliveryFailure.Permanent || change.Attempts >= Math.Max(1, _options.OutboxMaxAttempts))
            {
                await FailAsync(change, session, failure.Message);
                return;
            }
            var delay = OutboxTiming.NextDelay(change.Attempts, failure.RetryAfter);
            change.NextAttemptAt = _clock.GetUtcNow() + delay;
            await _changes.UpdateAsync(change, ct);
            _log.LogWarning("Host calendar for session {SessionId}: attempt {Attempt} failed ({Kind} {Status}); next try in {Delay}.",
                change.Id, change.Attempts, failure.Kind, failure.StatusCode, delay);
            return;
        }

        await _transactions.RunAsync(async () =>
        {
            // A newer change queued while we worked keeps the row pending for another pass.
            var current = await _changes.FindAsync(change.Id);
            if (current is null || current.Version != version) return;
            current.Status = CalendarChangeStatus.Done;
            current.LastError = null;
            await _changes.UpdateAsync(current);
        });
    }

    private async Task BringInLineAsync(string sessionId, Session? session, CancellationToken ct)
    {
        var record = await _events.FindAsync(sessionId, ct);
        var wanted = session is { Status: SessionStatus.Scheduled };

        // An event in the wrong calendar (host changed) or for a session that is off: remove it.
        if (record is not null && (!wanted || record.HostId != session!.HostId))
        {
            var eventId = record.EventId;
            if (eventId is null && !string.IsNullOrEmpty(record.TransactionId))
            {
                // We may have crashed between Graph creating the event and our storing its id. Repeating the
                // create with the same transactionId returns that event (or makes one), so we can remove it.
                eventId = await _calendar.CreateEventAsync(record.HostId, PlaceholderFor(session, sessionId), record.TransactionId, ct);
            }
            if (eventId is not null) await _calendar.DeleteEventAsync(record.HostId, eventId, ct);
            await _events.DeleteAsync(sessionId, ct);
            _log.LogInformation("Host calendar: removed the event for session {SessionId}.", sessionId);
            record = null;
        }
        if (!wanted) return;

        var pupils = new List<Pupil>();
        foreach (var id in session!.PupilIds)
        {
            if (await _pupils.FindAsync(id, ct) is { } p) pupils.Add(p);
        }
        var entry = HostCalendarComposer.Compose(session, pupils);

        if (record?.EventId is { } existing)
        {
            if (await _calendar.UpdateEventAsync(record.HostId, existing, entry, ct))
            {
                record.UpdatedAt = _clock.GetUtcNow();
                await _events.UpdateAsync(record, ct);
                return;
            }
            // The host deleted it in Outlook; make a fresh one.
            record = null;
        }

        if (record is null)
        {
            record = new HostCalendarEvent { Id = sessionId, HostId = session.HostId, TransactionId = Guid.NewGuid().ToString("N"), UpdatedAt = _clock.GetUtcNow() };
            await _events.UpsertAsync(record, ct); // stored before the create, see TransactionId
        }
        record.EventId = await _calendar.CreateEventAsync(record.HostId, entry, record.TransactionId, ct);
        record.UpdatedAt = _clock.GetUtcNow();
        await _events.UpsertAsync(record, ct);
        _log.LogInformation("Host calendar: event for session {SessionId} is in place.", sessionId);
    }

    private static HostCalendarEntry PlaceholderFor(Session? session, string sessionId) =>
        session is not null
            ? HostCalendarComposer.Compose(session, [])
            : new HostCalendarEntry($"CHEXS {sessionId}", "<html><body></body></html>", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddMinutes(1), "");

    private async Task FailAsync(HostCalendarChange change, Session? session, string reason)
    {
        var now = _clock.GetUtcNow();
        await _transactions.RunAsync(async () =>
        {
            change.Status = CalendarChangeStatus.Failed;
            change.LastError = reason;
            await _changes.UpdateAsync(change);
            if (session is not null)
            {
                await _notices.EnqueueAsync(session.HostId,
                    $"Your Outlook calendar may be out of date for session {session.Id}: CHEXS could not update it ({reason}). " +
                    "The session itself is booked as shown by the bot; please check your calendar by hand.",
                    [session.Id]);
            }
            await _audit.AppendAsync(now, "system", "host-calendar.failed", [change.Id], reason);
        });
        _log.LogWarning("Host calendar for session {SessionId} failed permanently; host told.", change.Id);
    }
}

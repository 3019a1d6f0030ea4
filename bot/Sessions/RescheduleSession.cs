using Chexs.Bot.Invitations;
using Chexs.Bot.Records;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Storage;
using Chexs.Bot.Zoom;

namespace Chexs.Bot.Sessions;

/// <summary>
/// Use case: move a live session. Judged again at the new time; the Zoom meeting moved first; then one
/// transaction that checks nothing changed meanwhile, judges again, and stores the move with the
/// guardians' e-mails, the calendar change and the reminders. Anything that fails moves Zoom back.
/// </summary>
public sealed class RescheduleSession
{
    private readonly ISessionRepository _sessions;
    private readonly IStoreTransactions _transactions;
    private readonly IAuditTrail _audit;
    private readonly SafeguardingRecords _records;
    private readonly SafeguardingOptions _policy;
    private readonly IZoomMeetings _zoom;
    private readonly SessionOutboxes _outboxes;
    private readonly SessionLocks _locks;
    private readonly TimeProvider _clock;
    private readonly ILogger<RescheduleSession> _log;

    public RescheduleSession(ISessionRepository sessions, IStoreTransactions transactions, IAuditTrail audit, SafeguardingRecords records,
        SafeguardingOptions policy, IZoomMeetings zoom, SessionOutboxes outboxes, SessionLocks locks, TimeProvider clock, ILogger<RescheduleSession> log)
    {
        _sessions = sessions;
        _transactions = transactions;
        _audit = audit;
        _records = records;
        _policy = policy;
        _zoom = zoom;
        _outboxes = outboxes;
        _locks = locks;
        _clock = clock;
        _log = log;
    }

    public async Task<RescheduleOutcome> RescheduleAsync(string sessionId, DateTimeOffset newStart, int? newDuration, string actor, CancellationToken ct)
    {
        await using var _ = await _locks.AcquireAsync(sessionId, ct);
        var session = await _sessions.FindAsync(sessionId, ct);
        if (session is null || !session.IsLive)
        {
            return new RescheduleOutcome.Refused(session is null ? $"I can't find session {sessionId}." : $"Session {sessionId} is {session.Status.ToString().ToLowerInvariant()}, so it can't be moved.");
        }
        var previous = session.Copy();
        var moved = session.Copy();
        moved.MoveTo(newStart, newDuration ?? session.DurationMinutes);
        var now = _clock.GetUtcNow();
        var verdict = await JudgeAsync(moved, now, actor, ct);
        if (verdict.Outcome == PolicyOutcome.Blocked)
        {
            return new RescheduleOutcome.Blocked(verdict);
        }
        if (session.Meeting is { } meeting)
        {
            try
            {
                await _zoom.RescheduleAsync(meeting.MeetingId, moved.Start, _policy.TimeZone, moved.DurationMinutes, ct);
            }
            catch (ZoomException e)
            {
                return new RescheduleOutcome.Refused(e.Message);
            }
        }
        moved.Verdict = verdict.ToRecord();
        moved.AdultPresenceRequired = verdict.AdultPresenceRequired;
        // While Zoom was moving the meeting the session may have been cancelled (a consent withdrawal does not
        // wait for this lock) or its new slot taken by another booking: checked again as the move is written.
        RescheduleOutcome? stopped;
        try
        {
            stopped = await _transactions.RunAsync(() => StoreAsync(previous, moved, now, actor, ct), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _log.LogError(e, "Storing the reschedule of {SessionId} failed; moving the Zoom meeting back", sessionId);
            await MoveBackAsync(previous);
            return new RescheduleOutcome.Refused("Something went wrong saving the new time, so the session has not been moved. Please try again.");
        }
        if (stopped is not null)
        {
            await MoveBackAsync(previous);
            return stopped;
        }
        _outboxes.WakeWorkers();
        return new RescheduleOutcome.Moved(moved, previous);
    }

    /// <summary>Stores the move; returns why not when the session changed meanwhile or the new time is now blocked.</summary>
    private async Task<RescheduleOutcome?> StoreAsync(Session previous, Session moved, DateTimeOffset now, string actor, CancellationToken ct)
    {
        var current = await _sessions.FindAsync(moved.Id, ct);
        if (current is null || current.Status != previous.Status || current.Start != previous.Start || current.DurationMinutes != previous.DurationMinutes)
        {
            return new RescheduleOutcome.Refused(
                $"Session {moved.Id} changed while it was being moved ({(current is null ? "it was removed" : $"it is now {current.Status.ToString().ToLowerInvariant()}")}), so it has not been moved.");
        }
        var recheck = await JudgeAsync(moved, now, actor, ct);
        if (recheck.Outcome == PolicyOutcome.Blocked)
        {
            return new RescheduleOutcome.Blocked(recheck);
        }
        await _sessions.UpdateAsync(moved, ct);
        if (moved.Status == SessionStatus.Scheduled)
        {
            await _outboxes.ScheduledAsync(moved, InvitationKind.Rescheduled, previous, ct);
        }
        await _audit.AppendAsync(now, actor, "session.rescheduled", new[] { moved.Id }.Concat(moved.PupilIds),
            $"Moved from {LocalTimes.Describe(previous.Start, previous.DurationMinutes, _policy.Zone)} to {LocalTimes.Describe(moved.Start, moved.DurationMinutes, _policy.Zone)}", ct);
        return null;
    }

    private Task<PolicyVerdict> JudgeAsync(Session moved, DateTimeOffset now, string actor, CancellationToken ct) =>
        _records.JudgeAsync(SessionProposal.FromSession(moved) with { RequestedAt = now, RequestedBy = actor }, ct);

    private async Task MoveBackAsync(Session previous)
    {
        if (previous.Meeting is not { } m) return;
        try
        {
            await _zoom.RescheduleAsync(m.MeetingId, previous.Start, _policy.TimeZone, previous.DurationMinutes, CancellationToken.None);
        }
        catch (ZoomException back)
        {
            _log.LogError(back, "Could not move Zoom meeting for {SessionId} back", previous.Id);
        }
    }
}

public abstract record RescheduleOutcome
{
    public sealed record Moved(Session Session, Session Previous) : RescheduleOutcome;
    public sealed record Blocked(PolicyVerdict Verdict) : RescheduleOutcome;
    public sealed record Refused(string Reason) : RescheduleOutcome;
}

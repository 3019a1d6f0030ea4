using Chexs.Bot.HostCalendar;
using Chexs.Bot.Invitations;
using Chexs.Bot.Records;
using Chexs.Bot.Reminders;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Storage;
using Chexs.Bot.Zoom;

namespace Chexs.Bot.Sessions;

/// <summary>What scheduling did: the booked session and its invitations, or why nothing was booked.</summary>
/// <param name="Blocked">Set when the policy, judged again as the booking was stored, now refuses it.</param>
public sealed record Scheduled(Session? Session, InvitationBatch? Invitations, string? Error, PolicyVerdict? Blocked = null);

/// <summary>
/// Turns a judged session into a scheduled one, for a new booking and for an approval alike: the Zoom
/// meeting first (outside any transaction), then one transaction that checks the world has not moved on,
/// judges again, and stores the session with everything it owes — guardian invitations, the host's
/// calendar event, reminders, the audit entry. If that write fails or is overtaken, the new meeting is
/// deleted again (and the Zoom create intent lets the reconciler finish the job after a crash).
/// </summary>
public sealed class SessionScheduler
{
    private readonly ISessionRepository _sessions;
    private readonly IStaffRepository _staff;
    private readonly IStoreTransactions _transactions;
    private readonly IAuditTrail _audit;
    private readonly SafeguardingRecords _records;
    private readonly SafeguardingOptions _policy;
    private readonly IZoomMeetings _zoom;
    private readonly ZoomMeetingIntents _intents;
    private readonly SessionOutboxes _outboxes;
    private readonly TimeProvider _clock;
    private readonly ILogger<SessionScheduler> _log;

    public SessionScheduler(ISessionRepository sessions, IStaffRepository staff, IStoreTransactions transactions, IAuditTrail audit,
        SafeguardingRecords records, SafeguardingOptions policy, IZoomMeetings zoom, ZoomMeetingIntents intents, SessionOutboxes outboxes,
        TimeProvider clock, ILogger<SessionScheduler> log)
    {
        _sessions = sessions;
        _staff = staff;
        _transactions = transactions;
        _audit = audit;
        _records = records;
        _policy = policy;
        _zoom = zoom;
        _intents = intents;
        _outboxes = outboxes;
        _clock = clock;
        _log = log;
    }

    /// <param name="storedStatus">What must still be stored for this session when the booking is written:
    /// null (nothing, a new booking) or AwaitingApproval (an approval).</param>
    /// <param name="prepare">Given the booked session before it is stored, renders what else the booking owes (outside the
    /// transaction: cards, sentences) and returns the writes that belong to its transaction (e.g. the requester's notice).</param>
    public async Task<Scheduled> ScheduleAsync(Session session, SessionStatus? storedStatus, string actor, CancellationToken ct,
        Func<Session, Task<Func<Task>>>? prepare = null)
    {
        var host = await _staff.FindAsync(session.HostId, ct);
        if (string.IsNullOrWhiteSpace(host?.ZoomUserId))
        {
            return new Scheduled(null, null, "P2: the host has no Zoom user on the CHEXS account, so nothing was booked. Ask a manager to add one.");
        }
        ZoomMeetingRecord meeting;
        try
        {
            meeting = await _zoom.CreateSafeMeetingAsync(new ZoomMeetingRequest(
                session.Id, host.ZoomUserId!, $"CHEXS {session.Programme.Display()} session {session.Id}", session.Start, _policy.TimeZone, session.DurationMinutes), ct);
        }
        catch (ZoomException e)
        {
            await _audit.AppendAsync(_clock.GetUtcNow(), actor, "booking.not_made", new[] { session.Id }, e.Message, ct);
            return new Scheduled(null, null, e.Message);
        }

        // The Zoom call took time, during which the world could move on: a consent withdrawn, the request
        // cancelled, or another booking of the same pupil or host stored. So the stored state is checked and
        // the policy judged again inside the transaction that writes the booking.
        string? overtaken = null;
        PolicyVerdict? blockedNow = null;
        // A copy becomes the booked session, so the caller's stays as it was if the write below rolls back.
        var scheduled = session.Copy();
        scheduled.Book(meeting);
        (Session Session, InvitationBatch Invitations)? booked;
        try
        {
            var alsoStore = prepare is null ? null : await prepare(scheduled);
            booked = await _transactions.RunAsync<(Session, InvitationBatch)?>(async () =>
            {
                var stored = await _sessions.FindAsync(session.Id, ct);
                if (stored?.Status != storedStatus)
                {
                    overtaken = $"Session {session.Id} was {(stored is null ? "removed" : stored.Status.ToString().ToLowerInvariant())} while its Zoom meeting was being made, so it was not booked and the new meeting is being deleted.";
                    return null;
                }
                var recheck = await _records.JudgeAsync(SessionProposal.FromSession(session), ct);
                if (recheck.Outcome != PolicyOutcome.Allowed)
                {
                    blockedNow = recheck;
                    return null;
                }
                await _sessions.UpsertAsync(scheduled, ct);
                var queued = await _outboxes.ScheduledAsync(scheduled, InvitationKind.Invitation, previous: null, ct);
                await _intents.CompleteAsync(session.Id, meeting.MeetingId, ct);
                await _audit.AppendAsync(_clock.GetUtcNow(), actor, "session.booked", new[] { session.Id }.Concat(session.PupilIds),
                    $"{session.Kind} {session.Programme.Display()} session booked for {LocalTimes.Describe(session.Start, session.DurationMinutes, _policy.Zone)}{(meeting.Simulated ? " (simulated Zoom meeting)" : "")}; {queued.Queued.Count} guardian invitation(s) queued", ct);
                if (alsoStore is not null) await alsoStore();
                return (scheduled, queued);
            }, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The write rolled back (including anything it did before failing); the caller's session is unchanged.
            _log.LogError(e, "Storing booking {SessionId} failed; deleting its new Zoom meeting", session.Id);
            await UndoMeetingAsync(session.Id, meeting, actor, "storing the booking failed");
            return new Scheduled(null, null, "Something went wrong saving the booking, so nothing was booked and no invitations were sent. Please try again.");
        }
        if (booked is not { } made)
        {
            var why = overtaken ?? string.Join(" ", blockedNow!.Findings.Where(f => f.Severity != FindingSeverity.Note).Select(f => f.RedactedMessage));
            _log.LogWarning("Booking {SessionId} was overtaken while Zoom made its meeting; deleting the meeting", session.Id);
            await UndoMeetingAsync(session.Id, meeting, actor, why);
            return new Scheduled(null, null, overtaken ?? $"Nothing was booked: {why}", blockedNow);
        }
        _outboxes.WakeWorkers();
        return new Scheduled(made.Session, made.Invitations, null);
    }

    /// <summary>Deletes a meeting made for a booking that was not stored, and closes its Zoom intent once it is gone.</summary>
    internal async Task UndoMeetingAsync(string sessionId, ZoomMeetingRecord meeting, string actor, string why)
    {
        try
        {
            await _zoom.DeleteAsync(meeting.MeetingId, CancellationToken.None);
            foreach (var intent in (await _intents.ForSessionAsync(sessionId)).Where(i => i.MeetingId == meeting.MeetingId && i.State == ZoomIntentState.Open))
            {
                await _intents.AbandonAsync(intent.Id, "booking not stored; meeting deleted");
            }
        }
        catch (ZoomException delete)
        {
            // The open create intent lets the reconciler delete it later.
            _log.LogError(delete, "Could not delete the Zoom meeting of unbooked session {SessionId} yet", sessionId);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _log.LogError(e, "Could not close the Zoom intent of unbooked session {SessionId}; the reconciler will", sessionId);
        }
        try
        {
            await _audit.AppendAsync(_clock.GetUtcNow(), actor, "booking.not_made", new[] { sessionId }, $"Zoom meeting {meeting.MeetingId} made but the booking was not stored: {why}");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _log.LogError(e, "Could not audit the unbooked session {SessionId}", sessionId);
        }
    }
}

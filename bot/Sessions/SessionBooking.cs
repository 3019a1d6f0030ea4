using System.Collections.Concurrent;
using Chexs.Bot.HostCalendar;
using Chexs.Bot.Invitations;
using Chexs.Bot.Notices;
using Chexs.Bot.Records;
using Chexs.Bot.Reminders;
using Chexs.Bot.Roles;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Storage;
using Chexs.Bot.Zoom;

namespace Chexs.Bot.Sessions;

/// <summary>
/// Books, approves, reschedules and cancels sessions. The policy engine decides; this carries the
/// decision out so that a booking is either fully made — Zoom meeting, session record, guardian
/// invitations and calendar event queued, reminders scheduled, audit — or not made at all.
/// Everything local lands in one LiteDB transaction after Zoom has answered; if that write fails the
/// new meeting is deleted again (and the Zoom create intent lets the reconciler finish the job after a crash).
/// </summary>
public sealed class SessionBooking
{
    private readonly ChexsDatabase _db;
    private readonly SafeguardingRecords _records;
    private readonly SafeguardingOptions _policy;
    private readonly IZoomMeetings _zoom;
    private readonly ZoomMeetingIntents _intents;
    private readonly GuardianInvitations _invitations;
    private readonly HostCalendarUpdates _calendar;
    private readonly ReminderStore _reminders;
    private readonly SessionCancellations _cancellations;
    private readonly IStaffDirectory _directory;
    private readonly StaffRecords _staffRecords;
    private readonly SessionCards _cards;
    private readonly TimeProvider _clock;
    private readonly ILogger<SessionBooking> _log;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new();
    /// <summary>
    /// Serialises "judge again, then write" of bookings and moves: LiteDB transactions read a snapshot, so two
    /// overlapping ones would each miss the other's session and both store a clash.
    /// </summary>
    private readonly object _storeGate = new();

    public SessionBooking(ChexsDatabase db, SafeguardingRecords records, SafeguardingOptions policy, IZoomMeetings zoom, ZoomMeetingIntents intents,
        GuardianInvitations invitations, HostCalendarUpdates calendar, ReminderStore reminders, SessionCancellations cancellations,
        IStaffDirectory directory, StaffRecords staffRecords, SessionCards cards, TimeProvider clock, ILogger<SessionBooking> log)
    {
        _db = db;
        _records = records;
        _policy = policy;
        _zoom = zoom;
        _intents = intents;
        _invitations = invitations;
        _calendar = calendar;
        _reminders = reminders;
        _cancellations = cancellations;
        _directory = directory;
        _staffRecords = staffRecords;
        _cards = cards;
        _clock = clock;
        _log = log;
    }

    public static SessionProposal ProposalFor(BookingRequest r, DateTimeOffset requestedAt) => new()
    {
        SessionId = r.SessionId,
        Programme = r.Programme,
        HostId = r.HostId,
        PupilIds = r.PupilIds,
        Start = r.Start,
        DurationMinutes = r.DurationMinutes,
        Kind = r.Kind,
        RequestedBy = r.RequestedBy,
        RequestedAt = requestedAt,
    };

    /// <summary>Judges a request without changing anything (for the summary card).</summary>
    public PolicyVerdict Check(BookingRequest request) => _records.Judge(ProposalFor(request, _clock.GetUtcNow()));

    /// <summary>Confirms a booking. Safe to call twice with the same request: the second call reports the first booking.</summary>
    public async Task<BookingOutcome> BookAsync(BookingRequest request, CancellationToken ct)
    {
        using var _ = await LockAsync(request.SessionId, ct);
        if (_db.Sessions.FindById(request.SessionId) is { } existing)
        {
            if (!IsSameBooking(existing, request))
            {
                // A reference already used by a different booking (ids are random): never report someone else's session as this one.
                return new BookingOutcome.NotMade($"The reference {request.SessionId} is already used by another session, so nothing was booked. Please start the booking again with 'book session'.");
            }
            return existing.Status switch
            {
                SessionStatus.Scheduled => new BookingOutcome.Booked(existing, new InvitationBatch([], [], []), AlreadyBooked: true),
                SessionStatus.AwaitingApproval => new BookingOutcome.AwaitingApproval(existing, "a manager"),
                _ => new BookingOutcome.NotMade($"Session {existing.Id} is already {existing.Status.ToString().ToLowerInvariant()}; start a new booking with 'book session'."),
            };
        }

        var now = _clock.GetUtcNow();
        var verdict = _records.Judge(ProposalFor(request, now));
        if (verdict.Outcome == PolicyOutcome.Blocked)
        {
            _db.AppendAudit(now, request.RequestedBy, "booking.refused", new[] { request.SessionId }.Concat(request.PupilIds),
                string.Join(" ", verdict.Blocks.Select(f => f.RedactedMessage)));
            return new BookingOutcome.Blocked(verdict);
        }

        var session = new Session
        {
            Id = request.SessionId,
            Programme = request.Programme,
            HostId = request.HostId,
            PupilIds = request.PupilIds.ToList(),
            Start = request.Start,
            DurationMinutes = request.DurationMinutes,
            Kind = request.Kind,
            Status = SessionStatus.Draft,
            CreatedAt = now,
            CreatedBy = request.RequestedBy,
            AdultPresenceRequired = verdict.AdultPresenceRequired,
            Verdict = verdict.ToRecord(),
        };

        if (verdict.Outcome == PolicyOutcome.NeedsApproval)
        {
            return await RequestApprovalAsync(session, verdict, ct);
        }
        var made = await MakeAsync(session, storedStatus: null, request.RequestedBy, ct);
        return made switch
        {
            { Error: null } => new BookingOutcome.Booked(made.Session!, made.Invitations!, AlreadyBooked: false),
            { Blocked: { } judgedAgain } => new BookingOutcome.Blocked(judgedAgain),
            _ => new BookingOutcome.NotMade(made.Error),
        };
    }

    /// <summary>True when a stored session is what this request asked for (a repeated Confirm), not another booking that drew the same id.</summary>
    private static bool IsSameBooking(Session existing, BookingRequest request) =>
        existing.CreatedBy == request.RequestedBy && existing.HostId == request.HostId && existing.Programme == request.Programme &&
        existing.Kind == request.Kind && existing.PupilIds.Order(StringComparer.Ordinal).SequenceEqual(request.PupilIds.Order(StringComparer.Ordinal));

    private async Task<BookingOutcome> RequestApprovalAsync(Session session, PolicyVerdict verdict, CancellationToken ct)
    {
        // P10: the requester's line manager when that person is a manager, else the managers' channel.
        (string Id, string Name)? lineManager;
        try
        {
            lineManager = await _directory.GetLineManagerAsync(session.CreatedBy, ct);
        }
        catch (StaffDirectoryUnavailableException e)
        {
            _log.LogWarning(e, "Line manager lookup failed; sending the approval request to the managers' channel");
            lineManager = null;
        }
        if (lineManager is { } lm && (lm.Id == session.HostId || lm.Id == session.CreatedBy))
        {
            // They could not decide it (nobody approves their own booking), so the managers are asked instead.
            lineManager = null;
        }
        session.Status = SessionStatus.AwaitingApproval;
        var card = _cards.ApprovalRequest(session, verdict);
        _db.InTransaction(() =>
        {
            _db.Sessions.Insert(session);
            _db.Notices.Insert(new StaffNotice
            {
                Recipient = lineManager?.Id ?? StaffNotice.Managers,
                Text = $"Approval needed: group session {session.Id}",
                CardJson = card.ToString(Newtonsoft.Json.Formatting.None),
                Records = { session.Id },
                CreatedAt = _clock.GetUtcNow(),
            });
            _db.AppendAudit(_clock.GetUtcNow(), session.CreatedBy, "session.approval_requested", new[] { session.Id }.Concat(session.PupilIds),
                $"Group session sent for approval to {(lineManager is { } m ? m.Name : "the managers' channel")} (P10)");
        });
        return new BookingOutcome.AwaitingApproval(session, lineManager?.Name ?? "the managers' channel");
    }

    /// <summary>A manager's decision on a group session (P10). Serialised per session: a second click sees the first one's result.</summary>
    public async Task<ApprovalOutcome> DecideAsync(string sessionId, string deciderId, string deciderName, bool approve, string? reason, CancellationToken ct)
    {
        StaffRole? role;
        try
        {
            role = await _directory.GetRoleAsync(deciderId, ct);
        }
        catch (StaffDirectoryUnavailableException)
        {
            return new ApprovalOutcome.Refused("I couldn't check your role just now, so nothing was decided. Please try again in a minute.");
        }
        if (role != StaffRole.Manager)
        {
            return new ApprovalOutcome.Refused("P10: only a CHEXS manager can approve or reject a group session. Nothing was changed.");
        }
        // The policy engine reads roles from staff records: make the record agree with the directory.
        _staffRecords.Sync(deciderId, deciderName, StaffRole.Manager);

        using var _ = await LockAsync(sessionId, ct);
        var session = _db.Sessions.FindById(sessionId);
        if (session is null)
        {
            return new ApprovalOutcome.Refused($"I can't find session {sessionId}. Nothing was changed.");
        }
        if (session.Status != SessionStatus.AwaitingApproval)
        {
            return new ApprovalOutcome.AlreadyDecided(session);
        }
        if (deciderId == session.CreatedBy || deciderId == session.HostId)
        {
            return new ApprovalOutcome.Refused("P10: nobody approves their own booking. Another manager needs to decide this one. Nothing was changed.");
        }
        var now = _clock.GetUtcNow();
        var decision = new ApprovalDecision { Approved = approve, DecidedBy = deciderId, DecidedByName = deciderName, DecidedAt = now, Reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim() };

        if (!approve)
        {
            if (decision.Reason is null)
            {
                return new ApprovalOutcome.Refused("Please give a reason for rejecting, so the requester knows what to change. Nothing was changed.");
            }
            session.Approval = decision;
            session.Status = SessionStatus.Rejected;
            _db.InTransaction(() =>
            {
                _db.Sessions.Update(session);
                TellRequester(session, $"Your group session {session.Id} ({_cards.WhenText(session)}) was not approved by {deciderName}: {decision.Reason}");
                _db.AppendAudit(now, deciderId, "session.rejected", new[] { session.Id }, $"Rejected by {deciderName}: {decision.Reason}");
            });
            return new ApprovalOutcome.Rejected(session);
        }

        if (session.Start <= now)
        {
            // Re-judging measures notice (G2) from the request, so it cannot see that the time itself has gone by.
            return new ApprovalOutcome.NotMade(session,
                $"Session {session.Id} was due to start {_cards.WhenText(session)}, which has passed, so nothing was booked. Reject it with a reason, and {_cards.StaffName(session.CreatedBy)} can book a new time.");
        }
        session.Approval = decision;
        var verdict = _records.Judge(SessionProposal.FromSession(session));
        if (verdict.Outcome != PolicyOutcome.Allowed)
        {
            session.Approval = null;
            var why = string.Join(" ", verdict.Findings.Where(f => f.Severity != FindingSeverity.Note).Select(f => f.RedactedMessage));
            _db.AppendAudit(now, deciderId, "session.approval_blocked", new[] { session.Id }, why);
            return new ApprovalOutcome.NotMade(session, $"I can't book it yet, so it is still waiting: {why}");
        }
        session.Verdict = verdict.ToRecord();
        session.AdultPresenceRequired = verdict.AdultPresenceRequired;
        var made = await MakeAsync(session, SessionStatus.AwaitingApproval, deciderId, ct, inTransaction: () =>
        {
            TellRequester(session, $"Your group session {session.Id} ({_cards.WhenText(session)}) was approved by {deciderName}. The Zoom meeting is made and the guardians' invitations are on their way.");
            SendHostConfirmation(session);
        });
        if (made.Error is not null)
        {
            var fresh = _db.Sessions.FindById(sessionId) ?? session;
            return new ApprovalOutcome.NotMade(fresh, made.Error);
        }
        return new ApprovalOutcome.Approved(made.Session!);
    }

    /// <summary>Moves a session (re-checks the policy, updates Zoom, tells guardians, moves the calendar event and reminders).</summary>
    public async Task<RescheduleOutcome> RescheduleAsync(string sessionId, DateTimeOffset newStart, int? newDuration, string actor, CancellationToken ct)
    {
        using var _ = await LockAsync(sessionId, ct);
        var session = _db.Sessions.FindById(sessionId);
        if (session is null || !session.IsLive)
        {
            return new RescheduleOutcome.Refused(session is null ? $"I can't find session {sessionId}." : $"Session {sessionId} is {session.Status.ToString().ToLowerInvariant()}, so it can't be moved.");
        }
        var previous = Copy(session);
        var moved = Copy(session);
        moved.Start = newStart;
        moved.DurationMinutes = newDuration ?? session.DurationMinutes;
        var now = _clock.GetUtcNow();
        var verdict = _records.Judge(SessionProposal.FromSession(moved) with { RequestedAt = now, RequestedBy = actor });
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
        string? overtaken = null;
        PolicyVerdict? blockedNow = null;
        try
        {
            StoreGated(() =>
            {
                var current = _db.Sessions.FindById(sessionId);
                if (current is null || current.Status != previous.Status || current.Start != previous.Start || current.DurationMinutes != previous.DurationMinutes)
                {
                    overtaken = $"Session {sessionId} changed while it was being moved ({(current is null ? "it was removed" : $"it is now {current.Status.ToString().ToLowerInvariant()}")}), so it has not been moved.";
                    return 0;
                }
                var recheck = _records.Judge(SessionProposal.FromSession(moved) with { RequestedAt = now, RequestedBy = actor });
                if (recheck.Outcome == PolicyOutcome.Blocked)
                {
                    blockedNow = recheck;
                    return 0;
                }
                _db.Sessions.Update(moved);
                if (moved.Status == SessionStatus.Scheduled)
                {
                    _invitations.Enqueue(moved, InvitationKind.Rescheduled, previous);
                    _calendar.Enqueue(moved);
                    _reminders.Schedule(moved, _policy.ReminderOffsets, _policy.Zone);
                }
                _db.AppendAudit(now, actor, "session.rescheduled", new[] { moved.Id }.Concat(moved.PupilIds),
                    $"Moved from {_cards.WhenText(previous)} to {_cards.WhenText(moved)}");
                return 0;
            });
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _log.LogError(e, "Storing the reschedule of {SessionId} failed; moving the Zoom meeting back", sessionId);
            await MoveBackAsync();
            return new RescheduleOutcome.Refused("Something went wrong saving the new time, so the session has not been moved. Please try again.");
        }
        if (overtaken is not null || blockedNow is not null)
        {
            await MoveBackAsync();
            return blockedNow is not null ? new RescheduleOutcome.Blocked(blockedNow) : new RescheduleOutcome.Refused(overtaken!);
        }
        _cancellations.WakeWorkers();
        return new RescheduleOutcome.Moved(moved, previous);

        async Task MoveBackAsync()
        {
            if (session.Meeting is not { } m) return;
            try { await _zoom.RescheduleAsync(m.MeetingId, previous.Start, _policy.TimeZone, previous.DurationMinutes, CancellationToken.None); }
            catch (ZoomException back) { _log.LogError(back, "Could not move Zoom meeting for {SessionId} back", sessionId); }
        }
    }

    /// <summary>Cancels a session on a staff member's request.</summary>
    public async Task<bool> CancelAsync(string sessionId, string actor, string reason, CancellationToken ct)
    {
        using var _ = await LockAsync(sessionId, ct);
        var session = _db.Sessions.FindById(sessionId);
        if (session is null) return false;
        var cancelled = _cancellations.Cancel(session, reason, actor);
        if (cancelled) _cancellations.WakeWorkers();
        return cancelled;
    }

    /// <summary>Keeps the confirmation card as sent (without the passcode) with the session.</summary>
    public void StoreConfirmationCard(string sessionId, string cardJson)
    {
        var session = _db.Sessions.FindById(sessionId);
        if (session is null) return;
        session.ConfirmationCardJson = cardJson;
        _db.Sessions.Update(session);
    }

    /// <param name="Blocked">Set when the policy, judged again as the booking was stored, now refuses it.</param>
    private sealed record Made(Session? Session, InvitationBatch? Invitations, string? Error, PolicyVerdict? Blocked = null);

    /// <param name="storedStatus">What must still be stored for this session when the booking is written:
    /// null (nothing, a new booking) or AwaitingApproval (an approval).</param>
    private async Task<Made> MakeAsync(Session session, SessionStatus? storedStatus, string actor, CancellationToken ct, Action? inTransaction = null)
    {
        var host = _db.Staff.FindById(session.HostId);
        if (string.IsNullOrWhiteSpace(host?.ZoomUserId))
        {
            return new Made(null, null, "P2: the host has no Zoom user on the CHEXS account, so nothing was booked. Ask a manager to add one.");
        }
        ZoomMeetingRecord meeting;
        try
        {
            meeting = await _zoom.CreateSafeMeetingAsync(new ZoomMeetingRequest(
                session.Id, host.ZoomUserId!, $"CHEXS {session.Programme.Display()} session {session.Id}", session.Start, _policy.TimeZone, session.DurationMinutes), ct);
        }
        catch (ZoomException e)
        {
            _db.AppendAudit(_clock.GetUtcNow(), actor, "booking.not_made", new[] { session.Id }, e.Message);
            return new Made(null, null, e.Message);
        }

        // The Zoom call took time, during which the world could move on: a consent withdrawn, the request
        // cancelled, or another booking of the same pupil or host stored. So the stored state is checked and
        // the policy judged again inside the transaction that writes the booking.
        string? overtaken = null;
        PolicyVerdict? blockedNow = null;
        InvitationBatch? batch;
        try
        {
            batch = StoreGated(() =>
            {
                var stored = _db.Sessions.FindById(session.Id);
                if (stored?.Status != storedStatus)
                {
                    overtaken = $"Session {session.Id} was {(stored is null ? "removed" : stored.Status.ToString().ToLowerInvariant())} while its Zoom meeting was being made, so it was not booked and the new meeting is being deleted.";
                    return null;
                }
                var recheck = _records.Judge(SessionProposal.FromSession(session));
                if (recheck.Outcome != PolicyOutcome.Allowed)
                {
                    blockedNow = recheck;
                    return null;
                }
                session.Meeting = meeting;
                session.Status = SessionStatus.Scheduled;
                _db.Sessions.Upsert(session);
                var queued = _invitations.Enqueue(session, InvitationKind.Invitation);
                _calendar.Enqueue(session);
                _reminders.Schedule(session, _policy.ReminderOffsets, _policy.Zone);
                _intents.Complete(session.Id, meeting.MeetingId);
                _db.AppendAudit(_clock.GetUtcNow(), actor, "session.booked", new[] { session.Id }.Concat(session.PupilIds),
                    $"{session.Kind} {session.Programme.Display()} session booked for {_cards.WhenText(session)}{(meeting.Simulated ? " (simulated Zoom meeting)" : "")}; {queued.Queued.Count} guardian invitation(s) queued");
                inTransaction?.Invoke();
                return queued;
            });
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The write rolled back (including anything it did before failing), so the session is in memory only.
            session.Meeting = null;
            session.Status = storedStatus ?? SessionStatus.Draft;
            _log.LogError(e, "Storing booking {SessionId} failed; deleting its new Zoom meeting", session.Id);
            await UndoMeetingAsync(session.Id, meeting, actor, "storing the booking failed");
            return new Made(null, null, "Something went wrong saving the booking, so nothing was booked and no invitations were sent. Please try again.");
        }
        if (batch is null)
        {
            var why = overtaken ?? string.Join(" ", blockedNow!.Findings.Where(f => f.Severity != FindingSeverity.Note).Select(f => f.RedactedMessage));
            _log.LogWarning("Booking {SessionId} was overtaken while Zoom made its meeting; deleting the meeting", session.Id);
            await UndoMeetingAsync(session.Id, meeting, actor, why);
            return new Made(null, null, overtaken ?? $"Nothing was booked: {why}", blockedNow);
        }
        _cancellations.WakeWorkers();
        return new Made(session, batch, null);
    }

    /// <summary>Deletes a meeting made for a booking that was not stored, and closes its Zoom intent once it is gone.</summary>
    private async Task UndoMeetingAsync(string sessionId, ZoomMeetingRecord meeting, string actor, string why)
    {
        try
        {
            await _zoom.DeleteAsync(meeting.MeetingId, CancellationToken.None);
            foreach (var intent in _intents.ForSession(sessionId).Where(i => i.MeetingId == meeting.MeetingId && i.State == ZoomIntentState.Open))
            {
                _intents.Abandon(intent.Id, "booking not stored; meeting deleted");
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
            _db.AppendAudit(_clock.GetUtcNow(), actor, "booking.not_made", new[] { sessionId }, $"Zoom meeting {meeting.MeetingId} made but the booking was not stored: {why}");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _log.LogError(e, "Could not audit the unbooked session {SessionId}", sessionId);
        }
    }

    private T StoreGated<T>(Func<T> work)
    {
        lock (_storeGate)
        {
            return _db.InTransaction(work);
        }
    }

    /// <summary>
    /// After an approval the host was not in the conversation, so their confirmation card (checklist, full
    /// names: it goes to their 1:1 chat) is queued as a notice and stored with the session — never with the passcode.
    /// </summary>
    private void SendHostConfirmation(Session session)
    {
        var card = _cards.Confirmation(session, inHostsPersonalChat: true, includePasscode: false).ToString(Newtonsoft.Json.Formatting.None);
        session.ConfirmationCardJson = card;
        _db.Sessions.Update(session);
        _db.Notices.Insert(new StaffNotice { Recipient = session.HostId, Text = $"Session {session.Id} booked", CardJson = card, Records = { session.Id }, CreatedAt = _clock.GetUtcNow() });
    }

    private void TellRequester(Session session, string text) =>
        _db.Notices.Insert(new StaffNotice { Recipient = session.CreatedBy, Text = text, Records = { session.Id }, CreatedAt = _clock.GetUtcNow() });

    private static Session Copy(Session s) =>
        Newtonsoft.Json.JsonConvert.DeserializeObject<Session>(Newtonsoft.Json.JsonConvert.SerializeObject(s))!;

    private async Task<IDisposable> LockAsync(string sessionId, CancellationToken ct)
    {
        var gate = _locks.GetOrAdd(sessionId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        return new Release(gate);
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}

public abstract record RescheduleOutcome
{
    public sealed record Moved(Session Session, Session Previous) : RescheduleOutcome;
    public sealed record Blocked(PolicyVerdict Verdict) : RescheduleOutcome;
    public sealed record Refused(string Reason) : RescheduleOutcome;
}

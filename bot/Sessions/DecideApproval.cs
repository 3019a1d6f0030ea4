using Chexs.Bot.Notices;
using Chexs.Bot.Records;
using Chexs.Bot.Roles;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Storage;

namespace Chexs.Bot.Sessions;

/// <summary>
/// Use case: a manager approves or rejects a group session (P10). Only a manager decides, never on their
/// own booking; serialised per session, so a second click sees the first one's result.
/// </summary>
public sealed class DecideApproval
{
    private readonly ISessionRepository _sessions;
    private readonly IStoreTransactions _transactions;
    private readonly IAuditTrail _audit;
    private readonly SafeguardingRecords _records;
    private readonly SessionScheduler _scheduler;
    private readonly SeriesScheduler _seriesScheduler;
    private readonly IBookingSeriesRepository _series;
    private readonly StaffNotices _notices;
    private readonly HostConfirmations _confirmations;
    private readonly IStaffDirectory _directory;
    private readonly StaffRecords _staffRecords;
    private readonly SessionCards _cards;
    private readonly SessionLocks _locks;
    private readonly TimeProvider _clock;

    public DecideApproval(ISessionRepository sessions, IStoreTransactions transactions, IAuditTrail audit, SafeguardingRecords records,
        SessionScheduler scheduler, SeriesScheduler seriesScheduler, IBookingSeriesRepository series, StaffNotices notices, HostConfirmations confirmations, IStaffDirectory directory, StaffRecords staffRecords,
        SessionCards cards, SessionLocks locks, TimeProvider clock)
    {
        _sessions = sessions;
        _transactions = transactions;
        _audit = audit;
        _records = records;
        _scheduler = scheduler;
        _seriesScheduler = seriesScheduler;
        _series = series;
        _notices = notices;
        _confirmations = confirmations;
        _directory = directory;
        _staffRecords = staffRecords;
        _cards = cards;
        _locks = locks;
        _clock = clock;
    }

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
        await _staffRecords.SyncAsync(deciderId, deciderName, StaffRole.Manager, ct: ct);

        await using var _ = await _locks.AcquireAsync(sessionId, ct);
        var session = await _sessions.FindAsync(sessionId, ct);
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
        var decision = new ApprovalDecision { Approved = approve, DecidedBy = deciderId, DecidedByName = deciderName, DecidedAt = _clock.GetUtcNow(), Reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim() };
        if (session.SeriesId is { } seriesId && await _series.FindAsync(seriesId, ct) is { } series)
        {
            return approve ? await ApproveSeriesAsync(series, session, decision, ct) : await RejectSeriesAsync(series, session, decision, ct);
        }
        return approve ? await ApproveAsync(session, decision, ct) : await RejectAsync(session, decision, ct);
    }

    private async Task<ApprovalOutcome> RejectAsync(Session session, ApprovalDecision decision, CancellationToken ct)
    {
        if (decision.Reason is null)
        {
            return new ApprovalOutcome.Refused("Please give a reason for rejecting, so the requester knows what to change. Nothing was changed.");
        }
        var told = $"Your group session {session.Id} ({_cards.WhenText(session)}) was not approved by {decision.DecidedByName}: {decision.Reason}";
        // Rendered before the transaction (it only reads): the requester's card with "Change and resend".
        var rejected = session.Copy();
        rejected.Reject(decision);
        var card = (await _cards.RejectedAsync(rejected, ct)).ToString(Newtonsoft.Json.Formatting.None);
        var stored = await _transactions.RunAsync(async () =>
        {
            // Decided in the transaction against the stored state: a decision made on another instance wins.
            var current = await _sessions.FindAsync(session.Id, ct);
            if (current?.Status != SessionStatus.AwaitingApproval) return current;
            current.Reject(decision);
            await _sessions.UpdateAsync(current, ct);
            await _notices.EnqueueAsync(current.CreatedBy, told, new[] { current.Id }, card, ct);
            await _audit.AppendAsync(decision.DecidedAt, decision.DecidedBy, "session.rejected", new[] { current.Id }, $"Rejected by {decision.DecidedByName}: {decision.Reason}", ct);
            return current;
        }, ct);
        _notices.Wakeup.Wake();
        return stored switch
        {
            null => new ApprovalOutcome.Refused($"I can't find session {session.Id}. Nothing was changed."),
            { Status: SessionStatus.Rejected, Approval: { } a } when a == decision || a.DecidedAt == decision.DecidedAt && a.DecidedBy == decision.DecidedBy => new ApprovalOutcome.Rejected(stored),
            _ => new ApprovalOutcome.AlreadyDecided(stored),
        };
    }

    private async Task<ApprovalOutcome> ApproveAsync(Session session, ApprovalDecision decision, CancellationToken ct)
    {
        var now = decision.DecidedAt;
        if (session.Start <= now)
        {
            // Re-judging measures notice (G2) from the request, so it cannot see that the time itself has gone by.
            return new ApprovalOutcome.NotMade(session,
                $"Session {session.Id} was due to start {_cards.WhenText(session)}, which has passed, so nothing was booked. Reject it with a reason, and {await _cards.StaffNameAsync(session.CreatedBy, ct)} can book a new time.");
        }
        session.Approval = decision;
        var verdict = await _records.JudgeAsync(SessionProposal.FromSession(session), ct);
        if (verdict.Outcome != PolicyOutcome.Allowed)
        {
            var why = string.Join(" ", verdict.Findings.Where(f => f.Severity != FindingSeverity.Note).Select(f => f.RedactedMessage));
            await _audit.AppendAsync(now, decision.DecidedBy, "session.approval_blocked", new[] { session.Id }, why, ct);
            session.Approval = null;
            return new ApprovalOutcome.NotMade(session, $"I can't book it yet, so it is still waiting: {why}");
        }
        session.Verdict = verdict.ToRecord();
        session.AdultPresenceRequired = verdict.AdultPresenceRequired;
        var told = $"Your group session {session.Id} ({_cards.WhenText(session)}) was approved by {decision.DecidedByName}." +
            (decision.Reason is { } comment ? $" Their comment: {comment}" : "") +
            " The Zoom meeting is made and the guardians' invitations are on their way.";
        var made = await _scheduler.ScheduleAsync(session, SessionStatus.AwaitingApproval, decision.DecidedBy, ct, async booked =>
        {
            // The host was not in this conversation: their confirmation goes to their 1:1 chat as a notice.
            var toHost = await _confirmations.PrepareNoticeAsync(booked, ct);
            return async () =>
            {
                await _notices.EnqueueAsync(booked.CreatedBy, told, new[] { booked.Id }, ct: ct);
                await toHost();
            };
        });
        _notices.Wakeup.Wake();
        if (made.Error is not null)
        {
            var fresh = await _sessions.FindAsync(session.Id, ct) ?? session;
            // Decided meanwhile by another click (on another bot instance, whose lock this process cannot see): the
            // booking's transaction found it no longer waiting and stored nothing. Say so plainly, as a second click here would hear.
            if (fresh is { Approval: not null, Status: SessionStatus.Scheduled or SessionStatus.Rejected }) return new ApprovalOutcome.AlreadyDecided(fresh);
            return new ApprovalOutcome.NotMade(fresh, made.Error);
        }
        return new ApprovalOutcome.Approved(made.Session!);
    }

    /// <summary>The dates of a series still waiting, in date order (a date cancelled meanwhile is left out).</summary>
    private async Task<List<Session>> WaitingDatesAsync(BookingSeries series, CancellationToken ct) =>
        (await _sessions.InSeriesAsync(series.Id, ct)).Where(s => s.Status == SessionStatus.AwaitingApproval).OrderBy(s => s.Start).ToList();

    /// <summary>One rejection covers every waiting date of the series.</summary>
    private async Task<ApprovalOutcome> RejectSeriesAsync(BookingSeries series, Session lead, ApprovalDecision decision, CancellationToken ct)
    {
        if (decision.Reason is null)
        {
            return new ApprovalOutcome.Refused("Please give a reason for rejecting, so the requester knows what to change. Nothing was changed.");
        }
        var told = $"Your group series {series.Id} ({_cards.WhenText(lead)} and the following dates) was not approved by {decision.DecidedByName}: {decision.Reason}";
        var rejected = await _transactions.RunAsync(async () =>
        {
            var waiting = await WaitingDatesAsync(series, ct);
            foreach (var s in waiting)
            {
                s.Reject(decision);
                await _sessions.UpdateAsync(s, ct);
            }
            if (waiting.Count == 0) return null;
            await _notices.EnqueueAsync(series.CreatedBy, told, new[] { series.Id }.Concat(waiting.Select(s => s.Id)), ct: ct);
            await _audit.AppendAsync(decision.DecidedAt, decision.DecidedBy, "series.rejected", new[] { series.Id }.Concat(waiting.Select(s => s.Id)),
                $"Rejected by {decision.DecidedByName}: {decision.Reason}", ct);
            return waiting.FirstOrDefault(s => s.Id == lead.Id) ?? waiting[0];
        }, ct);
        _notices.Wakeup.Wake();
        return rejected is null
            ? new ApprovalOutcome.AlreadyDecided(await _sessions.FindAsync(lead.Id, ct) ?? lead)
            : new ApprovalOutcome.Rejected(rejected);
    }

    /// <summary>
    /// One approval covers every waiting date (P10): each is judged again with the approval on its own date, and they
    /// are booked together or not at all (<see cref="SeriesScheduler"/>); if any date is refused now, nothing is
    /// booked and the request stays open, saying which date and why.
    /// </summary>
    private async Task<ApprovalOutcome> ApproveSeriesAsync(BookingSeries series, Session lead, ApprovalDecision decision, CancellationToken ct)
    {
        var now = decision.DecidedAt;
        var waiting = await WaitingDatesAsync(series, ct);
        if (waiting.Count == 0) return new ApprovalOutcome.AlreadyDecided(lead);
        if (waiting[0].Start <= now)
        {
            return new ApprovalOutcome.NotMade(lead,
                $"The series {series.Id} was due to start {_cards.WhenText(waiting[0])}, which has passed, so nothing was booked. Reject it with a reason, and {await _cards.StaffNameAsync(series.CreatedBy, ct)} can book new dates.");
        }
        var problems = new List<string>();
        foreach (var s in waiting)
        {
            s.Approval = decision;
            var verdict = await _records.JudgeAsync(SessionProposal.FromSession(s), ct);
            if (verdict.Outcome != PolicyOutcome.Allowed)
            {
                problems.Add($"{_cards.WhenText(s)}: {string.Join(" ", verdict.Findings.Where(f => f.Severity != FindingSeverity.Note).Select(f => f.RedactedMessage))}");
                continue;
            }
            s.Verdict = verdict.ToRecord();
            s.AdultPresenceRequired = verdict.AdultPresenceRequired;
        }
        if (problems.Count > 0)
        {
            var why = string.Join(" ", problems);
            await _audit.AppendAsync(now, decision.DecidedBy, "series.approval_blocked", new[] { series.Id }, why, ct);
            return new ApprovalOutcome.NotMade(lead, $"I can't book the series yet, so all its dates are still waiting: {why}");
        }
        var told = $"Your group series {series.Id} was approved by {decision.DecidedByName}: {waiting.Count} dates ({string.Join(", ", waiting.Select(s => $"{LocalTimes.ShortDateTime(s.Start, _cards.Zone)} {s.Id}"))}). The Zoom meetings are made and the guardians' e-mail is on its way.";
        var made = await _seriesScheduler.ScheduleAsync(series, waiting, SessionStatus.AwaitingApproval, decision.DecidedBy, ct, booked =>
            Task.FromResult<Func<Task>>(async () => await _notices.EnqueueAsync(series.CreatedBy, told, new[] { series.Id }.Concat(booked.Select(s => s.Id)), ct: ct)));
        _notices.Wakeup.Wake();
        if (made.Error is not null)
        {
            return new ApprovalOutcome.NotMade(await _sessions.FindAsync(lead.Id, ct) ?? lead, made.Error);
        }
        return new ApprovalOutcome.Approved(made.Sessions!.FirstOrDefault(s => s.Id == lead.Id) ?? made.Sessions![0]);
    }
}

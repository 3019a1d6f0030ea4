using Chexs.Bot.Invitations;
using Chexs.Bot.Notices;
using Chexs.Bot.Records;
using Chexs.Bot.Roles;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Storage;

namespace Chexs.Bot.Sessions;

/// <summary>
/// Use case: a staff member books a session. The policy decides; a one-to-one allowed outright is
/// scheduled at once, a group session that needs a manager (P10) is stored as a request and the
/// approver is asked. Safe to call twice with the same request: the second call reports the first.
/// </summary>
public sealed class BookSession
{
    private readonly ISessionRepository _sessions;
    private readonly IStoreTransactions _transactions;
    private readonly IAuditTrail _audit;
    private readonly SafeguardingRecords _records;
    private readonly SessionScheduler _scheduler;
    private readonly ApprovalRequests _approvals;
    private readonly SessionLocks _locks;
    private readonly TimeProvider _clock;

    public BookSession(ISessionRepository sessions, IStoreTransactions transactions, IAuditTrail audit, SafeguardingRecords records,
        SessionScheduler scheduler, ApprovalRequests approvals, SessionLocks locks, TimeProvider clock)
    {
        _sessions = sessions;
        _transactions = transactions;
        _audit = audit;
        _records = records;
        _scheduler = scheduler;
        _approvals = approvals;
        _locks = locks;
        _clock = clock;
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
    public Task<PolicyVerdict> CheckAsync(BookingRequest request, CancellationToken ct = default) =>
        _records.JudgeAsync(ProposalFor(request, _clock.GetUtcNow()), ct);

    public async Task<BookingOutcome> BookAsync(BookingRequest request, CancellationToken ct)
    {
        await using var _ = await _locks.AcquireAsync(request.SessionId, ct);
        if (await _sessions.FindAsync(request.SessionId, ct) is { } existing)
        {
            return Repeated(existing, request);
        }

        var now = _clock.GetUtcNow();
        var verdict = await _records.JudgeAsync(ProposalFor(request, now), ct);
        if (verdict.Outcome == PolicyOutcome.Blocked)
        {
            await _audit.AppendAsync(now, request.RequestedBy, "booking.refused", new[] { request.SessionId }.Concat(request.PupilIds),
                string.Join(" ", verdict.Blocks.Select(f => f.RedactedMessage)), ct);
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
            return await _approvals.RequestAsync(session, verdict, ct);
        }
        var made = await _scheduler.ScheduleAsync(session, storedStatus: null, request.RequestedBy, ct);
        return made switch
        {
            { Error: null } => new BookingOutcome.Booked(made.Session!, made.Invitations!, AlreadyBooked: false),
            { Blocked: { } judgedAgain } => new BookingOutcome.Blocked(judgedAgain),
            _ => new BookingOutcome.NotMade(made.Error),
        };
    }

    /// <summary>A repeated Confirm reports the booking the first one made; a reference drawn by another booking is never reported as this one.</summary>
    private static BookingOutcome Repeated(Session existing, BookingRequest request)
    {
        var same = existing.CreatedBy == request.RequestedBy && existing.HostId == request.HostId && existing.Programme == request.Programme &&
            existing.Kind == request.Kind && existing.PupilIds.Order(StringComparer.Ordinal).SequenceEqual(request.PupilIds.Order(StringComparer.Ordinal));
        if (!same)
        {
            return new BookingOutcome.NotMade($"The reference {request.SessionId} is already used by another session, so nothing was booked. Please start the booking again with 'book session'.");
        }
        return existing.Status switch
        {
            SessionStatus.Scheduled => new BookingOutcome.Booked(existing, new InvitationBatch([], [], []), AlreadyBooked: true),
            SessionStatus.AwaitingApproval => new BookingOutcome.AwaitingApproval(existing, "a manager"),
            _ => new BookingOutcome.NotMade($"Session {existing.Id} is already {existing.Status.ToString().ToLowerInvariant()}; start a new booking with 'book session'."),
        };
    }
}

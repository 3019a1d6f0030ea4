using Chexs.Bot.Records;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Storage;

namespace Chexs.Bot.Sessions;

/// <summary>
/// Use case: a staff member books a weekly or fortnightly series. Every date is judged on its own date by the same
/// policy as a single booking (consent years, birthdays, holidays settings, D1 …, <see cref="CheckAsync"/>); the
/// staff member confirms the dates that pass, and those are booked together (<see cref="SeriesScheduler"/>), or — for
/// a group — sent for one manager approval covering every date (P10). Safe to call twice with the same series id.
/// </summary>
public sealed class BookSeries
{
    private readonly ISessionRepository _sessions;
    private readonly IBookingSeriesRepository _series;
    private readonly IAuditTrail _audit;
    private readonly SafeguardingRecords _records;
    private readonly SeriesScheduler _scheduler;
    private readonly ApprovalRequests _approvals;
    private readonly SessionLocks _locks;
    private readonly TimeProvider _clock;

    public BookSeries(ISessionRepository sessions, IBookingSeriesRepository series, IAuditTrail audit, SafeguardingRecords records, SeriesScheduler scheduler,
        ApprovalRequests approvals, SessionLocks locks, TimeProvider clock)
    {
        _sessions = sessions;
        _series = series;
        _audit = audit;
        _records = records;
        _scheduler = scheduler;
        _approvals = approvals;
        _locks = locks;
        _clock = clock;
    }

    /// <summary>Judges every date without changing anything (for the series card).</summary>
    public async Task<SeriesVerdict> CheckAsync(SeriesRequest request, CancellationToken ct = default)
    {
        var now = _clock.GetUtcNow();
        var dates = new List<OccurrenceVerdict>();
        foreach (var start in request.Starts)
        {
            dates.Add(new OccurrenceVerdict(start, await _records.JudgeAsync(Proposal(request, start, null, now), ct)));
        }
        return new SeriesVerdict(dates);
    }

    /// <param name="confirmed">The dates the staff member saw pass and confirmed; if the dates that pass now differ, nothing is booked.</param>
    public async Task<SeriesOutcome> BookAsync(SeriesRequest request, IReadOnlyList<DateTimeOffset> confirmed, CancellationToken ct)
    {
        await using var _ = await _locks.AcquireAsync(request.SeriesId, ct);
        if (await _series.FindAsync(request.SeriesId, ct) is { } existing)
        {
            return await RepeatedAsync(existing, request, ct);
        }

        var verdict = await CheckAsync(request, ct);
        if (!verdict.Passing.Select(d => d.Start).Order().SequenceEqual(confirmed.Order()))
        {
            return new SeriesOutcome.Changed(verdict);
        }
        if (verdict.Passing.Count == 0)
        {
            return new SeriesOutcome.NotMade("none of its dates can be booked.");
        }

        var now = _clock.GetUtcNow();
        var series = new BookingSeries
        {
            Id = request.SeriesId,
            HostId = request.HostId,
            CreatedBy = request.RequestedBy,
            CreatedAt = now,
            Programme = request.Programme,
            Kind = request.Kind,
            DurationMinutes = request.DurationMinutes,
            Frequency = request.Frequency,
            Said = request.Said,
            Skipped = verdict.Blocked.Select(d => new SkippedOccurrence { Start = d.Start, RuleIds = d.Verdict.Blocks.Select(f => f.RuleId).Distinct().ToList() }).ToList(),
        };
        var sessions = new List<Session>();
        foreach (var date in verdict.Passing)
        {
            var id = SessionIds.New();
            while (await _sessions.FindAsync(id, ct) is not null || sessions.Any(s => s.Id == id)) id = SessionIds.New();
            sessions.Add(new Session
            {
                Id = id,
                SeriesId = series.Id,
                Programme = request.Programme,
                HostId = request.HostId,
                PupilIds = request.PupilIds.ToList(),
                Start = date.Start,
                DurationMinutes = request.DurationMinutes,
                Kind = request.Kind,
                Status = SessionStatus.Draft,
                CreatedAt = now,
                CreatedBy = request.RequestedBy,
                AdultPresenceRequired = date.Verdict.AdultPresenceRequired,
                Verdict = date.Verdict.ToRecord(),
            });
        }
        series.SessionIds = sessions.Select(s => s.Id).ToList();
        if (series.Skipped.Count > 0)
        {
            await _audit.AppendAsync(now, request.RequestedBy, "series.dates_skipped", new[] { series.Id }.Concat(request.PupilIds),
                string.Join(" ", verdict.Blocked.Select(d => $"{LocalTimes.ShortDate(d.Start, _records.Engine.Calendar.Zone)}: {string.Join(" ", d.Verdict.Blocks.Select(f => f.RedactedMessage))}")), ct);
        }

        if (verdict.NeedsApproval)
        {
            return await _approvals.RequestSeriesAsync(series, sessions, verdict, ct);
        }
        var made = await _scheduler.ScheduleAsync(series, sessions, storedStatus: null, request.RequestedBy, ct);
        return made switch
        {
            { Error: null } => new SeriesOutcome.Booked(series, made.Sessions!, made.Invitations!, AlreadyBooked: false),
            { Blocked: { } now2 } => new SeriesOutcome.Changed(now2),
            _ => new SeriesOutcome.NotMade(made.Error),
        };
    }

    /// <summary>A repeated confirm reports what the first one made.</summary>
    private async Task<SeriesOutcome> RepeatedAsync(BookingSeries existing, SeriesRequest request, CancellationToken ct)
    {
        if (existing.CreatedBy != request.RequestedBy || existing.HostId != request.HostId)
        {
            return new SeriesOutcome.NotMade($"the reference {request.SeriesId} is already used by another series. Please start again with 'book session'.");
        }
        var sessions = (await _sessions.InSeriesAsync(existing.Id, ct)).ToList();
        return sessions.All(s => s.Status == SessionStatus.AwaitingApproval)
            ? new SeriesOutcome.AwaitingApproval(existing, sessions, "a manager")
            : new SeriesOutcome.Booked(existing, sessions, new Invitations.InvitationBatch([], [], []), AlreadyBooked: true);
    }

    private static SessionProposal Proposal(SeriesRequest r, DateTimeOffset start, string? sessionId, DateTimeOffset requestedAt) => new()
    {
        SessionId = sessionId,
        Programme = r.Programme,
        HostId = r.HostId,
        PupilIds = r.PupilIds,
        Start = start,
        DurationMinutes = r.DurationMinutes,
        Kind = r.Kind,
        RequestedBy = r.RequestedBy,
        RequestedAt = requestedAt,
    };
}

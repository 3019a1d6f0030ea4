using Chexs.Bot.Safeguarding;
using Chexs.Bot.Storage;

namespace Chexs.Bot.FollowUp;

/// <summary>When recurring jobs fall due, in the organisation's local time. Pure.</summary>
public static class ScheduleTimes
{
    /// <summary>The latest instant at or before <paramref name="now"/> that is <paramref name="at"/> local time on some day.</summary>
    public static DateTimeOffset MostRecentDaily(DateTimeOffset now, TimeOnly at, OrgCalendar calendar) =>
        MostRecent(now, at, calendar, _ => true);

    /// <summary>The latest instant at or before <paramref name="now"/> that is <paramref name="at"/> local time on a <paramref name="day"/>.</summary>
    public static DateTimeOffset MostRecentWeekly(DateTimeOffset now, DayOfWeek day, TimeOnly at, OrgCalendar calendar) =>
        MostRecent(now, at, calendar, d => d.DayOfWeek == day);

    private static DateTimeOffset MostRecent(DateTimeOffset now, TimeOnly at, OrgCalendar calendar, Func<DateOnly, bool> onDay)
    {
        var today = calendar.LocalDate(now);
        for (var d = today; d >= today.AddDays(-8); d = d.AddDays(-1))
        {
            if (!onDay(d)) continue;
            var instant = At(d, at, calendar);
            if (instant <= now) return instant;
        }
        throw new InvalidOperationException("No occurrence in the last eight days; unreachable for daily or weekly schedules.");
    }

    /// <summary>
    /// <paramref name="time"/> on <paramref name="date"/> in local time. A time skipped when the clocks go
    /// forward runs an hour later on the wall clock (the same elapsed time after midnight); a time that
    /// happens twice when they go back runs at its first occurrence.
    /// </summary>
    public static DateTimeOffset At(DateOnly date, TimeOnly time, OrgCalendar calendar) =>
        calendar.TryFromLocal(date, time, out var instant, out _) ? instant
        : calendar.TryFromLocal(date, time.AddHours(1), out var later, out _) ? later
        : throw new InvalidOperationException($"{date} {time} cannot be placed in {calendar.Zone.Id}.");
}

/// <summary>
/// The last occurrence of a recurring job (weekly digest, daily retention) that has been done, kept in
/// LiteDB so a restart neither repeats nor loses one.
/// </summary>
public sealed class ScheduledJobState
{
    /// <summary>The job's name, e.g. "weekly-digest".</summary>
    public string Id { get; set; } = "";
    /// <summary>The occurrence (its due instant) most recently done or given up.</summary>
    public DateTimeOffset? LastOccurrence { get; set; }
    public DateTimeOffset? LastRunAt { get; set; }
    /// <summary>Failed attempts at the occurrence after <see cref="LastOccurrence"/>.</summary>
    public int Failures { get; set; }
    public DateTimeOffset? RetryAt { get; set; }
    public string? LastError { get; set; }
}

/// <summary>One recurring job: how to find its latest occurrence, and the work (store writes only, one transaction).</summary>
public sealed record ScheduledJob(string Name, Func<DateTimeOffset, DateTimeOffset> MostRecentOccurrence, Func<DateTimeOffset, Task> Run);

/// <summary>
/// Runs each recurring job once per occurrence. The job's work and the record that its occurrence is
/// done are written in one transaction, so the occurrence is done exactly once even across restarts
/// (what is sent to Teams is queued by that work, in the StaffNotices outbox). An occurrence missed while
/// the bot was down is run when it comes back; of several missed, only the latest. A brand-new database
/// starts counting from the current occurrence, so the very first start does not send a digest for a
/// week the bot never saw.
/// <para>
/// Several bot instances on one database: a job is claimed (<see cref="WorkClaims"/>, key <c>job:NAME</c>) for the
/// pass, so one instance at a time runs it, and its transaction checks again that the occurrence is not done
/// yet before doing it — an instance that ran past its claim's lease finds it done and does nothing.
/// </para>
/// </summary>
public sealed class ScheduledJobRunner
{
    private readonly IScheduledJobRepository _jobs;
    private readonly IStoreTransactions _transactions;
    private readonly IAuditTrail _audit;
    private readonly WorkClaims _claims;
    private readonly TimeProvider _clock;
    private readonly FollowUpOptions _options;
    private readonly ILogger _log;

    public ScheduledJobRunner(IScheduledJobRepository jobs, IStoreTransactions transactions, IAuditTrail audit, WorkClaims claims, TimeProvider clock, FollowUpOptions options, ILogger log)
    {
        _jobs = jobs;
        _transactions = transactions;
        _audit = audit;
        _claims = claims;
        _clock = clock;
        _options = options;
        _log = log;
    }

    /// <summary>Runs <paramref name="job"/> if its latest occurrence is not done yet. True when it ran now.</summary>
    public async Task<bool> RunIfDueAsync(ScheduledJob job, CancellationToken ct = default)
    {
        // Another instance is running it (or its claim has not lapsed yet): its turn, not ours.
        await using var claim = await _claims.TryClaimAsync($"job:{job.Name}", ct);
        if (claim is null) return false;
        return await RunClaimedAsync(job, ct);
    }

    private async Task<bool> RunClaimedAsync(ScheduledJob job, CancellationToken ct)
    {
        var now = _clock.GetUtcNow();
        var occurrence = job.MostRecentOccurrence(now);
        var state = await _jobs.FindAsync(job.Name, ct);
        if (state is null)
        {
            await _jobs.InsertAsync(new ScheduledJobState { Id = job.Name, LastOccurrence = occurrence }, ct);
            _log.LogInformation("Scheduled job {Job}: first start; it runs at its next time after {Occurrence:u}", job.Name, occurrence);
            return false;
        }
        if (state.LastOccurrence >= occurrence || (state.RetryAt is { } retry && retry > now))
        {
            return false;
        }
        try
        {
            var ran = await _transactions.RunAsync(async () =>
            {
                // Judged again where it is written: an instance whose claim lapsed mid-run may have done it meanwhile.
                var current = await _jobs.FindAsync(job.Name, ct);
                if (current is null || current.LastOccurrence >= occurrence) return false;
                await job.Run(occurrence);
                state.LastOccurrence = occurrence;
                state.LastRunAt = now;
                state.Failures = 0;
                state.RetryAt = null;
                state.LastError = null;
                await _jobs.UpdateAsync(state, ct);
                return true;
            }, ct);
            if (ran) _log.LogInformation("Scheduled job {Job} done for {Occurrence:u}", job.Name, occurrence);
            return ran;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            state.Failures++;
            state.LastError = e.GetType().Name;
            if (state.Failures >= _options.MaxAttempts)
            {
                _log.LogError(e, "Scheduled job {Job} failed {Failures} times for {Occurrence:u}; giving up on this occurrence", job.Name, state.Failures, occurrence);
                await _audit.AppendAsync(now, "system", "job.failed", Array.Empty<string>(), $"{job.Name} for {occurrence:u} gave up after {state.Failures} attempts ({state.LastError})", ct);
                state.LastOccurrence = occurrence;
                state.Failures = 0;
                state.RetryAt = null;
            }
            else
            {
                _log.LogWarning(e, "Scheduled job {Job} failed (attempt {Failures}); will try again", job.Name, state.Failures);
                state.RetryAt = now + TimeSpan.FromTicks(Math.Min(TimeSpan.FromHours(1).Ticks, _options.PollInterval.Ticks << Math.Min(state.Failures, 10)));
            }
            await _jobs.UpdateAsync(state, ct);
            return false;
        }
    }
}

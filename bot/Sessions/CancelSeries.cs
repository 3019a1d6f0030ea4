using Chexs.Bot.Records;
using Chexs.Bot.Storage;

namespace Chexs.Bot.Sessions;

/// <summary>
/// Use case: cancel the rest of a series — every date still to come that is booked or waiting — in one
/// transaction, each exactly as a single cancellation (<see cref="CancelSession"/>: guardians told about that date,
/// its Zoom meeting deleted, its reminders and calendar event withdrawn). One date alone is cancelled like any
/// session. Dates already held or cancelled stay as they are.
/// </summary>
public sealed class CancelSeries
{
    private readonly ISessionRepository _sessions;
    private readonly IBookingSeriesRepository _series;
    private readonly IStoreTransactions _transactions;
    private readonly CancelSession _cancel;
    private readonly SessionLocks _locks;
    private readonly TimeProvider _clock;

    public CancelSeries(ISessionRepository sessions, IBookingSeriesRepository series, IStoreTransactions transactions, CancelSession cancel, SessionLocks locks, TimeProvider clock)
    {
        _sessions = sessions;
        _series = series;
        _transactions = transactions;
        _cancel = cancel;
        _locks = locks;
        _clock = clock;
    }

    public ValueTask<BookingSeries?> FindAsync(string seriesId, CancellationToken ct = default) => _series.FindAsync(seriesId, ct);

    /// <summary>The dates still to come that are booked or waiting, in date order.</summary>
    public async Task<IReadOnlyList<Session>> RemainingAsync(string seriesId, CancellationToken ct = default)
    {
        var now = _clock.GetUtcNow();
        return (await _sessions.InSeriesAsync(seriesId, ct)).Where(s => s.IsLive && s.Start > now).OrderBy(s => s.Start).ToList();
    }

    /// <summary>Cancels every remaining date; returns the sessions cancelled now (none when nothing was left).</summary>
    public async Task<IReadOnlyList<Session>> CancelRestAsync(string seriesId, string actor, string reason, CancellationToken ct)
    {
        await using var _ = await _locks.AcquireAsync(seriesId, ct);
        var remaining = await RemainingAsync(seriesId, ct);
        var cancelled = await _transactions.RunAsync(async () =>
        {
            var done = new List<Session>();
            foreach (var s in remaining)
            {
                if (await _cancel.CancelAsync(s, reason, actor, ct)) done.Add(s);
            }
            return done;
        }, ct);
        if (cancelled.Count > 0) _cancel.WakeWorkers();
        return cancelled;
    }
}

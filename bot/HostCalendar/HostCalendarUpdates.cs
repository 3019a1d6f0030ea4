using Chexs.Bot.Graph;
using Chexs.Bot.Records;
using Chexs.Bot.Storage;

namespace Chexs.Bot.HostCalendar;

/// <summary>
/// Queues "bring the host's calendar in line with this session" — after booking, rescheduling,
/// cancelling or changing host. Only writes the store, so call it inside the booking's transaction;
/// <see cref="HostCalendarWorker"/> does the Graph work afterwards.
/// </summary>
public sealed class HostCalendarUpdates
{
    private readonly IHostCalendarChanges _changes;
    private readonly IStoreTransactions _transactions;
    private readonly TimeProvider _clock;

    public HostCalendarUpdates(IHostCalendarChanges changes, IStoreTransactions transactions, TimeProvider clock)
    {
        _changes = changes;
        _transactions = transactions;
        _clock = clock;
    }

    public Outbox.OutboxWakeup Wakeup { get; } = new();

    public async Task<HostCalendarChange> EnqueueAsync(Session session, CancellationToken ct = default)
    {
        var now = _clock.GetUtcNow();
        var change = await _transactions.RunAsync(async () =>
        {
            var row = await _changes.FindAsync(session.Id, ct) ?? new HostCalendarChange { Id = session.Id, CreatedAt = now };
            row.Version++;
            row.Status = CalendarChangeStatus.Pending;
            row.Attempts = 0;
            row.NextAttemptAt = now;
            row.LastError = null;
            await _changes.UpsertAsync(row, ct);
            return row;
        }, ct);
        Wakeup.Wake();
        return change;
    }
}

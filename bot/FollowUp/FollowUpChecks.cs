using Chexs.Bot.Outbox;
using Chexs.Bot.Graph;
using Chexs.Bot.Records;
using Chexs.Bot.Storage;

namespace Chexs.Bot.FollowUp;

/// <summary>The stored follow-up checks (<see cref="FollowUpItem"/>): what Zoom events ask for, and their outcomes.</summary>
public sealed class FollowUpChecks
{
    private readonly IFollowUpRepository _items;
    private readonly IStoreTransactions _transactions;
    private readonly TimeProvider _clock;

    public FollowUpChecks(IFollowUpRepository items, IStoreTransactions transactions, TimeProvider clock)
    {
        _items = items;
        _transactions = transactions;
        _clock = clock;
    }

    /// <summary>Wakes the follow-up worker when a check is due now (a lock nudge should not wait for the next poll).</summary>
    public OutboxWakeup Wakeup { get; } = new();

    /// <summary>Asks for the P8 lock nudge, once per session's meeting. True when this call asked for it.</summary>
    public async Task<bool> RequestLockNudgeAsync(Session session, CancellationToken ct = default)
    {
        var now = _clock.GetUtcNow();
        var id = FollowUpItem.IdFor(FollowUpKind.LockNudge, session.Id);
        var added = await _transactions.RunAsync(async () =>
        {
            if (await _items.FindAsync(id, ct) is not null) return false;
            await _items.InsertAsync(new FollowUpItem
            {
                Id = id, Kind = FollowUpKind.LockNudge, SessionId = session.Id, CreatedAt = now, DueAt = now, OutstandingDueUtc = now.UtcDateTime,
            }, ct);
            return true;
        }, ct);
        if (added) Wakeup.Wake();
        return added;
    }

    /// <summary>
    /// The meeting ended at <paramref name="endedAt"/>: check for a completed recording <paramref name="wait"/> later
    /// (P5). A meeting ended again (restarted) moves a pending check to the later end; a finished check stays finished.
    /// </summary>
    public Task ExpectRecordingAsync(Session session, DateTimeOffset endedAt, TimeSpan wait, CancellationToken ct = default)
    {
        var due = endedAt + wait;
        var id = FollowUpItem.IdFor(FollowUpKind.RecordingCheck, session.Id);
        return _transactions.RunAsync(async () =>
        {
            var existing = await _items.FindAsync(id, ct);
            if (existing is null)
            {
                await _items.InsertAsync(new FollowUpItem
                {
                    Id = id, Kind = FollowUpKind.RecordingCheck, SessionId = session.Id, CreatedAt = _clock.GetUtcNow(), DueAt = due, OutstandingDueUtc = due.UtcDateTime,
                }, ct);
            }
            else if (existing.Status == FollowUpStatus.Pending && due > existing.DueAt)
            {
                existing.DueAt = due;
                existing.OutstandingDueUtc = due.UtcDateTime;
                await _items.UpdateAsync(existing, ct);
            }
        }, ct);
    }

    /// <summary>Zoom reported the recording: a pending check is settled without alerting anyone.</summary>
    public async Task RecordingArrivedAsync(string sessionId, DateTimeOffset at, CancellationToken ct = default)
    {
        var existing = await _items.FindAsync(FollowUpItem.IdFor(FollowUpKind.RecordingCheck, sessionId), ct);
        if (existing is { Status: FollowUpStatus.Pending })
        {
            await CompleteAsync(existing, $"recording completed at {at:u}", ct);
        }
    }

    public async Task<IReadOnlyList<FollowUpItem>> DueAsync(DateTimeOffset now, int max, CancellationToken ct = default) =>
        (await _items.DueAsync(now, max, ct))
            .Where(i => i.Status is FollowUpStatus.Pending or FollowUpStatus.Sending)
            .OrderBy(i => i.DueAt)
            .ToList();

    public ValueTask<FollowUpItem?> FindAsync(FollowUpKind kind, string sessionId, CancellationToken ct = default) =>
        _items.FindAsync(FollowUpItem.IdFor(kind, sessionId), ct);

    public async Task MarkSendingAsync(FollowUpItem item, CancellationToken ct = default)
    {
        item.Status = FollowUpStatus.Sending;
        item.Attempts++;
        await _items.UpdateAsync(item, ct);
    }

    public async Task MarkFailedAsync(FollowUpItem item, string error, CancellationToken ct = default)
    {
        item.Status = FollowUpStatus.Pending;
        item.LastError = error;
        await _items.UpdateAsync(item, ct);
    }

    public Task CompleteAsync(FollowUpItem item, string outcome, CancellationToken ct = default) => CloseAsync(item, FollowUpStatus.Done, outcome, ct);

    public Task SkipAsync(FollowUpItem item, string reason, CancellationToken ct = default) => CloseAsync(item, FollowUpStatus.Skipped, reason, ct);

    private async Task CloseAsync(FollowUpItem item, FollowUpStatus status, string outcome, CancellationToken ct)
    {
        item.Status = status;
        item.Outcome = outcome;
        item.DoneAt = _clock.GetUtcNow();
        item.OutstandingDueUtc = null;
        await _items.UpdateAsync(item, ct);
    }
}

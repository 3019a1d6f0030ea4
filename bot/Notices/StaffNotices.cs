namespace Chexs.Bot.Notices;

/// <summary>The outbox of staff notices. Enqueue inside the same transaction as the decision it reports.</summary>
public sealed class StaffNotices
{
    private readonly IStaffNoticeOutbox _outbox;
    private readonly TimeProvider _clock;

    public StaffNotices(IStaffNoticeOutbox outbox, TimeProvider clock)
    {
        _outbox = outbox;
        _clock = clock;
    }

    /// <summary>Wakes the delivery worker once the transaction that queued a notice has committed.</summary>
    public Outbox.OutboxWakeup Wakeup { get; } = new();

    /// <param name="cardJson">An Adaptive Card rendered before the transaction, or null for a text message.</param>
    public async Task<StaffNotice> EnqueueAsync(string recipient, string text, IEnumerable<string> records, string? cardJson = null, CancellationToken ct = default)
    {
        var notice = new StaffNotice { Recipient = recipient, Text = text, CardJson = cardJson, Records = records.ToList(), CreatedAt = _clock.GetUtcNow() };
        await _outbox.InsertAsync(notice, ct);
        return notice;
    }

    /// <summary>
    /// Every notice not yet delivered and not given up, oldest first. All of them, not a first page: notices
    /// waiting for a chat that does not exist yet must not hold back the ones behind them.
    /// </summary>
    public ValueTask<IReadOnlyList<StaffNotice>> PendingAsync(int maxAttempts, CancellationToken ct = default) => _outbox.UnsentAsync(maxAttempts, ct);

    public ValueTask<StaffNotice?> FindAsync(string id, CancellationToken ct = default) => _outbox.FindAsync(id, ct);

    public async Task MarkSentAsync(StaffNotice notice, CancellationToken ct = default)
    {
        notice.SentAt = _clock.GetUtcNow();
        await _outbox.UpdateAsync(notice, ct);
    }

    public ValueTask<bool> UpdateAsync(StaffNotice notice, CancellationToken ct = default) => _outbox.UpdateAsync(notice, ct);
}

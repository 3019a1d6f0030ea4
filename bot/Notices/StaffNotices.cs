using Chexs.Bot.Storage;

namespace Chexs.Bot.Notices;

/// <summary>The outbox of staff notices. Enqueue inside the same transaction as the decision it reports.</summary>
public sealed class StaffNotices
{
    private readonly ChexsDatabase _db;
    private readonly TimeProvider _clock;

    public StaffNotices(ChexsDatabase db, TimeProvider clock)
    {
        _db = db;
        _clock = clock;
    }

    /// <summary>Wakes the delivery worker once the transaction that queued a notice has committed.</summary>
    public Outbox.OutboxWakeup Wakeup { get; } = new();

    public StaffNotice Enqueue(string recipient, string text, IEnumerable<string> records)
    {
        var notice = new StaffNotice { Recipient = recipient, Text = text, Records = records.ToList(), CreatedAt = _clock.GetUtcNow() };
        _db.Notices.Insert(notice);
        return notice;
    }

    /// <summary>
    /// Every notice not yet delivered and not given up, oldest first. All of them, not a first page: notices
    /// waiting for a chat that does not exist yet must not hold back the ones behind them.
    /// </summary>
    public IReadOnlyList<StaffNotice> Pending(int maxAttempts) =>
        _db.Notices.Find(n => n.SentAt == null).Where(n => n.Attempts < maxAttempts).OrderBy(n => n.CreatedAt).ToList();

    public void MarkSent(StaffNotice notice)
    {
        notice.SentAt = _clock.GetUtcNow();
        _db.Notices.Update(notice);
    }
}

using Chexs.Bot.Records;
using Chexs.Bot.Storage;

namespace Chexs.Bot.Reminders;

/// <summary>
/// Reminders owed, in the store. Booking and rescheduling call <see cref="ScheduleAsync"/> inside their own
/// transaction, cancelling calls <see cref="WithdrawAsync"/>, so a session's reminders always match its
/// latest state. Each reminder's id is deterministic (session, start, offset, audience), which is what
/// makes scheduling twice harmless.
/// </summary>
public sealed class ReminderStore
{
    private readonly IReminderRepository _reminders;
    private readonly IStoreTransactions _transactions;
    private readonly TimeProvider _clock;

    public ReminderStore(IReminderRepository reminders, IStoreTransactions transactions, TimeProvider clock)
    {
        _reminders = reminders;
        _transactions = transactions;
        _clock = clock;
    }

    /// <summary>
    /// Makes the session's outstanding reminders those of its current start (booking, reschedule, or a
    /// change of the G5 offsets). Reminders for another start are withdrawn; those already sent stay as
    /// history; one whose time has already passed when it is scheduled is not owed (a session booked ten
    /// minutes ahead gets no "24 hours before" reminder, and none that says it is late).
    /// </summary>
    public Task ScheduleAsync(Session session, IEnumerable<TimeSpan> offsets, TimeZoneInfo zone, string withdrawnReason = "rescheduled", CancellationToken ct = default)
    {
        var now = _clock.GetUtcNow();
        var wanted = ReminderSchedule.For(session, offsets, zone).ToDictionary(r => r.Id);
        return ScheduleAsync(session.Id, wanted, now, withdrawnReason, ct);
    }

    private async Task ScheduleAsync(string sessionId, Dictionary<string, Reminder> wanted, DateTimeOffset now, string withdrawnReason, CancellationToken ct)
    {
        // Usually nothing is to change (the worker's start-up pass over every future session): one read says so, with no
        // transaction and no writer lock; on PostgreSQL that is one round trip a session instead of a transaction's worth.
        if (AlreadyScheduled(await _reminders.ForSessionAsync(sessionId, ct), wanted, now, withdrawnReason)) return;
        await _transactions.RunAsync(async () =>
        {
            foreach (var r in (await OutstandingAsync(sessionId, ct)).Where(r => !wanted.ContainsKey(r.Id)))
            {
                await SkipAsync(r, withdrawnReason, ct);
            }
            // An outstanding reminder of this very start stays as it is, even if its time has passed: it is owed (late).
            foreach (var reminder in wanted.Values.Where(r => r.DueAt > now))
            {
                var existing = await _reminders.FindAsync(reminder.Id, ct);
                if (existing is null)
                {
                    await _reminders.InsertAsync(reminder, ct);
                }
                else if (existing.Status == ReminderStatus.Skipped && existing.SkipReason == withdrawnReason)
                {
                    // Moved away and back to this very time: the withdrawn reminder is owed again.
                    existing.Status = ReminderStatus.Pending;
                    existing.SkipReason = null;
                    existing.OutstandingDueUtc = existing.DueAt.UtcDateTime;
                    await _reminders.UpdateAsync(existing, ct);
                }
            }
            return 0;
        }, ct);
    }

    /// <summary>True when the session's stored reminders already are what <see cref="ScheduleAsync"/> would make them.</summary>
    private static bool AlreadyScheduled(IReadOnlyList<Reminder> stored, Dictionary<string, Reminder> wanted, DateTimeOffset now, string withdrawnReason)
    {
        var byId = stored.ToDictionary(r => r.Id);
        if (stored.Any(r => r.Status is ReminderStatus.Pending or ReminderStatus.Sending && !wanted.ContainsKey(r.Id))) return false;
        return wanted.Values.Where(r => r.DueAt > now).All(r =>
            byId.TryGetValue(r.Id, out var existing) && !(existing.Status == ReminderStatus.Skipped && existing.SkipReason == withdrawnReason));
    }

    /// <summary>Stops a session's outstanding reminders (cancellation, rejection).</summary>
    public async Task<int> WithdrawAsync(string sessionId, string reason, CancellationToken ct = default)
    {
        var outstanding = await OutstandingAsync(sessionId, ct);
        foreach (var r in outstanding)
        {
            await SkipAsync(r, reason, ct);
        }
        return outstanding.Count;
    }

    private async Task<List<Reminder>> OutstandingAsync(string sessionId, CancellationToken ct) =>
        (await _reminders.ForSessionAsync(sessionId, ct)).Where(r => r.Status is ReminderStatus.Pending or ReminderStatus.Sending).ToList();

    /// <summary>Outstanding reminders due at or before <paramref name="now"/>, oldest first.</summary>
    public async Task<IReadOnlyList<Reminder>> DueAsync(DateTimeOffset now, int max, CancellationToken ct = default) =>
        // Index range scan: only outstanding reminders have a due value, so sent history is never read.
        (await _reminders.DueAsync(now, max, ct))
            .Where(r => r.Status is ReminderStatus.Pending or ReminderStatus.Sending)
            .OrderBy(r => r.DueAt)
            .ToList();

    public ValueTask<Reminder?> FindAsync(string id, CancellationToken ct = default) => _reminders.FindAsync(id, ct);

    public ValueTask<IReadOnlyList<Reminder>> ForSessionAsync(string sessionId, CancellationToken ct = default) => _reminders.ForSessionAsync(sessionId, ct);

    /// <summary>The sent reminder whose Teams message is <paramref name="activityId"/> (to re-render it after a tick).</summary>
    public async Task<Reminder?> BySentActivityAsync(string sessionId, string? activityId, CancellationToken ct = default) =>
        string.IsNullOrEmpty(activityId) ? null : (await ForSessionAsync(sessionId, ct)).FirstOrDefault(r => r.ActivityId == activityId);

    public async Task MarkSendingAsync(Reminder r, CancellationToken ct = default)
    {
        r.Status = ReminderStatus.Sending;
        r.Attempts++;
        await _reminders.UpdateAsync(r, ct);
    }

    public async Task MarkSentAsync(Reminder r, DateTimeOffset at, bool late, string? conversationId, string? activityId, CancellationToken ct = default)
    {
        r.Status = ReminderStatus.Sent;
        r.SentAt = at;
        r.SentLate = late;
        r.OutstandingDueUtc = null;
        r.ConversationId = conversationId;
        r.ActivityId = activityId;
        r.LastError = null;
        await _reminders.UpdateAsync(r, ct);
    }

    /// <summary>Not sent this time; stays due and is tried again on the next pass.</summary>
    public async Task MarkFailedAsync(Reminder r, string error, CancellationToken ct = default)
    {
        r.Status = ReminderStatus.Pending;
        r.LastError = error;
        await _reminders.UpdateAsync(r, ct);
    }

    public async Task SkipAsync(Reminder r, string reason, CancellationToken ct = default)
    {
        r.Status = ReminderStatus.Skipped;
        r.SkipReason = reason;
        r.OutstandingDueUtc = null;
        await _reminders.UpdateAsync(r, ct);
    }
}

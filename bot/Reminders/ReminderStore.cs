using Chexs.Bot.Records;
using Chexs.Bot.Storage;
using LiteDB;

namespace Chexs.Bot.Reminders;

/// <summary>
/// Reminders owed, in LiteDB. Booking and rescheduling call <see cref="Schedule"/> inside their own
/// transaction, cancelling calls <see cref="Withdraw"/>, so a session's reminders always match its
/// latest state. Each reminder's id is deterministic (session, start, offset, audience), which is what
/// makes scheduling twice harmless.
/// </summary>
public sealed class ReminderStore
{
    private readonly ChexsDatabase _db;
    private readonly TimeProvider _clock;

    public ReminderStore(ChexsDatabase db) : this(db, TimeProvider.System)
    {
    }

    public ReminderStore(ChexsDatabase db, TimeProvider clock)
    {
        _db = db;
        _clock = clock;
    }

    /// <summary>
    /// Makes the session's outstanding reminders those of its current start (booking, reschedule, or a
    /// change of the G5 offsets). Reminders for another start are withdrawn; those already sent stay as
    /// history; one whose time has already passed when it is scheduled is not owed (a session booked ten
    /// minutes ahead gets no "24 hours before" reminder, and none that says it is late).
    /// </summary>
    public void Schedule(Session session, IEnumerable<TimeSpan> offsets, TimeZoneInfo zone, string withdrawnReason = "rescheduled")
    {
        var now = _clock.GetUtcNow();
        var wanted = ReminderSchedule.For(session, offsets, zone).ToDictionary(r => r.Id);
        _db.InTransaction(() =>
        {
            foreach (var r in Outstanding(session.Id).Where(r => !wanted.ContainsKey(r.Id)))
            {
                Skip(r, withdrawnReason);
            }
            // An outstanding reminder of this very start stays as it is, even if its time has passed: it is owed (late).
            foreach (var reminder in wanted.Values.Where(r => r.DueAt > now))
            {
                var existing = _db.Reminders.FindById(reminder.Id);
                if (existing is null)
                {
                    _db.Reminders.Insert(reminder);
                }
                else if (existing.Status == ReminderStatus.Skipped && existing.SkipReason == withdrawnReason)
                {
                    // Moved away and back to this very time: the withdrawn reminder is owed again.
                    existing.Status = ReminderStatus.Pending;
                    existing.SkipReason = null;
                    existing.OutstandingDueUtc = existing.DueAt.UtcDateTime;
                    _db.Reminders.Update(existing);
                }
            }
        });
    }

    /// <summary>Stops a session's outstanding reminders (cancellation, rejection).</summary>
    public int Withdraw(string sessionId, string reason)
    {
        var outstanding = Outstanding(sessionId);
        foreach (var r in outstanding)
        {
            Skip(r, reason);
        }
        return outstanding.Count;
    }

    private List<Reminder> Outstanding(string sessionId) =>
        _db.Reminders.Find(r => r.SessionId == sessionId).Where(r => r.Status is ReminderStatus.Pending or ReminderStatus.Sending).ToList();

    /// <summary>Outstanding reminders due at or before <paramref name="now"/>, oldest first.</summary>
    public IReadOnlyList<Reminder> Due(DateTimeOffset now, int max) =>
        // Index range scan: only outstanding reminders have a due value, so sent history is never read.
        _db.Reminders.Find(Query.Between(nameof(Reminder.OutstandingDueUtc), new BsonValue(DateTime.MinValue.AddDays(1)), new BsonValue(now.UtcDateTime)), limit: max)
            .Where(r => r.Status is ReminderStatus.Pending or ReminderStatus.Sending)
            .OrderBy(r => r.DueAt)
            .ToList();

    /// <summary>
    /// Reminders left "Sending" by a crash or kill: Teams may or may not have taken them. They are made
    /// due again — a lost safeguarding reminder is worse than the rare repeat (see ReminderWorker).
    /// </summary>
    public IReadOnlyList<Reminder> RecoverInterrupted()
    {
        var stuck = _db.Reminders.Find(r => r.Status == ReminderStatus.Sending).ToList();
        foreach (var r in stuck)
        {
            r.Status = ReminderStatus.Pending;
            _db.Reminders.Update(r);
        }
        return stuck;
    }

    public IReadOnlyList<Reminder> ForSession(string sessionId) => _db.Reminders.Find(r => r.SessionId == sessionId).ToList();

    /// <summary>The sent reminder whose Teams message is <paramref name="activityId"/> (to re-render it after a tick).</summary>
    public Reminder? BySentActivity(string sessionId, string? activityId) =>
        string.IsNullOrEmpty(activityId) ? null : ForSession(sessionId).FirstOrDefault(r => r.ActivityId == activityId);

    public void MarkSending(Reminder r)
    {
        r.Status = ReminderStatus.Sending;
        r.Attempts++;
        _db.Reminders.Update(r);
    }

    public void MarkSent(Reminder r, DateTimeOffset at, bool late, string? conversationId, string? activityId)
    {
        r.Status = ReminderStatus.Sent;
        r.SentAt = at;
        r.SentLate = late;
        r.OutstandingDueUtc = null;
        r.ConversationId = conversationId;
        r.ActivityId = activityId;
        r.LastError = null;
        _db.Reminders.Update(r);
    }

    /// <summary>Not sent this time; stays due and is tried again on the next pass.</summary>
    public void MarkFailed(Reminder r, string error)
    {
        r.Status = ReminderStatus.Pending;
        r.LastError = error;
        _db.Reminders.Update(r);
    }

    public void Skip(Reminder r, string reason)
    {
        r.Status = ReminderStatus.Skipped;
        r.SkipReason = reason;
        r.OutstandingDueUtc = null;
        _db.Reminders.Update(r);
    }
}

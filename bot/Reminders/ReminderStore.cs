using Chexs.Bot.Records;
using Chexs.Bot.Storage;
using LiteDB;

namespace Chexs.Bot.Reminders;

/// <summary>Reminders owed, in LiteDB. Scheduling happens in the same transaction as the booking.</summary>
public sealed class ReminderStore
{
    private readonly ChexsDatabase _db;

    public ReminderStore(ChexsDatabase db) => _db = db;

    /// <summary>Replaces the outstanding reminders of a session (booking or reschedule). Sent ones stay as history.</summary>
    public void Schedule(Session session, IEnumerable<TimeSpan> offsets, TimeZoneInfo zone)
    {
        Withdraw(session.Id, "rescheduled");
        foreach (var reminder in ReminderSchedule.For(session, offsets, zone))
        {
            var existing = _db.Reminders.FindById(reminder.Id);
            if (existing is null)
            {
                _db.Reminders.Insert(reminder);
            }
        }
    }

    /// <summary>Stops a session's outstanding reminders (cancellation, rejection, reschedule).</summary>
    public int Withdraw(string sessionId, string reason)
    {
        var outstanding = _db.Reminders.Find(r => r.SessionId == sessionId && r.Status == ReminderStatus.Pending).ToList();
        foreach (var r in outstanding)
        {
            Skip(r, reason);
        }
        return outstanding.Count;
    }

    /// <summary>Outstanding reminders due at or before <paramref name="now"/>, oldest first.</summary>
    public IReadOnlyList<Reminder> Due(DateTimeOffset now, int max) =>
        _db.Reminders.Find(Query.Between(nameof(Reminder.OutstandingDueUtc), new BsonValue(DateTime.MinValue.AddDays(1)), new BsonValue(now.UtcDateTime)), limit: max)
            .Where(r => r.Status is ReminderStatus.Pending or ReminderStatus.Sending)
            .ToList();

    /// <summary>Reminders left "Sending" by a crash: make them due again (a lost reminder is worse than a rare repeat).</summary>
    public int RecoverInterrupted()
    {
        var stuck = _db.Reminders.Find(r => r.Status == ReminderStatus.Sending).ToList();
        foreach (var r in stuck)
        {
            r.Status = ReminderStatus.Pending;
            _db.Reminders.Update(r);
        }
        return stuck.Count;
    }

    public IReadOnlyList<Reminder> ForSession(string sessionId) => _db.Reminders.Find(r => r.SessionId == sessionId).ToList();

    public void MarkSending(Reminder r)
    {
        r.Status = ReminderStatus.Sending;
        r.Attempts++;
        _db.Reminders.Update(r);
    }

    public void MarkSent(Reminder r, DateTimeOffset at, string? conversationId, string? activityId)
    {
        r.Status = ReminderStatus.Sent;
        r.SentAt = at;
        r.OutstandingDueUtc = null;
        r.ConversationId = conversationId;
        r.ActivityId = activityId;
        r.LastError = null;
        _db.Reminders.Update(r);
    }

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

using Chexs.Bot.Outbox;
using Chexs.Bot.Graph;
using Chexs.Bot.Records;
using Chexs.Bot.Storage;
using LiteDB;

namespace Chexs.Bot.FollowUp;

/// <summary>The stored follow-up checks (<see cref="FollowUpItem"/>): what Zoom events ask for, and their outcomes.</summary>
public sealed class FollowUpChecks
{
    private readonly ChexsDatabase _db;
    private readonly TimeProvider _clock;

    public FollowUpChecks(ChexsDatabase db, TimeProvider clock)
    {
        _db = db;
        _clock = clock;
    }

    /// <summary>Wakes the follow-up worker when a check is due now (a lock nudge should not wait for the next poll).</summary>
    public OutboxWakeup Wakeup { get; } = new();

    /// <summary>Asks for the P8 lock nudge, once per session's meeting. True when this call asked for it.</summary>
    public bool RequestLockNudge(Session session)
    {
        var now = _clock.GetUtcNow();
        var id = FollowUpItem.IdFor(FollowUpKind.LockNudge, session.Id);
        var added = _db.InTransaction(() =>
        {
            if (_db.FollowUps.FindById(id) is not null) return false;
            _db.FollowUps.Insert(new FollowUpItem
            {
                Id = id, Kind = FollowUpKind.LockNudge, SessionId = session.Id, CreatedAt = now, DueAt = now, OutstandingDueUtc = now.UtcDateTime,
            });
            return true;
        });
        if (added) Wakeup.Wake();
        return added;
    }

    /// <summary>
    /// The meeting ended at <paramref name="endedAt"/>: check for a completed recording <paramref name="wait"/> later
    /// (P5). A meeting ended again (restarted) moves a pending check to the later end; a finished check stays finished.
    /// </summary>
    public void ExpectRecording(Session session, DateTimeOffset endedAt, TimeSpan wait)
    {
        var due = endedAt + wait;
        var id = FollowUpItem.IdFor(FollowUpKind.RecordingCheck, session.Id);
        _db.InTransaction(() =>
        {
            var existing = _db.FollowUps.FindById(id);
            if (existing is null)
            {
                _db.FollowUps.Insert(new FollowUpItem
                {
                    Id = id, Kind = FollowUpKind.RecordingCheck, SessionId = session.Id, CreatedAt = _clock.GetUtcNow(), DueAt = due, OutstandingDueUtc = due.UtcDateTime,
                });
            }
            else if (existing.Status == FollowUpStatus.Pending && due > existing.DueAt)
            {
                existing.DueAt = due;
                existing.OutstandingDueUtc = due.UtcDateTime;
                _db.FollowUps.Update(existing);
            }
        });
    }

    /// <summary>Zoom reported the recording: a pending check is settled without alerting anyone.</summary>
    public void RecordingArrived(string sessionId, DateTimeOffset at)
    {
        var existing = _db.FollowUps.FindById(FollowUpItem.IdFor(FollowUpKind.RecordingCheck, sessionId));
        if (existing is { Status: FollowUpStatus.Pending })
        {
            Complete(existing, $"recording completed at {at:u}");
        }
    }

    public IReadOnlyList<FollowUpItem> Due(DateTimeOffset now, int max) =>
        _db.FollowUps.Find(Query.Between(nameof(FollowUpItem.OutstandingDueUtc), new BsonValue(DateTime.MinValue.AddDays(1)), new BsonValue(now.UtcDateTime)), limit: max)
            .Where(i => i.Status is FollowUpStatus.Pending or FollowUpStatus.Sending)
            .OrderBy(i => i.DueAt)
            .ToList();

    public FollowUpItem? Find(FollowUpKind kind, string sessionId) => _db.FollowUps.FindById(FollowUpItem.IdFor(kind, sessionId));

    public IReadOnlyList<FollowUpItem> RecoverInterrupted()
    {
        var stuck = _db.FollowUps.Find(i => i.Status == FollowUpStatus.Sending).ToList();
        foreach (var i in stuck)
        {
            i.Status = FollowUpStatus.Pending;
            _db.FollowUps.Update(i);
        }
        return stuck;
    }

    public void MarkSending(FollowUpItem item)
    {
        item.Status = FollowUpStatus.Sending;
        item.Attempts++;
        _db.FollowUps.Update(item);
    }

    public void MarkFailed(FollowUpItem item, string error)
    {
        item.Status = FollowUpStatus.Pending;
        item.LastError = error;
        _db.FollowUps.Update(item);
    }

    public void Complete(FollowUpItem item, string outcome) => Close(item, FollowUpStatus.Done, outcome);

    public void Skip(FollowUpItem item, string reason) => Close(item, FollowUpStatus.Skipped, reason);

    private void Close(FollowUpItem item, FollowUpStatus status, string outcome)
    {
        item.Status = status;
        item.Outcome = outcome;
        item.DoneAt = _clock.GetUtcNow();
        item.OutstandingDueUtc = null;
        _db.FollowUps.Update(item);
    }
}

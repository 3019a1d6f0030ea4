using Chexs.Bot.Graph;
using Chexs.Bot.Records;
using Chexs.Bot.Storage;

namespace Chexs.Bot.HostCalendar;

/// <summary>
/// Queues "bring the host's calendar in line with this session" — after booking, rescheduling,
/// cancelling or changing host. Only writes LiteDB, so call it inside the booking's transaction;
/// <see cref="HostCalendarWorker"/> does the Graph work afterwards.
/// </summary>
public sealed class HostCalendarUpdates
{
    private readonly ChexsDatabase _db;
    private readonly TimeProvider _clock;

    public HostCalendarUpdates(ChexsDatabase db, TimeProvider clock)
    {
        _db = db;
        _clock = clock;
    }

    public Outbox.OutboxWakeup Wakeup { get; } = new();

    public HostCalendarChange Enqueue(Session session)
    {
        var now = _clock.GetUtcNow();
        var change = _db.InTransaction(() =>
        {
            var row = _db.HostCalendarChanges.FindById(session.Id) ?? new HostCalendarChange { Id = session.Id, CreatedAt = now };
            row.Version++;
            row.Status = CalendarChangeStatus.Pending;
            row.Attempts = 0;
            row.NextAttemptAt = now;
            row.LastError = null;
            _db.HostCalendarChanges.Upsert(row);
            return row;
        });
        Wakeup.Wake();
        return change;
    }
}

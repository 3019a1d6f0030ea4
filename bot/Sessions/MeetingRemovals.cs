using Chexs.Bot.Storage;
using Chexs.Bot.Zoom;

namespace Chexs.Bot.Sessions;

/// <summary>A Zoom meeting that must be deleted because its session was cancelled or rejected.</summary>
public sealed class MeetingRemoval
{
    public long Id { get; set; }
    public string SessionId { get; set; } = "";
    public long MeetingId { get; set; }
    public bool Simulated { get; set; }
    public DateTimeOffset QueuedAt { get; set; }
    public DateTimeOffset? DoneAt { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
}

/// <summary>
/// The outbox of Zoom deletions. A cancellation writes one row in the same transaction as the
/// status change, so a crash can never leave a cancelled session with a live meeting nobody removes.
/// </summary>
public sealed class MeetingRemovals
{
    private readonly ChexsDatabase _db;
    private readonly TimeProvider _clock;

    public MeetingRemovals(ChexsDatabase db, TimeProvider clock)
    {
        _db = db;
        _clock = clock;
    }

    public Outbox.OutboxWakeup Wakeup { get; } = new();

    public void Enqueue(string sessionId, Records.ZoomMeetingRecord meeting) =>
        _db.MeetingRemovals.Insert(new MeetingRemoval { SessionId = sessionId, MeetingId = meeting.MeetingId, Simulated = meeting.Simulated, QueuedAt = _clock.GetUtcNow() });

    public IReadOnlyList<MeetingRemoval> Pending() => _db.MeetingRemovals.Find(r => r.DoneAt == null).OrderBy(r => r.Id).ToList();
}

/// <summary>Deletes queued meetings from Zoom; Zoom answering "no such meeting" counts as done.</summary>
public sealed class MeetingRemovalWorker : Outbox.PollingWorker
{
    private const int MaxAttempts = 10;
    private readonly ChexsDatabase _db;
    private readonly MeetingRemovals _removals;
    private readonly IZoomMeetings _zoom;
    private readonly TimeProvider _clock;
    private readonly ILogger<MeetingRemovalWorker> _log;

    public MeetingRemovalWorker(ChexsDatabase db, MeetingRemovals removals, IZoomMeetings zoom, TimeProvider clock, ILogger<MeetingRemovalWorker> log)
        : base(clock, log)
    {
        _db = db;
        _removals = removals;
        _zoom = zoom;
        _clock = clock;
        _log = log;
    }

    protected override TimeSpan PollInterval => TimeSpan.FromMinutes(1);
    protected override Outbox.OutboxWakeup? Wakeup => _removals.Wakeup;
    protected override string Name => "Zoom meeting removal";

    public override async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var done = 0;
        foreach (var removal in _removals.Pending().Where(r => r.Attempts < MaxAttempts))
        {
            try
            {
                await _zoom.DeleteAsync(removal.MeetingId, ct);
                removal.DoneAt = _clock.GetUtcNow();
                _db.MeetingRemovals.Update(removal);
                _db.AppendAudit(_clock.GetUtcNow(), "system", "zoom.meeting_deleted", new[] { removal.SessionId }, $"Zoom meeting {removal.MeetingId} deleted");
                done++;
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // Any failure counts as an attempt: one removal that fails in an unexpected way must neither
                // stop the others in this pass nor be retried for ever without anybody hearing of it.
                removal.Attempts++;
                removal.LastError = e.Message;
                _db.MeetingRemovals.Update(removal);
                if (removal.Attempts >= MaxAttempts)
                {
                    _db.InTransaction(() =>
                    {
                        _db.AppendAudit(_clock.GetUtcNow(), "system", "zoom.meeting_delete_failed", new[] { removal.SessionId }, e.Message);
                        _db.Notices.Insert(new Notices.StaffNotice
                        {
                            Recipient = Notices.StaffNotice.Managers,
                            Text = $"Session {removal.SessionId} was cancelled but its Zoom meeting could not be deleted after {removal.Attempts} tries. Please delete meeting {removal.MeetingId} in Zoom by hand.",
                            Records = { removal.SessionId },
                            CreatedAt = _clock.GetUtcNow(),
                        });
                    });
                }
            }
        }
        return done;
    }
}

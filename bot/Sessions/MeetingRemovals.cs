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
    private readonly IMeetingRemovalOutbox _outbox;
    private readonly TimeProvider _clock;

    public MeetingRemovals(IMeetingRemovalOutbox outbox, TimeProvider clock)
    {
        _outbox = outbox;
        _clock = clock;
    }

    public Outbox.OutboxWakeup Wakeup { get; } = new();

    public ValueTask EnqueueAsync(string sessionId, Records.ZoomMeetingRecord meeting, CancellationToken ct = default) =>
        _outbox.InsertAsync(new MeetingRemoval { SessionId = sessionId, MeetingId = meeting.MeetingId, Simulated = meeting.Simulated, QueuedAt = _clock.GetUtcNow() }, ct);

    public ValueTask<IReadOnlyList<MeetingRemoval>> PendingAsync(CancellationToken ct = default) => _outbox.PendingAsync(ct);

    public ValueTask<MeetingRemoval?> FindAsync(long id, CancellationToken ct = default) => _outbox.FindAsync(id, ct);

    public ValueTask<bool> UpdateAsync(MeetingRemoval removal, CancellationToken ct = default) => _outbox.UpdateAsync(removal, ct);
}

/// <summary>
/// Deletes queued meetings from Zoom; Zoom answering "no such meeting" counts as done, so a deletion repeated by
/// another instance after a kill is harmless. Each removal is claimed (<see cref="WorkClaims"/>) and read again first.
/// </summary>
public sealed class MeetingRemovalWorker : Outbox.PollingWorker
{
    private const int MaxAttempts = 10;
    private readonly MeetingRemovals _removals;
    private readonly IStoreTransactions _transactions;
    private readonly IAuditTrail _audit;
    private readonly Notices.StaffNotices _notices;
    private readonly IZoomMeetings _zoom;
    private readonly WorkClaims _claims;
    private readonly TimeProvider _clock;
    private readonly ILogger<MeetingRemovalWorker> _log;

    public MeetingRemovalWorker(MeetingRemovals removals, IStoreTransactions transactions, IAuditTrail audit, Notices.StaffNotices notices,
        IZoomMeetings zoom, WorkClaims claims, TimeProvider clock, ILogger<MeetingRemovalWorker> log)
        : base(clock, log)
    {
        _removals = removals;
        _transactions = transactions;
        _audit = audit;
        _notices = notices;
        _zoom = zoom;
        _claims = claims;
        _clock = clock;
        _log = log;
    }

    protected override TimeSpan PollInterval => TimeSpan.FromMinutes(1);
    protected override Outbox.OutboxWakeup? Wakeup => _removals.Wakeup;
    protected override string Name => "Zoom meeting removal";

    public override async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var done = 0;
        foreach (var pending in (await _removals.PendingAsync(ct)).Where(r => r.Attempts < MaxAttempts))
        {
            ct.ThrowIfCancellationRequested();
            if (await _claims.DoOnceAsync($"meeting-removal:{pending.Id}",
                    async () => await _removals.FindAsync(pending.Id, ct),
                    fresh => fresh.DoneAt is null && fresh.Attempts < MaxAttempts,
                    fresh => RemoveAsync(fresh, ct),
                    ct))
            {
                done++;
            }
        }
        return done;
    }

    private async Task<bool> RemoveAsync(MeetingRemoval removal, CancellationToken ct)
    {
        try
        {
            await _zoom.DeleteAsync(removal.MeetingId, ct);
            removal.DoneAt = _clock.GetUtcNow();
            await _removals.UpdateAsync(removal, ct);
            await _audit.AppendAsync(_clock.GetUtcNow(), "system", "zoom.meeting_deleted", new[] { removal.SessionId }, $"Zoom meeting {removal.MeetingId} deleted", ct);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Any failure counts as an attempt: one removal that fails in an unexpected way must neither
            // stop the others in this pass nor be retried for ever without anybody hearing of it.
            removal.Attempts++;
            removal.LastError = e.Message;
            await _removals.UpdateAsync(removal, ct);
            if (removal.Attempts >= MaxAttempts)
            {
                await _transactions.RunAsync(async () =>
                {
                    await _audit.AppendAsync(_clock.GetUtcNow(), "system", "zoom.meeting_delete_failed", new[] { removal.SessionId }, e.Message, ct);
                    await _notices.EnqueueAsync(Notices.StaffNotice.Managers,
                        $"Session {removal.SessionId} was cancelled but its Zoom meeting could not be deleted after {removal.Attempts} tries. Please delete meeting {removal.MeetingId} in Zoom by hand.",
                        new[] { removal.SessionId }, ct: ct);
                }, ct);
            }
            return false;
        }
    }
}

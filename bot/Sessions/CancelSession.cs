using Chexs.Bot.Records;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Storage;

namespace Chexs.Bot.Sessions;

/// <summary>
/// Use case: cancel a session, on a staff member's request or because the bot decided it (a consent
/// withdrawn). Status and reason, the guardians' cancellation e-mails, the host's calendar event, the
/// reminders, the Zoom meeting's deletion — each queued for its worker — and the audit entry, in one
/// transaction (the caller's, when there is one).
/// </summary>
public sealed class CancelSession : ISessionCancellation
{
    private readonly ISessionRepository _sessions;
    private readonly IStoreTransactions _transactions;
    private readonly IAuditTrail _audit;
    private readonly SessionOutboxes _outboxes;
    private readonly SessionLocks _locks;
    private readonly TimeProvider _clock;

    public CancelSession(ISessionRepository sessions, IStoreTransactions transactions, IAuditTrail audit, SessionOutboxes outboxes, SessionLocks locks, TimeProvider clock)
    {
        _sessions = sessions;
        _transactions = transactions;
        _audit = audit;
        _outboxes = outboxes;
        _locks = locks;
        _clock = clock;
    }

    /// <summary>A staff member's cancellation: serialised with other changes to the session, workers woken after the commit.</summary>
    public async Task<bool> CancelOnRequestAsync(string sessionId, string actor, string reason, CancellationToken ct)
    {
        await using var _ = await _locks.AcquireAsync(sessionId, ct);
        var session = await _sessions.FindAsync(sessionId, ct);
        if (session is null) return false;
        var cancelled = await CancelAsync(session, reason, actor, ct);
        if (cancelled) _outboxes.WakeWorkers();
        return cancelled;
    }

    /// <summary>Cancels inside the caller's transaction (or one of its own); false when the session was no longer live.</summary>
    public Task<bool> CancelAsync(Session session, string reason, string actor, CancellationToken ct = default) =>
        _transactions.RunAsync(async () =>
        {
            var current = await _sessions.FindAsync(session.Id, ct);
            if (current is null || !current.IsLive)
            {
                return false;
            }
            var wasScheduled = current.Status == SessionStatus.Scheduled;
            // Keep what the caller set on the session (e.g. the verdict that led to the cancellation).
            var stored = session.IsLive ? session.Copy() : current;
            stored.Cancel(reason);
            await _sessions.UpdateAsync(stored, ct);
            await _outboxes.CancelledAsync(stored, wasScheduled, ct);
            await _audit.AppendAsync(_clock.GetUtcNow(), actor, "session.cancelled", new[] { stored.Id }.Concat(stored.PupilIds), reason, ct);
            return true;
        }, ct);

    /// <summary>Wakes the workers after the caller's transaction that cancelled has committed.</summary>
    public void WakeWorkers() => _outboxes.WakeWorkers();
}

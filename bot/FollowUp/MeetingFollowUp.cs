using Chexs.Bot.Records;
using Chexs.Bot.Zoom;
using Microsoft.Extensions.Options;

namespace Chexs.Bot.FollowUp;

/// <summary>
/// Turns Zoom events into follow-up checks: when everyone expected is in, the P8 lock nudge; when the
/// meeting ends, the P5 recording check after the configured wait; when the recording completes, that
/// check is settled. Attendance itself is counted by the webhook processor (Session.Activity).
/// Only stores what is owed — the follow-up worker sends it — so nothing here waits on Teams.
/// </summary>
public sealed class MeetingFollowUp : IZoomEventObserver
{
    private readonly FollowUpChecks _checks;
    private readonly ISessionRepository _sessions;
    private readonly Storage.IStoreTransactions _transactions;
    private readonly Storage.IAuditTrail _audit;
    private readonly FollowUpOptions _options;
    private readonly ILogger<MeetingFollowUp> _log;

    public MeetingFollowUp(FollowUpChecks checks, ISessionRepository sessions, Storage.IStoreTransactions transactions, Storage.IAuditTrail audit, IOptions<FollowUpOptions> options, ILogger<MeetingFollowUp> log)
    {
        _checks = checks;
        _sessions = sessions;
        _transactions = transactions;
        _audit = audit;
        _options = options.Value;
        _log = log;
    }

    public async Task OnEventAsync(Session session, ZoomEventKind kind, ZoomEventFacts facts, CancellationToken cancellationToken)
    {
        if (session.Status is not (SessionStatus.Scheduled or SessionStatus.Completed))
        {
            return;
        }
        switch (kind)
        {
            case ZoomEventKind.ParticipantJoined when EveryoneExpectedIsIn(session):
                if (await _checks.RequestLockNudgeAsync(session, cancellationToken))
                {
                    _log.LogInformation("Everyone expected has joined session {SessionId}; nudging the host to lock the meeting (P8)", session.Id);
                }
                break;
            case ZoomEventKind.MeetingEnded:
                await _checks.ExpectRecordingAsync(session, session.Activity?.EndedAt ?? facts.OccurredAt, _options.RecordingWait, cancellationToken);
                await MarkCompletedAsync(session.Id, facts.OccurredAt, cancellationToken);
                break;
            case ZoomEventKind.RecordingCompleted:
                await _checks.RecordingArrivedAsync(session.Id, facts.OccurredAt, cancellationToken);
                break;
        }
    }

    /// <summary>Zoom says the meeting ended: the session has been held (the digest counts it; it can no longer be moved).</summary>
    private Task MarkCompletedAsync(string sessionId, DateTimeOffset at, CancellationToken ct)
    {
        return _transactions.RunAsync(async () =>
        {
            // Re-read: the webhook processor has just written the session's activity.
            var stored = await _sessions.FindAsync(sessionId, ct);
            if (stored is null || stored.Status != SessionStatus.Scheduled) return;
            stored.Complete();
            await _sessions.UpdateAsync(stored, ct);
            await _audit.AppendAsync(at, "system", "session.completed", new[] { stored.Id }, "Zoom reported the meeting ended", ct);
        }, ct);
    }

    /// <summary>People expected in the meeting: the host, the co-host if any, and every pupil.</summary>
    public static int ExpectedCount(Session session) => 1 + (session.CoHostId is null ? 0 : 1) + session.PupilIds.Count;

    /// <summary>People in the meeting now, as far as Zoom has told us: the host if present, and everyone else.</summary>
    public static int JoinedCount(Session session) =>
        session.Activity is { } a ? (a.HostPresent ? 1 : 0) + a.CurrentParticipants : 0;

    /// <summary>The host is in, as many others as expected are in, and the meeting has not ended.</summary>
    public static bool EveryoneExpectedIsIn(Session session) =>
        session.Activity is { HostPresent: true, EndedAt: null } a
        && session.PupilIds.Count > 0
        && a.CurrentParticipants >= ExpectedCount(session) - 1;
}

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
    private readonly Storage.ChexsDatabase _db;
    private readonly FollowUpOptions _options;
    private readonly ILogger<MeetingFollowUp> _log;

    public MeetingFollowUp(FollowUpChecks checks, Storage.ChexsDatabase db, IOptions<FollowUpOptions> options, ILogger<MeetingFollowUp> log)
    {
        _checks = checks;
        _db = db;
        _options = options.Value;
        _log = log;
    }

    public Task OnEventAsync(Session session, ZoomEventKind kind, ZoomEventFacts facts, CancellationToken cancellationToken)
    {
        if (session.Status is not (SessionStatus.Scheduled or SessionStatus.Completed))
        {
            return Task.CompletedTask;
        }
        switch (kind)
        {
            case ZoomEventKind.ParticipantJoined when EveryoneExpectedIsIn(session):
                if (_checks.RequestLockNudge(session))
                {
                    _log.LogInformation("Everyone expected has joined session {SessionId}; nudging the host to lock the meeting (P8)", session.Id);
                }
                break;
            case ZoomEventKind.MeetingEnded:
                _checks.ExpectRecording(session, session.Activity?.EndedAt ?? facts.OccurredAt, _options.RecordingWait);
                MarkCompleted(session.Id, facts.OccurredAt);
                break;
            case ZoomEventKind.RecordingCompleted:
                _checks.RecordingArrived(session.Id, facts.OccurredAt);
                break;
        }
        return Task.CompletedTask;
    }

    /// <summary>Zoom says the meeting ended: the session has been held (the digest counts it; it can no longer be moved).</summary>
    private void MarkCompleted(string sessionId, DateTimeOffset at)
    {
        _db.InTransaction(() =>
        {
            // Re-read: the webhook processor has just written the session's activity.
            var stored = _db.Sessions.FindById(sessionId);
            if (stored is null || stored.Status != SessionStatus.Scheduled) return;
            stored.Status = SessionStatus.Completed;
            _db.Sessions.Update(stored);
            _db.AppendAudit(at, "system", "session.completed", new[] { stored.Id }, "Zoom reported the meeting ended");
        });
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

using Chexs.Bot.Records;

namespace Chexs.Bot.Sessions;

/// <summary>Read-only look-ups of sessions for the conversations ("my sessions", "cancel session", consents).</summary>
public sealed class SessionQueries
{
    private readonly ISessionRepository _sessions;
    private readonly TimeProvider _clock;

    public SessionQueries(ISessionRepository sessions, TimeProvider clock)
    {
        _sessions = sessions;
        _clock = clock;
    }

    public ValueTask<Session?> FindAsync(string sessionId, CancellationToken ct = default) => _sessions.FindAsync(sessionId, ct);

    /// <summary>Live sessions (scheduled or awaiting approval) this person hosts that have not started yet, soonest first.</summary>
    public async Task<IReadOnlyList<Session>> UpcomingForHostAsync(string hostId, CancellationToken ct = default) =>
        Upcoming(await _sessions.HostedByAsync(hostId, ct));

    /// <summary>
    /// This person's live sessions that have not ended yet — in progress, later today and upcoming — soonest first:
    /// what `my sessions` lists, so a session that has begun stays there (with its Start button) until its end time.
    /// </summary>
    public async Task<IReadOnlyList<Session>> CurrentAndUpcomingForHostAsync(string hostId, CancellationToken ct = default)
    {
        var now = _clock.GetUtcNow();
        return (await _sessions.HostedByAsync(hostId, ct)).Where(s => s.IsLive && s.End > now).OrderBy(s => s.Start).ToList();
    }

    /// <summary>Live sessions a pupil takes part in that have not started yet, soonest first.</summary>
    public async Task<IReadOnlyList<Session>> UpcomingForPupilAsync(string pupilId, CancellationToken ct = default) =>
        Upcoming(await _sessions.WithPupilAsync(pupilId, ct));

    /// <summary>
    /// Sessions this person hosted or co-hosted that started in the last <paramref name="back"/> or start within
    /// <paramref name="ahead"/> (not cancelled), latest first: what a concern is most likely about.
    /// </summary>
    public async Task<IReadOnlyList<Session>> AroundNowForHostAsync(string hostId, TimeSpan back, TimeSpan ahead, CancellationToken ct = default)
    {
        var now = _clock.GetUtcNow();
        return (await _sessions.StartingBetweenAsync(now - back, now + ahead, ct))
            .Where(s => (s.HostId == hostId || s.CoHostId == hostId) && s.Status != SessionStatus.Cancelled && s.Status != SessionStatus.Rejected)
            .OrderByDescending(s => s.Start).ToList();
    }

    private List<Session> Upcoming(IEnumerable<Session> sessions)
    {
        var now = _clock.GetUtcNow();
        return sessions.Where(s => s.IsLive && s.Start > now).OrderBy(s => s.Start).ToList();
    }
}

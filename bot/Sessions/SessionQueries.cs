using Chexs.Bot.Records;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Storage;

namespace Chexs.Bot.Sessions;

/// <summary>Read-only look-ups of sessions for the conversations ("my sessions", "cancel session", consents).</summary>
public sealed class SessionQueries
{
    private readonly ChexsDatabase _db;
    private readonly TimeProvider _clock;

    public SessionQueries(ChexsDatabase db, TimeProvider clock)
    {
        _db = db;
        _clock = clock;
    }

    public Session? Find(string sessionId) => _db.Sessions.FindById(sessionId);

    /// <summary>Live sessions (scheduled or awaiting approval) this person hosts that have not started yet, soonest first.</summary>
    public IReadOnlyList<Session> UpcomingForHost(string hostId)
    {
        var now = _clock.GetUtcNow();
        return _db.Sessions.Find(s => s.HostId == hostId)
            .Where(s => s.IsLive && s.Start > now)
            .OrderBy(s => s.Start)
            .ToList();
    }

    /// <summary>Live sessions a pupil takes part in that have not started yet, soonest first.</summary>
    public IReadOnlyList<Session> UpcomingForPupil(string pupilId)
    {
        var now = _clock.GetUtcNow();
        return _db.Sessions.Find(SafeguardingRecords.HasPupil(pupilId))
            .Where(s => s.IsLive && s.Start > now)
            .OrderBy(s => s.Start)
            .ToList();
    }
}

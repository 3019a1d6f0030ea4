using Chexs.Bot.Storage;

namespace Chexs.Bot.Zoom;

public enum ZoomIntentState
{
    /// <summary>A create was started and its outcome is not settled yet.</summary>
    Open,
    /// <summary>The booking holds the meeting.</summary>
    Completed,
    /// <summary>No meeting exists for it (Zoom refused, or the meeting was deleted).</summary>
    Abandoned,
}

/// <summary>
/// "We are about to ask Zoom for a meeting for this session": written before the create, so a crash
/// between Zoom's answer and the booking's write leaves a trace the reconciler can follow.
/// </summary>
public sealed class ZoomMeetingIntent
{
    public string Id { get; set; } = "";
    public string SessionId { get; set; } = "";
    public string HostZoomUserId { get; set; } = "";
    /// <summary>Contains the session id, so the meeting can be found by listing the host's meetings.</summary>
    public string Topic { get; set; } = "";
    public DateTimeOffset At { get; set; }
    /// <summary>Zoom's meeting id, stored the moment Zoom answers.</summary>
    public long? MeetingId { get; set; }
    public ZoomIntentState State { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    /// <summary>Why it was closed (no join link or passcode, ever).</summary>
    public string? Outcome { get; set; }
}

/// <summary>The create intents in LiteDB (collection "zoom_intents").</summary>
public sealed class ZoomMeetingIntents
{
    private readonly ChexsDatabase _db;
    private readonly TimeProvider _clock;

    public ZoomMeetingIntents(ChexsDatabase db, TimeProvider clock)
    {
        _db = db;
        _clock = clock;
    }

    public ZoomMeetingIntent Begin(string sessionId, string hostZoomUserId, string topic)
    {
        var intent = new ZoomMeetingIntent
        {
            Id = Guid.NewGuid().ToString("N"),
            SessionId = sessionId,
            HostZoomUserId = hostZoomUserId,
            Topic = topic,
            At = _clock.GetUtcNow(),
            State = ZoomIntentState.Open,
        };
        _db.ZoomIntents.Insert(intent);
        return intent;
    }

    /// <summary>Stores Zoom's meeting id on the intent as soon as Zoom answers.</summary>
    public void RecordMeeting(string intentId, long meetingId)
    {
        var intent = _db.ZoomIntents.FindById(intentId) ?? throw new InvalidOperationException($"No Zoom intent {intentId}.");
        intent.MeetingId = meetingId;
        _db.ZoomIntents.Update(intent);
    }

    /// <summary>
    /// The booking now holds <paramref name="meetingId"/>: call this inside the booking's transaction
    /// (ChexsDatabase.InTransaction), right after saving the session with its meeting. Only the intent that
    /// produced this meeting is closed; an earlier attempt for the same session whose outcome was
    /// unclear stays open, so the reconciler still deletes any meeting it left behind.
    /// Returns false when no open intent matched (e.g. a simulated meeting).
    /// </summary>
    public bool Complete(string sessionId, long meetingId)
    {
        var intent = _db.ZoomIntents.FindOne(i => i.SessionId == sessionId && i.MeetingId == meetingId && i.State == ZoomIntentState.Open);
        if (intent is null) return false;
        Close(intent, ZoomIntentState.Completed, "booked");
        return true;
    }

    /// <summary>Closes an intent for which no meeting exists (any more).</summary>
    public void Abandon(string intentId, string outcome)
    {
        var intent = _db.ZoomIntents.FindById(intentId);
        if (intent is not null && intent.State == ZoomIntentState.Open) Close(intent, ZoomIntentState.Abandoned, outcome);
    }

    public ZoomMeetingIntent? Find(string intentId) => _db.ZoomIntents.FindById(intentId);

    public IReadOnlyList<ZoomMeetingIntent> ForSession(string sessionId) => _db.ZoomIntents.Find(i => i.SessionId == sessionId).ToList();

    /// <summary>Open intents started before <paramref name="startedBefore"/>.</summary>
    public IReadOnlyList<ZoomMeetingIntent> OpenSince(DateTimeOffset startedBefore) =>
        _db.ZoomIntents.Find(i => i.State == ZoomIntentState.Open).Where(i => i.At < startedBefore).OrderBy(i => i.At).ToList();

    internal void Close(ZoomMeetingIntent intent, ZoomIntentState state, string outcome)
    {
        intent.State = state;
        intent.ClosedAt = _clock.GetUtcNow();
        intent.Outcome = outcome;
        _db.ZoomIntents.Update(intent);
    }
}

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

/// <summary>The create intents, kept in the store before Zoom is asked (see <see cref="IZoomIntentRepository"/>).</summary>
public sealed class ZoomMeetingIntents
{
    private readonly IZoomIntentRepository _intents;
    private readonly TimeProvider _clock;

    public ZoomMeetingIntents(IZoomIntentRepository intents, TimeProvider clock)
    {
        _intents = intents;
        _clock = clock;
    }

    public async Task<ZoomMeetingIntent> BeginAsync(string sessionId, string hostZoomUserId, string topic, CancellationToken ct = default)
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
        await _intents.InsertAsync(intent, ct);
        return intent;
    }

    /// <summary>Stores Zoom's meeting id on the intent as soon as Zoom answers.</summary>
    public async Task RecordMeetingAsync(string intentId, long meetingId, CancellationToken ct = default)
    {
        var intent = await _intents.FindAsync(intentId, ct) ?? throw new InvalidOperationException($"No Zoom intent {intentId}.");
        intent.MeetingId = meetingId;
        await _intents.UpdateAsync(intent, ct);
    }

    /// <summary>
    /// The booking now holds <paramref name="meetingId"/>: call this inside the booking's transaction, right
    /// after saving the session with its meeting. Only the intent that produced this meeting is closed; an
    /// earlier attempt for the same session whose outcome was unclear stays open, so the reconciler still
    /// deletes any meeting it left behind. Returns false when no open intent matched (e.g. a simulated meeting).
    /// </summary>
    public async Task<bool> CompleteAsync(string sessionId, long meetingId, CancellationToken ct = default)
    {
        var intent = (await _intents.ForSessionAsync(sessionId, ct)).FirstOrDefault(i => i.MeetingId == meetingId && i.State == ZoomIntentState.Open);
        if (intent is null) return false;
        await CloseAsync(intent, ZoomIntentState.Completed, "booked", ct);
        return true;
    }

    /// <summary>Closes an intent for which no meeting exists (any more).</summary>
    public async Task AbandonAsync(string intentId, string outcome, CancellationToken ct = default)
    {
        var intent = await _intents.FindAsync(intentId, ct);
        if (intent is not null && intent.State == ZoomIntentState.Open) await CloseAsync(intent, ZoomIntentState.Abandoned, outcome, ct);
    }

    public ValueTask<ZoomMeetingIntent?> FindAsync(string intentId, CancellationToken ct = default) => _intents.FindAsync(intentId, ct);

    public ValueTask<IReadOnlyList<ZoomMeetingIntent>> ForSessionAsync(string sessionId, CancellationToken ct = default) => _intents.ForSessionAsync(sessionId, ct);

    /// <summary>Open intents started before <paramref name="startedBefore"/>.</summary>
    public async Task<IReadOnlyList<ZoomMeetingIntent>> OpenSinceAsync(DateTimeOffset startedBefore, CancellationToken ct = default) =>
        (await _intents.InStateAsync(ZoomIntentState.Open, ct)).Where(i => i.At < startedBefore).OrderBy(i => i.At).ToList();

    internal async Task CloseAsync(ZoomMeetingIntent intent, ZoomIntentState state, string outcome, CancellationToken ct = default)
    {
        intent.State = state;
        intent.ClosedAt = _clock.GetUtcNow();
        intent.Outcome = outcome;
        await _intents.UpdateAsync(intent, ct);
    }
}

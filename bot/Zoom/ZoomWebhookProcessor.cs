using System.Text.Json;
using Chexs.Bot.Records;
using Chexs.Bot.Storage;

namespace Chexs.Bot.Zoom;

/// <summary>
/// Records one verified Zoom event against the session whose meeting it concerns, exactly once per
/// delivery (Zoom redelivers: the same event, event_ts, meeting instance and participant are one key).
/// Synchronous and quick, so the webhook answers well inside Zoom's 3 seconds; observers run later.
/// </summary>
public sealed class ZoomWebhookProcessor
{
    /// <summary>Zoom retries for about 85 minutes; keys are kept well beyond that.</summary>
    private static readonly TimeSpan KeepDeliveries = TimeSpan.FromDays(3);

    private readonly IZoomDeliveryRepository _deliveries;
    private readonly ISessionRepository _sessions;
    private readonly IStoreTransactions _transactions;
    private readonly TimeProvider _clock;
    private readonly ZoomEventDispatcher _dispatcher;
    private readonly ILogger<ZoomWebhookProcessor> _log;
    private DateTimeOffset _lastPrune = DateTimeOffset.MinValue;

    public ZoomWebhookProcessor(IZoomDeliveryRepository deliveries, ISessionRepository sessions, IStoreTransactions transactions,
        TimeProvider clock, ZoomEventDispatcher dispatcher, ILogger<ZoomWebhookProcessor> log)
    {
        _deliveries = deliveries;
        _sessions = sessions;
        _transactions = transactions;
        _clock = clock;
        _dispatcher = dispatcher;
        _log = log;
    }

    public static ZoomEventKind? KindOf(string eventName) => eventName switch
    {
        "meeting.started" => ZoomEventKind.MeetingStarted,
        "meeting.ended" => ZoomEventKind.MeetingEnded,
        "meeting.participant_joined" => ZoomEventKind.ParticipantJoined,
        "meeting.participant_left" => ZoomEventKind.ParticipantLeft,
        "recording.started" => ZoomEventKind.RecordingStarted,
        "recording.stopped" => ZoomEventKind.RecordingStopped,
        "recording.completed" => ZoomEventKind.RecordingCompleted,
        _ => null,
    };

    /// <summary>What happened to a delivery.</summary>
    public enum Result { Recorded, Duplicate, Ignored, NoSession }

    /// <summary>Records a verified event body. Throws <see cref="ZoomBodyException"/> on a malformed one, before anything is stored.</summary>
    public async Task<Result> ProcessAsync(JsonElement root, CancellationToken ct = default)
    {
        var eventName = ZoomEventBody.EventName(root);
        if (KindOf(eventName) is not { } kind)
        {
            _log.LogDebug("Ignoring Zoom event {Event}.", eventName);
            return Result.Ignored;
        }
        var body = ZoomEventBody.Read(root, kind);
        var meetingId = body.MeetingId;

        // Read-modify-write of a session's counters in one transaction (transactions that write are serialised),
        // so bursts of joins are all counted and a redelivery is recognised.
        var (result, updated) = await _transactions.RunAsync(async () =>
        {
            if (await _deliveries.FindAsync(body.DeliveryKey, ct) is not null) return (Result.Duplicate, (Session?)null);
            await _deliveries.InsertAsync(new ZoomDelivery { Id = body.DeliveryKey, Event = eventName, ReceivedAt = _clock.GetUtcNow() }, ct);
            var session = await _sessions.ByMeetingAsync(meetingId, ct);
            if (session is null) return (Result.NoSession, null);
            Apply(session.Activity ??= new MeetingActivity(), kind, body.OccurredAt, body.ByHost);
            await _sessions.UpdateAsync(session, ct);
            return (Result.Recorded, session);
        }, ct);
        await PruneIfDueAsync(ct);

        if (result == Result.Duplicate)
        {
            _log.LogInformation("Zoom event {Event} for meeting {MeetingId} was already processed; ignoring the redelivery.", eventName, meetingId);
            return result;
        }
        if (updated is null)
        {
            _log.LogInformation("Zoom event {Event} concerns meeting {MeetingId}, which no session holds.", eventName, meetingId);
            return result;
        }
        _log.LogInformation("Recorded Zoom {Kind} for session {SessionId}.", kind, updated.Id);
        _dispatcher.Enqueue(new ZoomEventNotice(updated.Id, kind, new ZoomEventFacts(meetingId, body.OccurredAt, body.ByHost)));
        return result;
    }

    /// <summary>Applies one event to the activity. Counts exclude the host, who is tracked as present or not.</summary>
    internal static void Apply(MeetingActivity activity, ZoomEventKind kind, DateTimeOffset at, bool byHost)
    {
        switch (kind)
        {
            case ZoomEventKind.MeetingStarted:
                activity.StartedAt ??= at;
                break;
            case ZoomEventKind.MeetingEnded:
                activity.EndedAt = at;
                activity.HostPresent = false;
                break;
            case ZoomEventKind.ParticipantJoined when byHost:
                activity.HostPresent = true;
                break;
            case ZoomEventKind.ParticipantJoined:
                activity.ParticipantsJoined++;
                break;
            case ZoomEventKind.ParticipantLeft when byHost:
                activity.HostPresent = false;
                break;
            case ZoomEventKind.ParticipantLeft:
                activity.ParticipantsLeft++;
                break;
            case ZoomEventKind.RecordingStarted:
                activity.RecordingStartedAt ??= at;
                break;
            case ZoomEventKind.RecordingStopped:
                activity.RecordingStoppedAt = at;
                break;
            case ZoomEventKind.RecordingCompleted:
                activity.RecordingCompletedAt = at;
                break;
        }
        activity.LastEventAt = activity.LastEventAt is { } last && last > at ? last : at;
    }

    private async Task PruneIfDueAsync(CancellationToken ct)
    {
        var now = _clock.GetUtcNow();
        if (now - _lastPrune < TimeSpan.FromHours(1)) return;
        _lastPrune = now;
        await _deliveries.DeleteReceivedBeforeAsync(now - KeepDeliveries, ct);
    }
}

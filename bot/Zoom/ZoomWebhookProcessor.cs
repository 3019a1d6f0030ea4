using System.Text.Json;
using Chexs.Bot.Records;
using Chexs.Bot.Storage;
using LiteDB;

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

    private readonly ChexsDatabase _db;
    private readonly TimeProvider _clock;
    private readonly ZoomEventDispatcher _dispatcher;
    private readonly ILogger<ZoomWebhookProcessor> _log;
    // Read-modify-write of a session's counters: one event at a time, so bursts of joins are all counted.
    private readonly object _write = new();
    private DateTimeOffset _lastPrune = DateTimeOffset.MinValue;

    public ZoomWebhookProcessor(ChexsDatabase db, TimeProvider clock, ZoomEventDispatcher dispatcher, ILogger<ZoomWebhookProcessor> log)
    {
        _db = db;
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
    public Result Process(JsonElement root)
    {
        var eventName = ZoomEventBody.EventName(root);
        if (KindOf(eventName) is not { } kind)
        {
            _log.LogDebug("Ignoring Zoom event {Event}.", eventName);
            return Result.Ignored;
        }
        var body = ZoomEventBody.Read(root, kind);
        var meetingId = body.MeetingId;

        Result result;
        Session? updated;
        lock (_write)
        {
            (result, updated) = _db.InTransaction(() =>
            {
                if (_db.ZoomDeliveries.FindById(body.DeliveryKey) is not null) return (Result.Duplicate, (Session?)null);
                _db.ZoomDeliveries.Insert(new ZoomDelivery { Id = body.DeliveryKey, Event = eventName, ReceivedAt = _clock.GetUtcNow() });
                var session = _db.Sessions.FindOne(Query.EQ("$.Meeting.MeetingId", meetingId));
                if (session is null) return (Result.NoSession, null);
                Apply(session.Activity ??= new MeetingActivity(), kind, body.OccurredAt, body.ByHost);
                _db.Sessions.Update(session);
                return (Result.Recorded, session);
            });
            PruneIfDue();
        }

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

    private void PruneIfDue()
    {
        var now = _clock.GetUtcNow();
        if (now - _lastPrune < TimeSpan.FromHours(1)) return;
        _lastPrune = now;
        var cutoff = now - KeepDeliveries;
        _db.ZoomDeliveries.DeleteMany(d => d.ReceivedAt < cutoff);
    }
}

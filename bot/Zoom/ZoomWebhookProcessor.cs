using System.Globalization;
using System.Security.Cryptography;
using System.Text;
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

    /// <summary>Records a verified event body. Throws <see cref="JsonException"/> on a malformed body.</summary>
    public async Task<Result> ProcessAsync(JsonElement root, CancellationToken ct = default)
    {
        var eventName = root.GetProperty("event").GetString() ?? "";
        if (KindOf(eventName) is not { } kind)
        {
            _log.LogDebug("Ignoring Zoom event {Event}.", eventName);
            return Result.Ignored;
        }
        var eventTs = root.TryGetProperty("event_ts", out var ts) && ts.ValueKind == JsonValueKind.Number ? ts.GetInt64() : 0;
        var obj = root.GetProperty("payload").GetProperty("object");
        var meetingId = ReadLong(obj, "id") ?? throw new JsonException("payload.object.id is missing.");
        var uuid = ReadString(obj, "uuid") ?? "";
        var hostId = ReadString(obj, "host_id");
        var participant = obj.TryGetProperty("participant", out var p) && p.ValueKind == JsonValueKind.Object ? p : (JsonElement?)null;

        var occurredAt = OccurredAt(kind, obj, participant, eventTs);
        var byHost = participant is { } who && hostId is not null && ReadString(who, "id") == hostId;
        var key = DeliveryKey(eventName, eventTs, uuid, meetingId, participant);

        // Read-modify-write of a session's counters in one transaction (transactions that write are serialised),
        // so bursts of joins are all counted and a redelivery is recognised.
        var (result, updated) = await _transactions.RunAsync(async () =>
        {
            if (await _deliveries.FindAsync(key, ct) is not null) return (Result.Duplicate, (Session?)null);
            await _deliveries.InsertAsync(new ZoomDelivery { Id = key, Event = eventName, ReceivedAt = _clock.GetUtcNow() }, ct);
            var session = await _sessions.ByMeetingAsync(meetingId, ct);
            if (session is null) return (Result.NoSession, null);
            Apply(session.Activity ??= new MeetingActivity(), kind, occurredAt, byHost);
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
        _dispatcher.Enqueue(new ZoomEventNotice(updated.Id, kind, new ZoomEventFacts(meetingId, occurredAt, byHost)));
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

    private static DateTimeOffset OccurredAt(ZoomEventKind kind, JsonElement obj, JsonElement? participant, long eventTs)
    {
        string? text = kind switch
        {
            ZoomEventKind.MeetingStarted => ReadString(obj, "start_time"),
            ZoomEventKind.MeetingEnded => ReadString(obj, "end_time"),
            ZoomEventKind.ParticipantJoined => participant is { } pj ? ReadString(pj, "join_time") : null,
            ZoomEventKind.ParticipantLeft => participant is { } pl ? ReadString(pl, "leave_time") : null,
            ZoomEventKind.RecordingStarted => RecordingFileTime(obj, "recording_start"),
            ZoomEventKind.RecordingStopped => RecordingFileTime(obj, "recording_end"),
            _ => null,
        };
        if (text is not null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)) return at;
        return eventTs > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(eventTs) : DateTimeOffset.MinValue;
    }

    private static string? RecordingFileTime(JsonElement obj, string name) =>
        obj.TryGetProperty("recording_file", out var file) && file.ValueKind == JsonValueKind.Object ? ReadString(file, name) : null;

    /// <summary>Event, event_ts, meeting instance and participant (+ its join/leave time): one key per delivery.</summary>
    private static string DeliveryKey(string eventName, long eventTs, string uuid, long meetingId, JsonElement? participant)
    {
        var who = participant is { } p
            ? string.Join("/", new[] { "participant_uuid", "user_id", "id", "join_time", "leave_time" }.Select(n => ReadString(p, n) ?? ""))
            : "";
        var raw = $"{eventName}|{eventTs}|{uuid}|{meetingId}|{who}";
        // Hashed: the key is an index entry, and participant ids are nothing we need to keep readable.
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(raw)));
    }

    private static long? ReadLong(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var v)) return null;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n)) return n;
        if (v.ValueKind == JsonValueKind.String && long.TryParse(v.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var s)) return s;
        return null;
    }

    private static string? ReadString(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var v)) return null;
        return v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            _ => null,
        };
    }

    private async Task PruneIfDueAsync(CancellationToken ct)
    {
        var now = _clock.GetUtcNow();
        if (now - _lastPrune < TimeSpan.FromHours(1)) return;
        _lastPrune = now;
        await _deliveries.DeleteReceivedBeforeAsync(now - KeepDeliveries, ct);
    }
}

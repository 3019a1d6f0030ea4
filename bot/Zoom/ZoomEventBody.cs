using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Chexs.Bot.Zoom;

/// <summary>A signed webhook body the bot cannot read: answered 400, nothing stored. The message names the member, never its value.</summary>
public sealed class ZoomBodyException(string message) : Exception(message);

/// <summary>
/// One verified Zoom event notification, read strictly before anything is stored: <c>event</c> a string,
/// <c>event_ts</c> epoch milliseconds that fit a date, <c>payload.object</c> an object with the meeting id,
/// and the event's own time (start_time, join_time…) a real date when present — else the event_ts. A
/// signed body is still only as good as its shape: Zoom's format can change and a secret can leak, and a
/// time that cannot be read must not be recorded as 0001-01-01.
/// </summary>
public sealed record ZoomEventBody(string Event, ZoomEventKind Kind, long EventTs, long MeetingId, string DeliveryKey, DateTimeOffset OccurredAt, bool ByHost)
{
    /// <summary>Earliest believable event time; anything before is a misread, not a meeting.</summary>
    private static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly long MaxEpochMilliseconds = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    /// <summary>The event name, or throws when there is none (the body is not a Zoom notification).</summary>
    public static string EventName(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) throw new ZoomBodyException("The body must be a JSON object.");
        if (!root.TryGetProperty("event", out var e) || e.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(e.GetString()))
            throw new ZoomBodyException("The body has no event name.");
        return e.GetString()!;
    }

    /// <summary>The url-validation challenge's plainToken.</summary>
    public static string PlainToken(JsonElement root)
    {
        var payload = Object(root, "payload");
        if (!payload.TryGetProperty("plainToken", out var token) || token.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(token.GetString()) || token.GetString()!.Length > 256)
            throw new ZoomBodyException("payload.plainToken must be a short string.");
        return token.GetString()!;
    }

    /// <summary>The event, read and checked; throws <see cref="ZoomBodyException"/> when it is malformed.</summary>
    public static ZoomEventBody Read(JsonElement root, ZoomEventKind kind)
    {
        var eventName = EventName(root);
        if (!root.TryGetProperty("event_ts", out var ts) || ts.ValueKind != JsonValueKind.Number || !ts.TryGetInt64(out var eventTs) || eventTs <= 0 || eventTs > MaxEpochMilliseconds)
            throw new ZoomBodyException("event_ts must be a positive epoch time in milliseconds.");
        var obj = Object(Object(root, "payload"), "object", "payload.object");
        var meetingId = ReadLong(obj, "id") is { } id && id > 0 ? id : throw new ZoomBodyException("payload.object.id must be a meeting id.");
        var uuid = Text(obj, "uuid", "payload.object.uuid") ?? "";
        var hostId = Text(obj, "host_id", "payload.object.host_id");
        JsonElement? participant = obj.TryGetProperty("participant", out var p) && p.ValueKind != JsonValueKind.Null
            ? p.ValueKind == JsonValueKind.Object ? p : throw new ZoomBodyException("payload.object.participant must be an object.")
            : null;
        var occurredAt = TimeOf(kind, obj, participant, eventTs);
        var byHost = participant is { } who && hostId is not null && Text(who, "id", "participant.id") == hostId;
        return new ZoomEventBody(eventName, kind, eventTs, meetingId, KeyOf(eventName, eventTs, uuid, meetingId, participant), occurredAt, byHost);
    }

    private static DateTimeOffset TimeOf(ZoomEventKind kind, JsonElement obj, JsonElement? participant, long eventTs)
    {
        var (owner, name) = kind switch
        {
            ZoomEventKind.MeetingStarted => (obj, "start_time"),
            ZoomEventKind.MeetingEnded => (obj, "end_time"),
            ZoomEventKind.ParticipantJoined => (participant, "join_time"),
            ZoomEventKind.ParticipantLeft => (participant, "leave_time"),
            ZoomEventKind.RecordingStarted => (RecordingFile(obj), "recording_start"),
            ZoomEventKind.RecordingStopped => (RecordingFile(obj), "recording_end"),
            _ => ((JsonElement?)null, ""),
        };
        if (owner is { } o && Text(o, name, name) is { } text)
        {
            // A time that is there must be a real one; only a missing time falls back to event_ts.
            if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) || at < Earliest)
                throw new ZoomBodyException($"{name} is not a date and time.");
            return at;
        }
        return DateTimeOffset.FromUnixTimeMilliseconds(eventTs);
    }

    private static JsonElement? RecordingFile(JsonElement obj) =>
        obj.TryGetProperty("recording_file", out var file) && file.ValueKind != JsonValueKind.Null
            ? file.ValueKind == JsonValueKind.Object ? file : throw new ZoomBodyException("payload.object.recording_file must be an object.")
            : null;

    /// <summary>Event, event_ts, meeting instance and participant (+ its join/leave time): one key per delivery.</summary>
    private static string KeyOf(string eventName, long eventTs, string uuid, long meetingId, JsonElement? participant)
    {
        var who = participant is { } p
            ? string.Join("/", new[] { "participant_uuid", "user_id", "id", "join_time", "leave_time" }.Select(n => Text(p, n, n) ?? ""))
            : "";
        var raw = $"{eventName}|{eventTs}|{uuid}|{meetingId}|{who}";
        // Hashed: the key is an index entry, and participant ids are nothing we need to keep readable.
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(raw)));
    }

    private static JsonElement Object(JsonElement owner, string name, string? path = null)
    {
        if (owner.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object) return value;
        throw new ZoomBodyException($"{path ?? name} must be an object.");
    }

    private static long? ReadLong(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var v)) return null;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n)) return n;
        if (v.ValueKind == JsonValueKind.String && long.TryParse(v.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var s)) return s;
        return null;
    }

    /// <summary>A string member (numbers as their digits, as Zoom sends some ids); null when absent; anything else is malformed.</summary>
    private static string? Text(JsonElement obj, string name, string path)
    {
        if (!obj.TryGetProperty(name, out var v)) return null;
        return v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            JsonValueKind.Null => null,
            _ => throw new ZoomBodyException($"{path} must be a string."),
        };
    }
}

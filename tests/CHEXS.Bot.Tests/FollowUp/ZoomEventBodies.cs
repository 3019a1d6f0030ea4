using System.Text.Json.Nodes;
using Chexs.Bot.Tests.Reminders;

namespace Chexs.Bot.Tests.FollowUp;

/// <summary>
/// Zoom webhook bodies in the documented shapes (see Zoom/Fixtures/webhook-*.json, which cite Zoom's docs),
/// for one meeting, with times and participants of the test's choosing.
/// </summary>
internal sealed class ZoomEventBodies(long meetingId, string topic)
{
    private const string Uuid = "4444AAAiAAAAAiAiAiiAii==";
    private int _people;

    private JsonObject Body(string name, DateTimeOffset at, Action<JsonObject> fill)
    {
        var obj = new JsonObject
        {
            ["id"] = meetingId.ToString(),
            ["uuid"] = Uuid,
            ["host_id"] = FollowUpHarness.HostZoomId,
            ["topic"] = topic,
            ["type"] = 2,
            ["start_time"] = Time(at),
            ["timezone"] = "Europe/London",
            ["duration"] = 45,
        };
        fill(obj);
        return new JsonObject
        {
            ["event"] = name,
            ["event_ts"] = at.ToUnixTimeMilliseconds(),
            ["payload"] = new JsonObject { ["account_id"] = "AAAAAABBBB_CCCCCDDDD", ["object"] = obj },
        };
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");

    public JsonObject Started(DateTimeOffset at) => Body("meeting.started", at, _ => { });

    public JsonObject Ended(DateTimeOffset at) => Body("meeting.ended", at, o => o["end_time"] = Time(at));

    /// <summary>The host joining: Zoom gives the host's user id as participant.id (= host_id).</summary>
    public JsonObject HostJoined(DateTimeOffset at) => Joined(at, "Alex Host", FollowUpHarness.HostZoomId, "HOST-UUID");

    /// <summary>Someone else (a pupil's device) joining; each call is a new person unless <paramref name="uuid"/> repeats one.</summary>
    public JsonObject PersonJoined(DateTimeOffset at, string? uuid = null) =>
        Joined(at, "Guest", "", uuid ?? $"PERSON-{Interlocked.Increment(ref _people)}");

    public JsonObject PersonLeft(DateTimeOffset at, string uuid) => Body("meeting.participant_left", at, o => o["participant"] = new JsonObject
    {
        ["user_id"] = "1677" + uuid.Length, ["user_name"] = "Guest", ["id"] = "", ["participant_uuid"] = uuid,
        ["leave_time"] = Time(at), ["leave_reason"] = "left the meeting", ["email"] = "",
    });

    private JsonObject Joined(DateTimeOffset at, string name, string id, string uuid) => Body("meeting.participant_joined", at, o => o["participant"] = new JsonObject
    {
        ["user_id"] = "1677" + uuid.Length, ["user_name"] = name, ["id"] = id, ["participant_uuid"] = uuid, ["join_time"] = Time(at), ["email"] = "",
    });

    public JsonObject RecordingCompleted(DateTimeOffset at) => Body("recording.completed", at, o =>
    {
        o["id"] = meetingId; // a number in recording events
        o["recording_count"] = 1;
        o["recording_files"] = new JsonArray(new JsonObject
        {
            ["id"] = "ed6c2f27-2ae7-42f4-b3d0-835b493e4fa8", ["recording_start"] = Time(at.AddMinutes(-45)), ["recording_end"] = Time(at.AddMinutes(-1)),
            ["recording_type"] = "shared_screen_with_speaker_view", ["file_type"] = "MP4", ["status"] = "completed",
        });
    });
}

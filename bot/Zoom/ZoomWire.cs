using System.Text.Json;
using System.Text.Json.Serialization;

namespace Chexs.Bot.Zoom;

// Zoom's JSON, as documented for the Meetings API (developers.zoom.us/docs/api/meetings/) and the
// Server-to-Server OAuth token endpoint. Only the fields we send or read are modelled; settings are
// nullable so "Zoom did not say" (null) is told apart from "Zoom said false".

internal static class ZoomJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };
}

/// <summary>POST /oauth/token (grant_type=account_credentials) answer.</summary>
internal sealed class ZoomTokenResponse
{
    [JsonPropertyName("access_token")] public string? AccessToken { get; set; }
    [JsonPropertyName("token_type")] public string? TokenType { get; set; }
    [JsonPropertyName("expires_in")] public int ExpiresIn { get; set; }
    [JsonPropertyName("scope")] public string? Scope { get; set; }
}

/// <summary>Zoom's error body: <c>{"code": 3001, "message": "Meeting does not exist: 123."}</c>.</summary>
internal sealed class ZoomErrorBody
{
    [JsonPropertyName("code")] public int? Code { get; set; }
    [JsonPropertyName("message")] public string? Message { get; set; }
}

/// <summary>Body of POST /users/{userId}/meetings.</summary>
internal sealed class ZoomCreateMeetingBody
{
    [JsonPropertyName("topic")] public string Topic { get; set; } = "";
    /// <summary>2 = scheduled meeting.</summary>
    [JsonPropertyName("type")] public int Type { get; set; } = 2;
    /// <summary>Local wall-clock time "yyyy-MM-ddTHH:mm:ss" in <see cref="Timezone"/>.</summary>
    [JsonPropertyName("start_time")] public string StartTime { get; set; } = "";
    [JsonPropertyName("timezone")] public string Timezone { get; set; } = "";
    [JsonPropertyName("duration")] public int Duration { get; set; }
    [JsonPropertyName("password")] public string Password { get; set; } = "";
    [JsonPropertyName("default_password")] public bool DefaultPassword { get; set; }
    [JsonPropertyName("settings")] public ZoomMeetingSettings Settings { get; set; } = new();
}

/// <summary>Body of PATCH /meetings/{meetingId} for a reschedule.</summary>
internal sealed class ZoomRescheduleBody
{
    [JsonPropertyName("start_time")] public string StartTime { get; set; } = "";
    [JsonPropertyName("timezone")] public string Timezone { get; set; } = "";
    [JsonPropertyName("duration")] public int Duration { get; set; }
}

internal sealed class ZoomMeetingSettings
{
    [JsonPropertyName("waiting_room")] public bool? WaitingRoom { get; set; }
    [JsonPropertyName("waiting_room_options")] public ZoomWaitingRoomOptions? WaitingRoomOptions { get; set; }
    [JsonPropertyName("join_before_host")] public bool? JoinBeforeHost { get; set; }
    [JsonPropertyName("auto_recording")] public string? AutoRecording { get; set; }
    [JsonPropertyName("meeting_authentication")] public bool? MeetingAuthentication { get; set; }
    /// <summary>Legacy name of "only authenticated users can join"; read back when present.</summary>
    [JsonPropertyName("enforce_login")] public bool? EnforceLogin { get; set; }
    [JsonPropertyName("mute_upon_entry")] public bool? MuteUponEntry { get; set; }
    /// <summary>2 = no registration required.</summary>
    [JsonPropertyName("approval_type")] public int? ApprovalType { get; set; }
    [JsonPropertyName("use_pmi")] public bool? UsePmi { get; set; }
    /// <summary>Read only: "e2ee" turns cloud recording off (P5).</summary>
    [JsonPropertyName("encryption_type")] public string? EncryptionType { get; set; }
}

internal sealed class ZoomWaitingRoomOptions
{
    [JsonPropertyName("mode")] public string? Mode { get; set; }
    [JsonPropertyName("who_goes_to_waiting_room")] public string? WhoGoesToWaitingRoom { get; set; }
}

/// <summary>The meeting object of the create (201) and get (200) answers.</summary>
internal sealed class ZoomMeetingResponse
{
    [JsonPropertyName("id")] public long Id { get; set; }
    [JsonPropertyName("uuid")] public string? Uuid { get; set; }
    [JsonPropertyName("topic")] public string? Topic { get; set; }
    [JsonPropertyName("type")] public int? Type { get; set; }
    [JsonPropertyName("start_time")] public string? StartTime { get; set; }
    [JsonPropertyName("timezone")] public string? Timezone { get; set; }
    [JsonPropertyName("duration")] public int? Duration { get; set; }
    /// <summary>Guardians only (P3). Never logged.</summary>
    [JsonPropertyName("join_url")] public string? JoinUrl { get; set; }
    /// <summary>Host only, expires after two hours. Never stored, never logged.</summary>
    [JsonPropertyName("start_url")] public string? StartUrl { get; set; }
    /// <summary>Guardians only (P3). Never logged.</summary>
    [JsonPropertyName("password")] public string? Password { get; set; }
    [JsonPropertyName("settings")] public ZoomMeetingSettings? Settings { get; set; }
}

/// <summary>GET /users/{userId}/meetings answer (one page).</summary>
internal sealed class ZoomMeetingList
{
    [JsonPropertyName("next_page_token")] public string? NextPageToken { get; set; }
    [JsonPropertyName("meetings")] public List<ZoomListedMeeting> Meetings { get; set; } = new();
}

internal sealed class ZoomListedMeeting
{
    [JsonPropertyName("id")] public long Id { get; set; }
    [JsonPropertyName("topic")] public string? Topic { get; set; }
    [JsonPropertyName("start_time")] public string? StartTime { get; set; }
}

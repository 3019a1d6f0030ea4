using System.Globalization;
using Chexs.Bot.Safeguarding.Rules;

namespace Chexs.Bot.Zoom;

/// <summary>
/// The settings every CHEXS meeting must have, and the check that Zoom kept them. Pure: no I/O.
/// P5 automatic cloud recording; P6 passcode; P7 waiting room for everyone, no join before host;
/// P13 no sign-in and no registration needed. Muted on entry is asked for but is comfort, not policy,
/// so Zoom dropping it does not refuse a booking.
/// </summary>
internal static class SafeMeetingSettings
{
    public static ZoomCreateMeetingBody CreateBody(ZoomMeetingRequest request, string passcode) => new()
    {
        Topic = request.Topic,
        Type = 2,
        StartTime = LocalStartTime(request.Start, request.TimeZone),
        Timezone = request.TimeZone,
        Duration = request.DurationMinutes,
        Password = passcode,
        DefaultPassword = false,
        Settings = new ZoomMeetingSettings
        {
            WaitingRoom = true,
            WaitingRoomOptions = new ZoomWaitingRoomOptions { Mode = "custom", WhoGoesToWaitingRoom = "everyone" },
            JoinBeforeHost = false,
            AutoRecording = "cloud",
            MeetingAuthentication = false,
            MuteUponEntry = true,
            ApprovalType = 2,
            // A personal meeting id is shared across meetings: never for a safeguarded session.
            UsePmi = false,
        },
    };

    public static ZoomRescheduleBody RescheduleBody(DateTimeOffset start, string timeZone, int durationMinutes) => new()
    {
        StartTime = LocalStartTime(start, timeZone),
        Timezone = timeZone,
        Duration = durationMinutes,
    };

    /// <summary>Zoom wants local wall-clock time plus a zone id, not an offset.</summary>
    public static string LocalStartTime(DateTimeOffset start, string timeZone)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        var local = TimeZoneInfo.ConvertTime(start, zone);
        return local.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
    }

    /// <summary>True when the answer lacks a field we must verify (then read the meeting back with GET).</summary>
    public static bool IsIncomplete(ZoomMeetingResponse meeting)
    {
        var s = meeting.Settings;
        return s is null || s.WaitingRoom is null || s.WaitingRoomOptions?.WhoGoesToWaitingRoom is null || s.JoinBeforeHost is null
            || s.AutoRecording is null || s.MeetingAuthentication is null || s.ApprovalType is null || meeting.Password is null;
    }

    /// <summary>
    /// Every safeguarding setting Zoom did not keep. A setting Zoom does not report counts as not kept
    /// (fail closed): we only book what we have seen.
    /// </summary>
    public static IReadOnlyList<ZoomSettingViolation> Check(ZoomMeetingResponse meeting)
    {
        var s = meeting.Settings ?? new ZoomMeetingSettings();
        var found = new List<ZoomSettingViolation>();
        void Add(PolicyRule rule, string setting, string expected, object? actual, string sentence) =>
            found.Add(new ZoomSettingViolation(rule.Id, setting, expected, Show(actual), sentence));

        if (s.AutoRecording != "cloud")
            Add(RuleCatalogue.Recording, "auto_recording", "cloud", s.AutoRecording, "Zoom would not record the meeting to the cloud automatically.");
        if (s.EncryptionType == "e2ee")
            Add(RuleCatalogue.Recording, "encryption_type", "enhanced_encryption", s.EncryptionType, "Zoom set end-to-end encryption, which turns cloud recording off.");
        if (string.IsNullOrEmpty(meeting.Password))
            Add(RuleCatalogue.Passcode, "password", "a passcode", null, "Zoom created the meeting without a passcode.");
        if (s.WaitingRoom != true)
            Add(RuleCatalogue.WaitingRoom, "waiting_room", "true", s.WaitingRoom, "Zoom turned the waiting room off.");
        else if (s.WaitingRoomOptions?.WhoGoesToWaitingRoom != "everyone")
            Add(RuleCatalogue.WaitingRoom, "waiting_room_options.who_goes_to_waiting_room", "everyone", s.WaitingRoomOptions?.WhoGoesToWaitingRoom,
                "Zoom would not send everyone to the waiting room.");
        if (s.JoinBeforeHost != false)
            Add(RuleCatalogue.WaitingRoom, "join_before_host", "false", s.JoinBeforeHost, "Zoom would let people join before the host.");
        if (s.MeetingAuthentication != false)
            Add(RuleCatalogue.NoZoomAccount, "meeting_authentication", "false", s.MeetingAuthentication, "Zoom would require guardians and pupils to sign in to a Zoom account.");
        if (s.EnforceLogin == true)
            Add(RuleCatalogue.NoZoomAccount, "enforce_login", "false", s.EnforceLogin, "Zoom would require guardians and pupils to sign in to a Zoom account.");
        if (s.ApprovalType != 2)
            Add(RuleCatalogue.NoZoomAccount, "approval_type", "2", s.ApprovalType, "Zoom would require guardians to register before joining.");
        return found;
    }

    private static string Show(object? value) => value switch
    {
        null => "(not reported)",
        bool b => b ? "true" : "false",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}

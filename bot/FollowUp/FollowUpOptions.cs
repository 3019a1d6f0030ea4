namespace Chexs.Bot.FollowUp;

/// <summary>
/// Settings for what happens after and around sessions (section "FollowUp"): the P5 recording check,
/// the weekly safeguarding digest and the daily G3 retention run. Days and times are in the
/// organisation's time zone (Safeguarding:TimeZone).
/// </summary>
public sealed class FollowUpOptions
{
    public const string Section = "FollowUp";

    /// <summary>How often the follow-up worker looks for due checks and scheduled jobs.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>P5: how long after a meeting ends Zoom has to report a completed recording before managers are alerted.</summary>
    public TimeSpan RecordingWait { get; set; } = TimeSpan.FromHours(2);
    /// <summary>Day of the weekly digest to the managers' channel.</summary>
    public DayOfWeek DigestDay { get; set; } = DayOfWeek.Monday;
    /// <summary>Local time of the weekly digest.</summary>
    public TimeOnly DigestTime { get; set; } = new(8, 0);
    /// <summary>The digest lists consents ending within this many days.</summary>
    public int ConsentWarningDays { get; set; } = 30;
    /// <summary>Local time of the daily retention run (G3).</summary>
    public TimeOnly RetentionTime { get; set; } = new(2, 30);
    /// <summary>Attempts at one lock nudge, or one digest/retention occurrence, before giving up (audited).</summary>
    public int MaxAttempts { get; set; } = 5;
}

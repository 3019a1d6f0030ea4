namespace Chexs.Bot.Safeguarding;

/// <summary>
/// Organisation settings for the policy (section "Safeguarding"). P-rules cannot be switched off;
/// these tune the G-rules and the calendar facts the P-rules depend on. Defaults are those of
/// policy-rules.md.
/// </summary>
public sealed class SafeguardingOptions
{
    public const string Section = "Safeguarding";

    /// <summary>Which policy text the bot enforces (P15), shown to staff.</summary>
    public string PolicyVersion { get; set; } = "CHEXS Video Conference Calling Policy, reviewed August 2023";
    /// <summary>When the policy is due for review (P15). After it, staff and managers are warned.</summary>
    public DateOnly PolicyReviewDate { get; set; } = new(2024, 8, 31);
    /// <summary>P9: a participant younger than this on the session date needs an adult present.</summary>
    public int AdultPresenceAgeThreshold { get; set; } = 14;
    /// <summary>First month of the academic year (P4: UK 1 September – 31 August).</summary>
    public int AcademicYearStartMonth { get; set; } = 9;
    public int AcademicYearStartDay { get; set; } = 1;
    /// <summary>Time zone sessions are booked, shown and sent to Zoom in.</summary>
    public string TimeZone { get; set; } = "Europe/London";
    /// <summary>G1: longest session allowed, in minutes.</summary>
    public int MaxSessionMinutes { get; set; } = 60;
    /// <summary>G2: minimum notice for group sessions.</summary>
    public TimeSpan MinNoticeGroup { get; set; } = TimeSpan.FromHours(24);
    /// <summary>G2: minimum notice for one-to-one sessions.</summary>
    public TimeSpan MinNoticeOneToOne { get; set; } = TimeSpan.Zero;
    /// <summary>G4: group sessions need a second CHEXS adult as co-host.</summary>
    public bool RequireCoHostForGroups { get; set; }
    /// <summary>G5: when reminders go out before a session.</summary>
    public List<TimeSpan> ReminderOffsets { get; set; } = new() { TimeSpan.FromHours(24), TimeSpan.FromMinutes(15) };
    /// <summary>G6: channel posts name pupils by initials only.</summary>
    public bool InitialsInChannels { get; set; } = true;
    /// <summary>G3: recordings are deleted after this many months.</summary>
    public int RecordingRetentionMonths { get; set; } = 6;
    /// <summary>G3: session personal data is anonymised after this many months.</summary>
    public int SessionRetentionMonths { get; set; } = 24;
    /// <summary>G3: consent records are kept this many months after their academic year ends.</summary>
    public int ConsentRetentionGraceMonths { get; set; } = 12;

    /// <summary>P14: the CHEXS staff member guardians contact with a concern, named in every invitation (an email or a phone number, or both).</summary>
    public string ConcernsContactName { get; set; } = "";
    public string ConcernsContactEmail { get; set; } = "";
    public string ConcernsContactPhone { get; set; } = "";

    public bool HasConcernsContact =>
        !string.IsNullOrWhiteSpace(ConcernsContactName) &&
        (!string.IsNullOrWhiteSpace(ConcernsContactEmail) || !string.IsNullOrWhiteSpace(ConcernsContactPhone));

    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
}

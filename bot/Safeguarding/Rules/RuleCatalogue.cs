namespace Chexs.Bot.Safeguarding.Rules;

/// <summary>
/// Every rule the bot enforces, in policy-rules.md order: the one place a rule's id, wording and policy
/// source are written. The policy card, the engine's findings, the Zoom meeting checks, the host checklist
/// and the tests all read them from here.
/// </summary>
public static class RuleCatalogue
{
    public static readonly PolicyRule Programme = new("P1", "CHEXS programme", RuleOrigin.Policy,
        "we will virtually communicate with pupils/students who are a part of our Growth Programme or Afterschool Leader ship programme",
        _ => "A session belongs to the Growth Programme or the Afterschool Leadership Programme, and its pupils are on it.");

    public static readonly PolicyRule StaffHost = new("P2", "Staff host on the CHEXS Zoom account", RuleOrigin.Policy,
        "CHEXS staff host \"meetings\" through our CHEXS Zoom account",
        _ => "The host is CHEXS staff, and the meeting is made on the CHEXS Zoom account.");

    public static readonly PolicyRule GuardianContact = new("P3", "No direct contact with a participant", RuleOrigin.Policy,
        "CHEXS will never contact a participant directly, all communication will be through parents/guardians.",
        _ => "No direct contact with a pupil: the join link and passcode go to parents and guardians only, never to a channel, group chat or reminder.");

    public static readonly PolicyRule Consent = new("P4", "Consent", RuleOrigin.Policy,
        "We ask all parents to provide consent on our Parent Consent form which is completed at the start of the academic year or prior to a organised video conference.",
        _ => "Every participant has a parent/guardian consent covering the session date (annual for the school year, or for that session). A withdrawn consent covers nothing from then on.");

    public static readonly PolicyRule Recording = new("P5", "Every session is recorded", RuleOrigin.Policy,
        "All zoom sessions are recorded to adhere to safeguarding requirements of the charity",
        _ => "Every session is recorded, so consent must cover recording; managers hear when a recording is missing.");

    public static readonly PolicyRule Passcode = new("P6", "Passcode", RuleOrigin.Policy,
        "We Password protect all our meetings.",
        _ => "Every meeting has a passcode.");

    public static readonly PolicyRule WaitingRoom = new("P7", "Waiting room", RuleOrigin.Policy,
        "We use the lobby feature and manually allow lobby members into the meetings",
        _ => "The waiting room is on: the host admits each person, and nobody joins before the host.");

    public static readonly PolicyRule LockMeeting = new("P8", "Lock the meeting", RuleOrigin.Policy,
        "Once all attendees are present, we will where possible lock the meeting preventing anyone else from joining.",
        _ => "The host locks the meeting once everyone expected is in.");

    public static readonly PolicyRule AdultPresence = new("P9", "Adult present for under-14s", RuleOrigin.Policy,
        "Adult must be present or close by when a meeting is in progress with a child under 14 years of age",
        p => $"When a participant is under {p.AdultPresenceAgeThreshold} on the session date, an adult is present or close by.");

    public static readonly PolicyRule GroupSessions = new("P10", "Group sessions", RuleOrigin.Policy,
        "In some cases we may with permission from parents/guardians suggest a group session",
        _ => "Group sessions need every guardian's consent to group sessions and a manager's approval first. Nobody approves their own booking.");

    public static readonly PolicyRule QuietSpace = new("P11", "Quiet, supervised space", RuleOrigin.Policy,
        "You will also need a quiet space for pupil/student to participate in the Zoom meeting where they will also be able to be supervised by an adult.",
        _ => "The invitation asks for a quiet space where an adult can supervise, and says no Zoom account is needed.");

    public static readonly PolicyRule ZoomTerms = new("P12", "Zoom's terms and privacy", RuleOrigin.Policy,
        "Please review Zoom's privacy terms and conditions http://zoom.us/terms and http://zoom.us/privacy",
        _ => "The invitation links Zoom's terms and privacy pages.");

    public static readonly PolicyRule NoZoomAccount = new("P13", "No Zoom account needed", RuleOrigin.Policy,
        "Neither pupils nor parent/guardians need Zoom accounts",
        _ => "Guardians and pupils need no Zoom account: meetings never require sign-in.");

    public static readonly PolicyRule ConcernsContact = new("P14", "A contact for concerns", RuleOrigin.Policy,
        "Parents/guardians can contact a CHEXS staff member if they have any concerns or questions regarding video conference calling.",
        _ => "Every invitation names a CHEXS contact for concerns.");

    public static readonly PolicyRule PolicyReview = new("P15", "Policy review date", RuleOrigin.Policy,
        "Review Date August 2024",
        p => $"The policy has a review date ({OrgCalendar.FormatShortDate(p.PolicyReviewDate)}); I warn staff and managers once it has passed.");

    public static readonly PolicyRule MaxLength = new("G1", "Maximum session length", RuleOrigin.GoodPractice, null,
        p => $"Sessions last at most {p.MaxSessionMinutes} minutes.");

    public static readonly PolicyRule Notice = new("G2", "Minimum notice", RuleOrigin.GoodPractice, null, NoticeText);

    public static readonly PolicyRule Retention = new("G3", "Retention", RuleOrigin.GoodPractice, null,
        p => $"Recordings are deleted after {p.RecordingRetentionMonths} months and session details anonymised after {p.SessionRetentionMonths} months.");

    public static readonly PolicyRule CoHost = new("G4", "Second adult for groups", RuleOrigin.GoodPractice, null,
        p => p.RequireCoHostForGroups
            ? "Group sessions have a second CHEXS adult as co-host."
            : "A second CHEXS adult for group sessions is not required (setting off).");

    public static readonly PolicyRule Reminders = new("G5", "Reminders", RuleOrigin.GoodPractice, null,
        p => $"Reminders go out {string.Join(" and ", p.ReminderOffsets.Select(Before))} before each session.");

    public static readonly PolicyRule InitialsInChannels = new("G6", "Initials in channels", RuleOrigin.GoodPractice, null,
        _ => "Channel posts name pupils by initials only.");

    /// <summary>Not a sentence of the policy but the project's own booking rule: nobody is in two live sessions at once.</summary>
    public static readonly PolicyRule DoubleBooking = new("D1", "No double booking", RuleOrigin.Integrity, null,
        _ => "Nobody (host or pupil) is in two sessions at once.");

    /// <summary>Every rule, in policy-rules.md order (the policy card's order).</summary>
    public static IReadOnlyList<PolicyRule> All { get; } =
    [
        Programme, StaffHost, GuardianContact, Consent, Recording, Passcode, WaitingRoom, LockMeeting, AdultPresence,
        GroupSessions, QuietSpace, ZoomTerms, NoZoomAccount, ConcernsContact, PolicyReview,
        MaxLength, Notice, Retention, CoHost, Reminders, InitialsInChannels,
        DoubleBooking,
    ];

    private static string NoticeText(SafeguardingOptions p)
    {
        var notice = new List<string>();
        if (p.MinNoticeGroup > TimeSpan.Zero) notice.Add($"{Hours(p.MinNoticeGroup)} for group sessions");
        if (p.MinNoticeOneToOne > TimeSpan.Zero) notice.Add($"{Hours(p.MinNoticeOneToOne)} for one-to-one sessions");
        return notice.Count == 0 ? "No minimum notice is set." : $"Minimum notice: {string.Join(", ", notice)}.";
    }

    private static string Hours(TimeSpan span) => span.TotalHours >= 1 && span.Minutes == 0 ? $"{(int)span.TotalHours} hours" : $"{(int)span.TotalMinutes} minutes";

    private static string Before(TimeSpan span) => span.TotalMinutes >= 60 && span.Minutes == 0 ? (span.TotalHours == 1 ? "1 hour" : $"{(int)span.TotalHours} hours") : $"{(int)span.TotalMinutes} minutes";
}

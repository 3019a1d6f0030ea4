using Chexs.Bot.Cards;
using Chexs.Bot.Safeguarding;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Dialogs.Conversations;

/// <summary>
/// The "policy" card: the policy version the bot enforces, its review date (with the P15 warning once it
/// has passed) and one line per rule, worded from docs/policy-rules.md with the organisation's settings filled in.
/// </summary>
public sealed class PolicyCard
{
    private readonly CardTemplates _cards;
    private readonly SafeguardingOptions _policy;
    private readonly OrgCalendar _calendar;
    private readonly TimeProvider _clock;

    public PolicyCard(CardTemplates cards, SafeguardingOptions policy, OrgCalendar calendar, TimeProvider clock)
    {
        _cards = cards;
        _policy = policy;
        _calendar = calendar;
        _clock = clock;
    }

    /// <summary>P15: the review date has passed (local date in the organisation's zone).</summary>
    public bool ReviewOverdue => _calendar.LocalDate(_clock.GetUtcNow()) > _policy.PolicyReviewDate;

    public string ReviewDateText => OrgCalendar.FormatShortDate(_policy.PolicyReviewDate);

    public JObject Render() => _cards.Render(CardNames.Policy, new JObject
    {
        ["policyVersion"] = _policy.PolicyVersion,
        ["reviewDateText"] = ReviewDateText,
        ["reviewOverdue"] = ReviewOverdue,
        ["rules"] = new JArray(Rules().Select(r => new JObject { ["id"] = r.Id, ["text"] = r.Text })),
    });

    /// <summary>Every rule the bot enforces, in policy-rules.md order.</summary>
    public IReadOnlyList<(string Id, string Text)> Rules()
    {
        var p = _policy;
        var notice = new List<string>();
        if (p.MinNoticeGroup > TimeSpan.Zero) notice.Add($"{Hours(p.MinNoticeGroup)} for group sessions");
        if (p.MinNoticeOneToOne > TimeSpan.Zero) notice.Add($"{Hours(p.MinNoticeOneToOne)} for one-to-one sessions");
        return
        [
            (RuleIds.Programme, "A session belongs to the Growth Programme or the Afterschool Leadership Programme, and its pupils are on it."),
            (RuleIds.StaffHost, "The host is CHEXS staff, and the meeting is made on the CHEXS Zoom account."),
            (RuleIds.GuardianContact, "No direct contact with a pupil: the join link and passcode go to parents and guardians only, never to a channel, group chat or reminder."),
            (RuleIds.Consent, "Every participant has a parent/guardian consent covering the session date (annual for the school year, or for that session). A withdrawn consent covers nothing from then on."),
            (RuleIds.Recording, "Every session is recorded, so consent must cover recording; managers hear when a recording is missing."),
            (RuleIds.Passcode, "Every meeting has a passcode."),
            (RuleIds.WaitingRoom, "The waiting room is on: the host admits each person, and nobody joins before the host."),
            (RuleIds.LockMeeting, "The host locks the meeting once everyone expected is in."),
            (RuleIds.AdultPresence, $"When a participant is under {p.AdultPresenceAgeThreshold} on the session date, an adult is present or close by."),
            (RuleIds.GroupSessions, "Group sessions need every guardian's consent to group sessions and a manager's approval first. Nobody approves their own booking."),
            ("P11", "The invitation asks for a quiet space where an adult can supervise, and says no Zoom account is needed."),
            ("P12", "The invitation links Zoom's terms and privacy pages."),
            ("P13", "Guardians and pupils need no Zoom account: meetings never require sign-in."),
            ("P14", "Every invitation names a CHEXS contact for concerns."),
            (RuleIds.PolicyReview, $"The policy has a review date ({ReviewDateText}); I warn staff and managers once it has passed."),
            (RuleIds.MaxLength, $"Sessions last at most {p.MaxSessionMinutes} minutes."),
            (RuleIds.Notice, notice.Count == 0 ? "No minimum notice is set." : $"Minimum notice: {string.Join(", ", notice)}."),
            ("G3", $"Recordings are deleted after {p.RecordingRetentionMonths} months and session details anonymised after {p.SessionRetentionMonths} months."),
            (RuleIds.CoHost, p.RequireCoHostForGroups ? "Group sessions have a second CHEXS adult as co-host." : "A second CHEXS adult for group sessions is not required (setting off)."),
            ("G5", $"Reminders go out {string.Join(" and ", p.ReminderOffsets.Select(Before))} before each session."),
            ("G6", "Channel posts name pupils by initials only."),
            (RuleIds.DoubleBooking, "Nobody (host or pupil) is in two sessions at once."),
        ];
    }

    private static string Hours(TimeSpan span) => span.TotalHours >= 1 && span.Minutes == 0 ? $"{(int)span.TotalHours} hours" : $"{(int)span.TotalMinutes} minutes";

    private static string Before(TimeSpan span) => span.TotalMinutes >= 60 && span.Minutes == 0 ? (span.TotalHours == 1 ? "1 hour" : $"{(int)span.TotalHours} hours") : $"{(int)span.TotalMinutes} minutes";
}

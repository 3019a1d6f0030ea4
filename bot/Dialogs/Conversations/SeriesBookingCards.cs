using Chexs.Bot.Cards;
using Chexs.Bot.Dialogs.Parsing;
using Chexs.Bot.Records;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Safeguarding.Rules;
using Chexs.Bot.Sessions;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Dialogs.Conversations;

/// <summary>
/// A draft that repeats ("every Tuesday at 4pm for 6 weeks"): its dates (<see cref="SeriesDates"/>), the request
/// for <see cref="BookSeries"/>, and the series-summary card listing which dates pass and which are blocked, with
/// the rule, who and what would fix it (1:1 chat, so pupils in full).
/// </summary>
public sealed class SeriesBookingCards
{
    private readonly CardTemplates _cards;
    private readonly OrgCalendar _calendar;
    private readonly SafeguardingOptions _policy;
    private readonly PupilPicker _pupils;

    public SeriesBookingCards(CardTemplates cards, OrgCalendar calendar, SafeguardingOptions policy, PupilPicker pupils)
    {
        _cards = cards;
        _calendar = calendar;
        _policy = policy;
        _pupils = pupils;
    }

    /// <summary>The draft's dates: from its start (moved on to the series' weekday when one was said), for as long as it says.</summary>
    public SeriesExpansion Expand(BookingDraft draft)
    {
        var series = draft.Series!;
        var first = draft.Start!.Value;
        if (series.Day is { } day)
        {
            var local = _calendar.LocalDateTime(first);
            var ahead = ((int)day - (int)local.DayOfWeek + 7) % 7;
            if (ahead > 0 && _calendar.TryFromLocal(DateOnly.FromDateTime(local).AddDays(ahead), TimeOnly.FromDateTime(local), out var moved, out _))
            {
                first = moved;
            }
        }
        return SeriesDates.Expand(new SeriesPlan(first, series.Frequency, series.Count, series.Until, series.CountIsWeeks), _calendar);
    }

    public static SeriesRequest Request(BookingDraft draft, string userId, SeriesExpansion dates) =>
        new(draft.SeriesId!, draft.Programme!.Value, draft.PupilIds.ToList(), dates.Starts.ToList(), draft.Minutes!.Value, draft.EffectiveKind,
            draft.Series!.Frequency, draft.Series.Text, userId, userId);

    /// <summary>"Every Tuesday, 4:00pm to 4:45pm (UK time), 6 dates from Tue 1 Dec 2026 to Tue 5 Jan 2027".</summary>
    public string PatternText(BookingDraft draft, SeriesExpansion dates)
    {
        var all = dates.Dates;
        var first = dates.Starts.First();
        var described = LocalTimes.Describe(first, draft.Minutes!.Value, _policy.Zone);
        var clock = described[(described.IndexOf(',') + 2)..];
        var day = _calendar.LocalDateTime(first).DayOfWeek;
        var every = draft.Series!.Frequency == SeriesFrequency.Fortnightly ? $"Every other {day}" : $"Every {day}";
        return $"{every}, {clock}, {all.Count} date{(all.Count == 1 ? "" : "s")} from {OrgCalendar.FormatDate(all[0].Date)} to {OrgCalendar.FormatDate(all[^1].Date)}";
    }

    public async Task<JObject> SummaryAsync(BookingDraft draft, SeriesExpansion dates, SeriesVerdict verdict, string approverText, CancellationToken ct = default)
    {
        var participants = new JArray();
        foreach (var id in draft.PupilIds) participants.Add(new JObject { ["name"] = await _pupils.DescribedAsync(id, ct) });
        var passing = new JArray();
        foreach (var d in verdict.Passing)
        {
            var notes = d.Verdict.Notes.Where(f => f.RuleId == RuleCatalogue.AdultPresence.Id).Select(f => f.LineFor(Audience.Personal));
            passing.Add(new JObject { ["whenText"] = LocalTimes.Describe(d.Start, draft.Minutes!.Value, _policy.Zone), ["note"] = string.Join(" ", notes) });
        }
        var blocked = new JArray(verdict.Blocked.Select(d => new JObject
        {
            ["whenText"] = LocalTimes.Describe(d.Start, draft.Minutes!.Value, _policy.Zone),
            ["findings"] = new JArray(d.Verdict.Blocks.Select(f => new JObject { ["ruleId"] = f.RuleId, ["message"] = f.ProblemFor(Audience.Personal), ["fix"] = f.FixFor(Audience.Personal) })),
        }));
        // A date whose time does not exist (the hour the clocks go forward) is blocked too, with its own reason.
        foreach (var gap in dates.Dates.Where(d => d.Start is null))
        {
            blocked.Add(new JObject
            {
                ["whenText"] = OrgCalendar.FormatDate(gap.Date),
                ["findings"] = new JArray(new JObject { ["ruleId"] = "Time", ["message"] = gap.Problem, ["fix"] = "Pick a time outside the hour the clocks go forward." }),
            });
        }
        var count = verdict.Passing.Count;
        var data = new JObject
        {
            ["draftId"] = draft.SeriesId,
            ["programme"] = draft.Programme!.Value.Display(),
            ["patternText"] = PatternText(draft, dates),
            ["lengthText"] = SessionCards.LengthText(draft.Minutes!.Value),
            ["kind"] = BookingCards.KindText(draft.EffectiveKind, draft.PupilIds.Count),
            ["participants"] = participants,
            ["understood"] = new JArray(draft.UnderstoodTexts.Select(n => new JObject { ["text"] = n })),
            ["passing"] = passing,
            ["blocked"] = blocked,
            ["needsApproval"] = verdict.NeedsApproval,
            ["approverText"] = verdict.NeedsApproval ? approverText : "",
            ["guardiansText"] = "The guardians get one e-mail listing every booked date with its own join link and passcode, and the dates skipped. " +
                                "Each date gets its own Zoom meeting, reminders and calendar event.",
            ["confirmTitle"] = ConfirmTitle(count, blocked.Count > 0, verdict.NeedsApproval),
        };
        return _cards.Render(CardNames.SeriesSummary, data);
    }

    public static string ConfirmTitle(int passing, bool someBlocked, bool needsApproval) =>
        needsApproval ? $"Send {passing} date{(passing == 1 ? "" : "s")} for approval"
        : someBlocked ? $"Book the {passing} date{(passing == 1 ? "" : "s")} that pass"
        : $"Book all {passing} dates";

    /// <summary>What the series words were taken to mean, said back on the card.</summary>
    public string Understood(SessionSeries series, SeriesExpansion dates) =>
        $"I took \"{series.Text}\" as {dates.Dates.Count} date{(dates.Dates.Count == 1 ? "" : "s")}, the first on {OrgCalendar.FormatDate(dates.Dates[0].Date)}";
}

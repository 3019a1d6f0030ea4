using Chexs.Bot.Records;
using Chexs.Bot.Safeguarding;

namespace Chexs.Bot.Sessions;

/// <summary>
/// What a series asks for: its first session (an instant), how often, and how long it runs — a number of
/// sessions, a number of weeks (<paramref name="CountIsWeeks"/>: "fortnightly for 6 weeks" is 3 dates) or an end date.
/// </summary>
public sealed record SeriesPlan(DateTimeOffset First, SeriesFrequency Frequency, int? Count, DateOnly? Until, bool CountIsWeeks = true);

/// <summary>One date of a series: its start in the organisation's time zone, or why that day has no such time.</summary>
public sealed record SeriesDate(DateOnly Date, DateTimeOffset? Start, string? Problem);

/// <summary>The dates of a series, or a sentence saying why it cannot be booked as asked (and what to say instead).</summary>
public sealed record SeriesExpansion(IReadOnlyList<SeriesDate> Dates, string? Refusal)
{
    public IEnumerable<DateTimeOffset> Starts => Dates.Where(d => d.Start is not null).Select(d => d.Start!.Value);
}

/// <summary>
/// Expands a series into its dates, each at the same wall-clock time in Europe/London (so a 4pm session stays at
/// 4pm across the late-October and late-March clock changes; the instants move by an hour). At most
/// <see cref="MaxOccurrences"/> dates (half a school year of weekly sessions, a year fortnightly): enough for a
/// programme's term, few enough to check on one card. The academic year is not a limit here: each date is judged on its
/// own, so a date after the consent's year ends (31 Aug, P4) is shown blocked with its fix (record next year's consent),
/// and passes when that consent is already in.
/// </summary>
public static class SeriesDates
{
    public const int MaxOccurrences = 26;

    public static SeriesExpansion Expand(SeriesPlan plan, OrgCalendar calendar)
    {
        var local = calendar.LocalDateTime(plan.First);
        var firstDate = DateOnly.FromDateTime(local);
        var time = TimeOnly.FromDateTime(local);
        var step = plan.Frequency == SeriesFrequency.Fortnightly ? 14 : 7;
        var example = firstDate.AddDays(5 * step).ToString("d MMM", System.Globalization.CultureInfo.InvariantCulture);
        var fix = $"Say how long it runs, e.g. \"for 6 weeks\" or \"until {example}\".";

        int count;
        if (plan.Count is { } n)
        {
            count = plan.CountIsWeeks && step == 14 ? (n + 1) / 2 : n;
            if (count < 1) return Refused($"A series needs at least one date. {fix}");
            if (count > MaxOccurrences)
            {
                return Refused($"A series can have at most {MaxOccurrences} dates (half a school year of weekly sessions), and this one would have {count}. " +
                               $"Book up to {MaxOccurrences} now and the rest later.");
            }
        }
        else if (plan.Until is { } until)
        {
            if (until < firstDate)
            {
                return Refused($"The series would end on {OrgCalendar.FormatDate(until)}, before its first date ({OrgCalendar.FormatDate(firstDate)}). {fix}");
            }
            count = (until.DayNumber - firstDate.DayNumber) / step + 1;
            if (count > MaxOccurrences)
            {
                return Refused($"A series can have at most {MaxOccurrences} dates (half a school year of weekly sessions), and \"until {OrgCalendar.FormatShortDate(until)}\" would make {count}. " +
                               $"End it sooner and book the rest later.");
            }
        }
        else
        {
            return Refused($"How long should the series run? {fix}");
        }

        var dates = new List<SeriesDate>();
        for (var k = 0; k < count; k++)
        {
            var date = firstDate.AddDays(k * step);
            dates.Add(calendar.TryFromLocal(date, time, out var start, out var problem)
                ? new SeriesDate(date, start, null)
                : new SeriesDate(date, null, problem));
        }
        return new SeriesExpansion(dates, null);
    }

    private static SeriesExpansion Refused(string why) => new([], why);
}

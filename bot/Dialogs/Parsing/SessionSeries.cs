using System.Globalization;
using Chexs.Bot.Records;

namespace Chexs.Bot.Dialogs.Parsing;

/// <summary>
/// A repeating booking as typed: "every Tuesday", "fortnightly", "for 6 weeks", "until 17 Dec". The booking dialog
/// turns it into dates (<see cref="Sessions.SeriesDates"/>) and books them as a <see cref="BookingSeries"/>.
/// </summary>
public sealed record SessionSeries
{
    public SeriesFrequency Frequency { get; init; } = SeriesFrequency.Weekly;
    public DayOfWeek? Day { get; init; }
    public int? Count { get; init; }
    /// <summary>The count was of weeks ("for 6 weeks": 3 dates when fortnightly), not of sessions ("6 sessions", "x6").</summary>
    public bool CountIsWeeks { get; init; }
    public DateOnly? Until { get; init; }
    /// <summary>The words that said it, as typed ("every Tuesday for 6 weeks").</summary>
    public string Text { get; init; } = "";

    /// <summary>Merges another part of the same series ("every Tuesday" + "for 6 weeks").</summary>
    internal SessionSeries With(SessionSeries more) => this with
    {
        Frequency = more.Frequency == SeriesFrequency.Fortnightly ? SeriesFrequency.Fortnightly : Frequency,
        Day = Day ?? more.Day,
        Count = Count ?? more.Count,
        CountIsWeeks = Count is null ? more.CountIsWeeks : CountIsWeeks,
        Until = Until ?? more.Until,
        Text = Text.Length == 0 ? more.Text : $"{Text} {more.Text}",
    };
}

/// <summary>Finds the words of a repeating booking in a line; see <see cref="SessionSeries"/>.</summary>
internal static class SeriesPhrases
{
    private static readonly Dictionary<string, DayOfWeek> PluralDays = new()
    {
        ["mondays"] = DayOfWeek.Monday, ["tuesdays"] = DayOfWeek.Tuesday, ["wednesdays"] = DayOfWeek.Wednesday,
        ["thursdays"] = DayOfWeek.Thursday, ["fridays"] = DayOfWeek.Friday, ["saturdays"] = DayOfWeek.Saturday, ["sundays"] = DayOfWeek.Sunday,
    };

    private static readonly Dictionary<string, DayOfWeek> Days = new()
    {
        ["mon"] = DayOfWeek.Monday, ["monday"] = DayOfWeek.Monday, ["tue"] = DayOfWeek.Tuesday, ["tues"] = DayOfWeek.Tuesday,
        ["tuesday"] = DayOfWeek.Tuesday, ["wed"] = DayOfWeek.Wednesday, ["weds"] = DayOfWeek.Wednesday, ["wednesday"] = DayOfWeek.Wednesday,
        ["thu"] = DayOfWeek.Thursday, ["thur"] = DayOfWeek.Thursday, ["thurs"] = DayOfWeek.Thursday, ["thursday"] = DayOfWeek.Thursday,
        ["fri"] = DayOfWeek.Friday, ["friday"] = DayOfWeek.Friday, ["sat"] = DayOfWeek.Saturday, ["saturday"] = DayOfWeek.Saturday,
        ["sun"] = DayOfWeek.Sunday, ["sunday"] = DayOfWeek.Sunday,
    };

    private static readonly Dictionary<string, int> Numbers = new()
    {
        ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7, ["eight"] = 8, ["nine"] = 9,
        ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12,
    };

    private static readonly HashSet<string> UntilWords = new() { "until", "till", "til", "untill", "through", "thru" };

    /// <summary>A series phrase starting at <paramref name="i"/>: the series and the next word, or null.</summary>
    public static (SessionSeries Series, int Next)? Match(IReadOnlyList<Token> t, int i, UkDateTimeParser dates)
    {
        string? W(int k) => k < t.Count ? t[k].Text : null;
        var w = W(i);
        if (w is null)
        {
            return null;
        }
        SessionSeries Said(int next, SessionSeries s) => s with { Text = Span(t, i, next) };

        if (w is "every" or "each")
        {
            var k = i + 1;
            var fortnightly = false;
            if (W(k) is "other" or "second" or "alternate")
            {
                fortnightly = true;
                k++;
            }
            var frequency = fortnightly ? SeriesFrequency.Fortnightly : SeriesFrequency.Weekly;
            if (W(k) is { } d && (Days.TryGetValue(d, out var day) || PluralDays.TryGetValue(d, out day)))
            {
                return (Said(k + 1, new SessionSeries { Frequency = frequency, Day = day }), k + 1);
            }
            if (W(k) == "week")
            {
                return (Said(k + 1, new SessionSeries { Frequency = frequency }), k + 1);
            }
            if (W(k) == "fortnight")
            {
                return (Said(k + 1, new SessionSeries { Frequency = SeriesFrequency.Fortnightly }), k + 1);
            }
            if (Number(W(k)) is { } n && W(k + 1) == "weeks" && n <= 2)
            {
                return (Said(k + 2, new SessionSeries { Frequency = n == 2 ? SeriesFrequency.Fortnightly : SeriesFrequency.Weekly }), k + 2);
            }
            return null;
        }
        if (w is "weekly" or "recurring" or "repeating" or "regular" or "ongoing")
        {
            return (Said(i + 1, new SessionSeries()), i + 1);
        }
        if (w is "fortnightly" or "biweekly" or "bi-weekly")
        {
            return (Said(i + 1, new SessionSeries { Frequency = SeriesFrequency.Fortnightly }), i + 1);
        }
        // "on Tuesdays", "Tuesdays at 4"
        var onPlural = w == "on" && W(i + 1) is { } p && PluralDays.ContainsKey(p) ? i + 1 : i;
        if (W(onPlural) is { } plural && PluralDays.TryGetValue(plural, out var pluralDay))
        {
            return (Said(onPlural + 1, new SessionSeries { Day = pluralDay }), onPlural + 1);
        }
        // "for 6 weeks", "for the next six weeks", "for six sessions", "6 weeks running"
        var f = w == "for" ? i + 1 : i;
        if (W(f) is "the" && W(f + 1) is "next" or "following")
        {
            f += 2;
        }
        if (Number(W(f)) is { } count && W(f + 1) is "weeks" or "sessions" or "times" or "wks")
        {
            var next = f + 2;
            if (W(next) == "running")
            {
                next++;
            }
            return (Said(next, new SessionSeries { Count = count, CountIsWeeks = W(f + 1) is "weeks" or "wks" }), next);
        }
        // "x6", "6x"
        var glued = w.Length < 2 ? null : w[0] == 'x' ? Number(w[1..]) : w[^1] == 'x' ? Number(w[..^1]) : null;
        if (glued is { } times && times > 1)
        {
            return (Said(i + 1, new SessionSeries { Count = times }), i + 1);
        }
        // "until 17 Dec", "till the end of term", "up to Christmas"
        var u = UntilWords.Contains(w) ? i + 1 : w == "up" && W(i + 1) is "to" or "until" ? i + 2 : -1;
        if (u > 0)
        {
            if (W(u) is "the" && W(u + 1) is "end" || W(u) is "end" or "christmas" or "xmas" or "easter" or "half-term" or "half" or "term" or "summer")
            {
                var end = u;
                while (end < t.Count && W(end) is "the" or "end" or "of" or "this" or "term" or "half" or "half-term" or "christmas" or "xmas" or "easter" or "summer" or "holidays" or "year")
                {
                    end++;
                }
                return (Said(end, new SessionSeries()), end);
            }
            if (dates.Match(t, u) is { Error: null, Date: not null } phrase && phrase.Time is null
                && dates.Resolve(phrase) is { IsValid: true, Date: { } until })
            {
                return (Said(phrase.End, new SessionSeries { Until = until }), phrase.End);
            }
        }
        return null;
    }

    private static int? Number(string? word) =>
        word is null ? null
        : Numbers.TryGetValue(word, out var n) ? n
        : int.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out var d) && d is >= 1 and <= 60 ? d
        : null;

    private static string Span(IReadOnlyList<Token> t, int from, int to) =>
        string.Join(' ', Enumerable.Range(from, Math.Min(to, t.Count) - from).Select(k => t[k].Raw));
}

using System.Globalization;
using System.Text.RegularExpressions;
using Chexs.Bot.Safeguarding;

namespace Chexs.Bot.Dialogs.Parsing;

/// <summary>
/// What a typed date/time said. <see cref="Start"/> is set when both a date and a time are known
/// (a time on its own is placed on its next occurrence). A date on its own leaves <see cref="Start"/>
/// null so the caller can ask for the time. <see cref="Error"/> is a sentence to show the user.
/// </summary>
public sealed record DateTimeReading
{
    public DateOnly? Date { get; init; }
    public TimeOnly? Time { get; init; }
    public DateTimeOffset? Start { get; init; }
    /// <summary>The text named a day (rather than the day being inferred from a bare time).</summary>
    public bool DateGiven { get; init; }
    /// <summary>The text named a time of day.</summary>
    public bool TimeGiven { get; init; }
    public string? Error { get; init; }
    public bool IsValid => Error is null;

    public static DateTimeReading Failed(string error) => new() { Error = error };
}

/// <summary>
/// Reads the dates and times UK staff type ("28/11", "Tue 16:30", "tomorrow 4pm", "next Monday at 10")
/// into an instant in the organisation's time zone (Europe/London). Pure apart from the clock and zone
/// passed in; never throws on bad input.
///
/// Rules (each is tested):
/// <list type="bullet">
/// <item>Numeric dates are day/month ("28/11", "28/11/2026", "28-11-2026"); a dash or dotted date needs a year
/// so "1-1" stays free to mean one-to-one.</item>
/// <item>A date without a year is its next occurrence from today (today counts; 29/02 goes to the next leap year).</item>
/// <item>A weekday ("Tue", "this Tuesday") is the next time that day and time happen: today if the time
/// is still ahead, otherwise a week later. Without a time, today's weekday means today.</item>
/// <item>"next Monday" is the Monday of next week (weeks run Monday to Sunday): said on Wednesday 25 Nov it is
/// Monday 30 Nov; "next Friday" said on Monday 23 Nov is Friday 4 Dec, not 27 Nov.</item>
/// <item>A time on its own ("16:30", "4.30pm") is today if still ahead, otherwise tomorrow.</item>
/// <item>Hours without am/pm: "at 10", "10:15" and anything written 24-hour style ("09:30", "16:30") are read
/// as written, except single-digit 1–7 ("at 4", "4:30"), which mean afternoon — sessions with pupils run in the day.</item>
/// <item>Spring forward: a time in the skipped hour (01:00–01:59 on the last Sunday in March) is refused with the
/// nearest real time suggested. Autumn: a time in the repeated hour (last Sunday in October) is its first
/// occurrence, still on summer time (+01:00).</item>
/// </list>
/// </summary>
public sealed class UkDateTimeParser
{
    public const string Examples = "\"tomorrow 4pm\", \"Tue 16:30\", \"28/11 10:00\" or \"next Monday at 10\"";

    private static readonly Dictionary<string, DayOfWeek> Weekdays = new()
    {
        ["mon"] = DayOfWeek.Monday, ["monday"] = DayOfWeek.Monday,
        ["tue"] = DayOfWeek.Tuesday, ["tues"] = DayOfWeek.Tuesday, ["tuesday"] = DayOfWeek.Tuesday,
        ["wed"] = DayOfWeek.Wednesday, ["weds"] = DayOfWeek.Wednesday, ["wednesday"] = DayOfWeek.Wednesday,
        ["thu"] = DayOfWeek.Thursday, ["thur"] = DayOfWeek.Thursday, ["thurs"] = DayOfWeek.Thursday, ["thursday"] = DayOfWeek.Thursday,
        ["fri"] = DayOfWeek.Friday, ["friday"] = DayOfWeek.Friday,
        ["sat"] = DayOfWeek.Saturday, ["saturday"] = DayOfWeek.Saturday,
        ["sun"] = DayOfWeek.Sunday, ["sunday"] = DayOfWeek.Sunday,
    };

    private static readonly Dictionary<string, int> Months = new()
    {
        ["jan"] = 1, ["january"] = 1, ["feb"] = 2, ["february"] = 2, ["mar"] = 3, ["march"] = 3,
        ["apr"] = 4, ["april"] = 4, ["may"] = 5, ["jun"] = 6, ["june"] = 6, ["jul"] = 7, ["july"] = 7,
        ["aug"] = 8, ["august"] = 8, ["sep"] = 9, ["sept"] = 9, ["september"] = 9, ["oct"] = 10, ["october"] = 10,
        ["nov"] = 11, ["november"] = 11, ["dec"] = 12, ["december"] = 12,
    };

    private static readonly HashSet<string> Tomorrow = new() { "tomorrow", "tmrw", "tmw", "tomoz" };
    private static readonly HashSet<string> Meridiems = new() { "am", "pm", "a.m", "p.m" };
    /// <summary>Little words that may sit between or before the date and time parts.</summary>
    private static readonly HashSet<string> Connectors = new() { "at", "on", ",", "the", "from" };

    private static readonly Regex SlashDate = new(@"^(\d{1,2})/(\d{1,2})(?:/(\d{2}|\d{4}))?$", RegexOptions.CultureInvariant);
    private static readonly Regex DashOrDotDate = new(@"^(\d{1,2})[-.](\d{1,2})[-.](\d{2}|\d{4})$", RegexOptions.CultureInvariant);
    private static readonly Regex OrdinalDay = new(@"^(\d{1,2})(?:st|nd|rd|th)?$", RegexOptions.CultureInvariant);
    private static readonly Regex Year = new(@"^\d{4}$", RegexOptions.CultureInvariant);
    private static readonly Regex ClockWithMeridiem = new(@"^(\d{1,2})(?:[:.](\d{2}))?(am|pm|a\.m|p\.m)$", RegexOptions.CultureInvariant);
    private static readonly Regex ClockNumber = new(@"^(\d{1,2})(?:[:.](\d{2}))?$", RegexOptions.CultureInvariant);
    private static readonly Regex Clock = new(@"^(\d{1,2})[:.](\d{2})$", RegexOptions.CultureInvariant);

    private readonly TimeProvider _clock;

    public UkDateTimeParser(TimeProvider clock, TimeZoneInfo zone)
    {
        _clock = clock;
        Zone = zone;
    }

    /// <summary>The parser for the organisation's configured zone (<see cref="SafeguardingOptions.Zone"/>).</summary>
    public static UkDateTimeParser For(TimeProvider clock, SafeguardingOptions options) => new(clock, options.Zone);

    public TimeZoneInfo Zone { get; }

    /// <summary>The current wall-clock time in <see cref="Zone"/>.</summary>
    public DateTime LocalNow => TimeZoneInfo.ConvertTime(_clock.GetUtcNow(), Zone).DateTime;

    public DateTimeOffset UtcNow => _clock.GetUtcNow();

    /// <summary>Reads the whole of <paramref name="text"/> as a date and/or time.</summary>
    public DateTimeReading Read(string? text)
    {
        var tokens = TextTokens.Split(text);
        var phrase = tokens.Count == 0 ? null : Match(tokens, 0);
        if (phrase?.Error is not null)
        {
            return DateTimeReading.Failed(phrase.Error);
        }
        if (phrase is null || phrase.End < tokens.Count)
        {
            return DateTimeReading.Failed(CouldNotRead(text));
        }
        return Resolve(phrase);
    }

    /// <summary>The instant of a local date and time in <see cref="Zone"/>, refusing times the clocks skip.</summary>
    public DateTimeReading At(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        if (Zone.IsInvalidTime(local))
        {
            return DateTimeReading.Failed(
                $"{UkDates.Time(time)} on {UkDates.LongDate(date)} doesn't exist in the UK: the clocks go forward an hour that night. " +
                $"Try {UkDates.Time(time.AddHours(1))} instead.");
        }
        // In the repeated autumn hour, take the first occurrence (still summer time, the larger offset).
        var offset = Zone.IsAmbiguousTime(local) ? Zone.GetAmbiguousTimeOffsets(local).Max() : Zone.GetUtcOffset(local);
        return new DateTimeReading
        {
            Date = date,
            Time = time,
            Start = new DateTimeOffset(local, offset),
            DateGiven = true,
            TimeGiven = true,
        };
    }

    public static string CouldNotRead(string? text) =>
        $"I couldn't read \"{(text ?? "").Trim()}\" as a date and time. Try something like {Examples}.";

    private static string Problem(string raw, string what, string reason) =>
        $"I couldn't read \"{raw}\" as a {what}: {reason}. Try something like {Examples}.";

    // ---- Matching: which words form a date/time phrase ----

    internal abstract record DateSpec;
    internal sealed record RelativeDays(int Days) : DateSpec;
    internal sealed record WeekdaySpec(DayOfWeek Day, bool NextWeek) : DateSpec;
    internal sealed record CalendarDate(int Day, int Month, int? Year, DayOfWeek? StatedWeekday) : DateSpec;

    /// <summary>Words [Start, End) of a token list that form a date/time phrase, or the problem with them.</summary>
    internal sealed record Phrase(int Start, int End, DateSpec? Date, TimeOnly? Time, string? Error);

    private readonly record struct Part(int Next, DateSpec? Date = null, TimeOnly? Time = null, string? Error = null);

    /// <summary>The longest date/time phrase starting at <paramref name="start"/>, or null when none starts there.</summary>
    internal Phrase? Match(IReadOnlyList<Token> t, int start)
    {
        var i = start;
        DateSpec? date = null;
        TimeOnly? time = null;
        while (i < t.Count)
        {
            var j = i;
            var sawAt = false;
            while (j < t.Count && Connectors.Contains(t[j].Text))
            {
                sawAt |= t[j].Text == "at";
                j++;
            }
            var part = date is null ? TryDate(t, j) : null;
            part ??= time is null ? TryTime(t, j, sawAt) : null;
            if (part is not { } p)
            {
                break;
            }
            if (p.Error is not null)
            {
                return new Phrase(start, p.Next, null, null, p.Error);
            }
            date ??= p.Date;
            time ??= p.Time;
            i = p.Next;
        }
        return date is null && time is null ? null : new Phrase(start, i, date, time, null);
    }

    private static Part? TryDate(IReadOnlyList<Token> t, int j)
    {
        if (j >= t.Count)
        {
            return null;
        }
        var w = t[j].Text;
        if (w == "today")
        {
            return new Part(j + 1, new RelativeDays(0));
        }
        if (Tomorrow.Contains(w))
        {
            return new Part(j + 1, new RelativeDays(1));
        }

        DayOfWeek day;
        var next = false;
        int k;
        if ((w is "next" or "this") && j + 1 < t.Count && Weekdays.TryGetValue(t[j + 1].Text, out day))
        {
            next = w == "next";
            k = j + 2;
        }
        else if (Weekdays.TryGetValue(w, out day))
        {
            k = j + 1;
        }
        else
        {
            return TryCalendarDate(t, j);
        }

        // A calendar date may follow the weekday: "Tue 28/11", "Tuesday, the 1st of December".
        var m = k;
        while (m < t.Count && t[m].Text is "," or "the")
        {
            m++;
        }
        if (TryCalendarDate(t, m) is { } stated)
        {
            return stated.Error is not null || stated.Date is not CalendarDate c
                ? stated
                : stated with { Date = c with { StatedWeekday = day } };
        }
        return new Part(k, new WeekdaySpec(day, next));
    }

    private static Part? TryCalendarDate(IReadOnlyList<Token> t, int j)
    {
        if (j >= t.Count)
        {
            return null;
        }
        var raw = t[j].Raw;
        var w = t[j].Text;
        var numeric = SlashDate.Match(w);
        if (!numeric.Success)
        {
            numeric = DashOrDotDate.Match(w);
        }
        if (numeric.Success)
        {
            var d = int.Parse(numeric.Groups[1].Value, CultureInfo.InvariantCulture);
            var mo = int.Parse(numeric.Groups[2].Value, CultureInfo.InvariantCulture);
            int? y = numeric.Groups[3].Success ? FullYear(numeric.Groups[3].Value) : null;
            return CalendarPart(j + 1, raw, d, mo, y);
        }

        // "28 Nov", "28th of November 2026"
        var ordinal = OrdinalDay.Match(w);
        if (ordinal.Success)
        {
            var k = j + 1;
            if (k < t.Count && t[k].Text == "of")
            {
                k++;
            }
            if (k < t.Count && Months.TryGetValue(t[k].Text, out var month))
            {
                var end = k + 1;
                int? year = null;
                if (end < t.Count && Year.IsMatch(t[end].Text))
                {
                    year = int.Parse(t[end].Text, CultureInfo.InvariantCulture);
                    end++;
                }
                return CalendarPart(end, Span(t, j, end), int.Parse(ordinal.Groups[1].Value, CultureInfo.InvariantCulture), month, year);
            }
            return null;
        }

        // "Nov 28", "December 3rd 2026"
        if (Months.TryGetValue(w, out var m2) && j + 1 < t.Count && OrdinalDay.Match(t[j + 1].Text) is { Success: true } day2)
        {
            var end = j + 2;
            int? year = null;
            if (end < t.Count && Year.IsMatch(t[end].Text))
            {
                year = int.Parse(t[end].Text, CultureInfo.InvariantCulture);
                end++;
            }
            return CalendarPart(end, Span(t, j, end), int.Parse(day2.Groups[1].Value, CultureInfo.InvariantCulture), m2, year);
        }
        return null;
    }

    private static Part CalendarPart(int next, string raw, int day, int month, int? year)
    {
        if (month is < 1 or > 12)
        {
            var reason = day is >= 1 and <= 12 && month <= 31
                ? $"dates are day/month in the UK, so that would be month {month} — did you mean {month}/{day}"
                : $"there's no month {month}";
            return new Part(next, Error: Problem(raw, "date", reason));
        }
        var monthName = CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(month);
        if (day < 1 || day > DateTime.DaysInMonth(2024, month))
        {
            return new Part(next, Error: Problem(raw, "date", $"there's no {day} {monthName}"));
        }
        if (year is { } y && day > DateTime.DaysInMonth(y, month))
        {
            return new Part(next, Error: Problem(raw, "date", $"{y} isn't a leap year, so there's no {day} {monthName} {y}"));
        }
        return new Part(next, new CalendarDate(day, month, year, null));
    }

    private static Part? TryTime(IReadOnlyList<Token> t, int j, bool afterAt)
    {
        if (j >= t.Count)
        {
            return null;
        }
        var w = t[j].Text;
        var raw = t[j].Raw;
        if (w is "noon" or "midday")
        {
            return new Part(j + 1, Time: new TimeOnly(12, 0));
        }
        var glued = ClockWithMeridiem.Match(w);
        if (glued.Success)
        {
            return WithMeridiem(j + 1, raw, glued.Groups[1].Value, glued.Groups[2].Value, glued.Groups[3].Value);
        }
        var number = ClockNumber.Match(w);
        if (number.Success && j + 1 < t.Count && Meridiems.Contains(t[j + 1].Text))
        {
            return WithMeridiem(j + 2, Span(t, j, j + 2), number.Groups[1].Value, number.Groups[2].Value, t[j + 1].Text);
        }
        if (number.Success && j + 1 < t.Count && t[j + 1].Text is "o'clock" or "oclock")
        {
            return WithoutMeridiem(j + 2, Span(t, j, j + 2), number.Groups[1].Value, "");
        }
        var clock = Clock.Match(w);
        if (clock.Success)
        {
            return WithoutMeridiem(j + 1, raw, clock.Groups[1].Value, clock.Groups[2].Value);
        }
        if (afterAt && number.Success && !number.Groups[2].Success)
        {
            return WithoutMeridiem(j + 1, raw, number.Groups[1].Value, "");
        }
        return null;
    }

    private static Part WithMeridiem(int next, string raw, string hourText, string minuteText, string meridiem)
    {
        var hour = int.Parse(hourText, CultureInfo.InvariantCulture);
        var minute = minuteText.Length == 0 ? 0 : int.Parse(minuteText, CultureInfo.InvariantCulture);
        var pm = meridiem.StartsWith('p');
        if (minute > 59)
        {
            return new Part(next, Error: Problem(raw, "time", $"an hour only has 60 minutes"));
        }
        if (hour is >= 1 and <= 12)
        {
            return new Part(next, Time: new TimeOnly(hour % 12 + (pm ? 12 : 0), minute));
        }
        if (pm && hour is >= 13 and <= 23)
        {
            // "16:30pm" says the same thing twice; take it.
            return new Part(next, Time: new TimeOnly(hour, minute));
        }
        return new Part(next, Error: Problem(raw, "time", "with am or pm the hour must be from 1 to 12"));
    }

    private static Part WithoutMeridiem(int next, string raw, string hourText, string minuteText)
    {
        var hour = int.Parse(hourText, CultureInfo.InvariantCulture);
        var minute = minuteText.Length == 0 ? 0 : int.Parse(minuteText, CultureInfo.InvariantCulture);
        if (hour > 23 || minute > 59)
        {
            return new Part(next, Error: Problem(raw, "time", "that isn't a time of day on a 24-hour clock"));
        }
        var writtenAs24Hour = hourText.Length == 2 || hour == 0 || hour >= 8;
        return new Part(next, Time: new TimeOnly(writtenAs24Hour ? hour : hour + 12, minute));
    }

    private static int FullYear(string text)
    {
        var y = int.Parse(text, CultureInfo.InvariantCulture);
        return text.Length == 2 ? 2000 + y : y;
    }

    private static string Span(IReadOnlyList<Token> t, int from, int to) =>
        string.Join(' ', Enumerable.Range(from, to - from).Select(i => t[i].Raw));

    // ---- Resolving: which day the phrase means, given today ----

    internal DateTimeReading Resolve(Phrase phrase)
    {
        if (phrase.Error is not null)
        {
            return DateTimeReading.Failed(phrase.Error);
        }
        var now = LocalNow;
        var today = DateOnly.FromDateTime(now);
        var nowTime = TimeOnly.FromDateTime(now);
        var time = phrase.Time;

        DateOnly date;
        switch (phrase.Date)
        {
            case null:
                date = time > nowTime ? today : today.AddDays(1);
                var reading = At(date, time!.Value);
                return reading.IsValid ? reading with { DateGiven = false } : reading;
            case RelativeDays r:
                date = today.AddDays(r.Days);
                break;
            case WeekdaySpec { NextWeek: true } w:
                var mondayThisWeek = today.AddDays(-DaysSinceMonday(today.DayOfWeek));
                date = mondayThisWeek.AddDays(7 + DaysSinceMonday(w.Day));
                break;
            case WeekdaySpec w:
                var ahead = ((int)w.Day - (int)today.DayOfWeek + 7) % 7;
                if (ahead == 0 && time is { } t && t <= nowTime)
                {
                    ahead = 7;
                }
                date = today.AddDays(ahead);
                break;
            case CalendarDate c:
                if (NextOccurrence(c, today) is not { } found)
                {
                    return DateTimeReading.Failed($"I couldn't find a {c.Day} {CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(c.Month)} in the next few years. Try something like {Examples}.");
                }
                date = found;
                if (c.StatedWeekday is { } stated && date.DayOfWeek != stated)
                {
                    return DateTimeReading.Failed($"{UkDates.LongDate(date)} is a {date.DayOfWeek}, not a {stated}. Which day did you mean?");
                }
                break;
            default:
                return DateTimeReading.Failed(CouldNotRead(""));
        }

        return time is { } tod ? At(date, tod) : new DateTimeReading { Date = date, DateGiven = true };
    }

    private static int DaysSinceMonday(DayOfWeek day) => ((int)day + 6) % 7;

    private static DateOnly? NextOccurrence(CalendarDate c, DateOnly today)
    {
        if (c.Year is { } year)
        {
            return new DateOnly(year, c.Month, c.Day);
        }
        // 29 February can be up to eight years away (1900/2100-style century gaps included).
        for (var y = today.Year; y <= today.Year + 8; y++)
        {
            if (c.Day <= DateTime.DaysInMonth(y, c.Month) && new DateOnly(y, c.Month, c.Day) is var d && d >= today)
            {
                return d;
            }
        }
        return null;
    }
}

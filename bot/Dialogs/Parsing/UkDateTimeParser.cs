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
    /// <summary>
    /// Said back when am/pm was inferred rather than typed: "4:30pm — I took 'half four' as afternoon".
    /// Null when the text left no doubt ("4pm", "16:30", "half four in the afternoon").
    /// </summary>
    public string? Guess { get; init; }
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
/// <item>Hours without am/pm: anything written 24-hour style ("09:30", "16:30") is read as written; otherwise 1–7
/// ("at 4", "4:30", "half four", "quarter to five") mean afternoon and 8–11 morning — sessions with pupils run in
/// the day — and the reading carries a <see cref="DateTimeReading.Guess"/> to say back. "in the morning",
/// "afternoon", "evening", "tonight" settle it. UK spoken times are read (<see cref="UkClock"/>).</item>
/// <item>Digits of any script are read as digits ("٤pm" is 4pm); text that still can't be read gets a sentence, never an exception.</item>
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

    /// <summary>"Dec", "december", …: a word that makes the number before it a day of the month ("until 17 Dec").</summary>
    internal static bool IsMonth(string? word) => word is not null && Months.ContainsKey(word);

    private static readonly Dictionary<string, int> Months = new()
    {
        ["jan"] = 1, ["january"] = 1, ["feb"] = 2, ["february"] = 2, ["mar"] = 3, ["march"] = 3,
        ["apr"] = 4, ["april"] = 4, ["may"] = 5, ["jun"] = 6, ["june"] = 6, ["jul"] = 7, ["july"] = 7,
        ["aug"] = 8, ["august"] = 8, ["sep"] = 9, ["sept"] = 9, ["september"] = 9, ["oct"] = 10, ["october"] = 10,
        ["nov"] = 11, ["november"] = 11, ["dec"] = 12, ["december"] = 12,
    };

    private static readonly HashSet<string> Tomorrow = new() { "tomorrow", "tmrw", "tmw", "tomoz", "tomorow", "tommorow", "tommorrow", "2moro", "2morrow" };
    private static readonly Dictionary<string, bool> Periods = new()
    {
        // true: afternoon/evening (pm); false: morning (am)
        ["morning"] = false, ["am"] = false, ["afternoon"] = true, ["evening"] = true, ["pm"] = true, ["night"] = true,
        ["arvo"] = true, ["teatime"] = true,
    };
    /// <summary>Little words that may sit between or before the date and time parts.</summary>
    private static readonly HashSet<string> Connectors = new() { "at", "on", ",", "the", "from" };

    // [0-9], not \d: \d also matches other scripts' digits, which int.Parse then refuses (TextTokens.Normalise makes them ASCII first).
    private static readonly Regex SlashDate = new(@"^([0-9]{1,2})/([0-9]{1,2})(?:/([0-9]{2}|[0-9]{4}))?$", RegexOptions.CultureInvariant);
    private static readonly Regex DashOrDotDate = new(@"^([0-9]{1,2})[-.]([0-9]{1,2})[-.]([0-9]{2}|[0-9]{4})$", RegexOptions.CultureInvariant);
    private static readonly Regex OrdinalDay = new(@"^([0-9]{1,2})(?:st|nd|rd|th)?$", RegexOptions.CultureInvariant);
    private static readonly Regex SuffixedDay = new(@"^([0-9]{1,2})(?:st|nd|rd|th)$", RegexOptions.CultureInvariant);
    private static readonly Regex Year = new(@"^[0-9]{4}$", RegexOptions.CultureInvariant);

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
    public DateTimeReading Read(string? text) => Read(TextTokens.Split(text), text);

    /// <summary>
    /// Like <see cref="Read(string?)"/>, but the little words people wrap an answer in are ignored:
    /// "tomorrow at half four please", "how about Friday 3pm?", "let's say 10am". For answers to "when?".
    /// </summary>
    public DateTimeReading ReadAnswer(string? text)
    {
        var tokens = TextTokens.Split(text).ToList();
        while (tokens.Count > 0 && AnswerWrapping.Contains(tokens[0].Text)) tokens.RemoveAt(0);
        while (tokens.Count > 0 && AnswerWrapping.Contains(tokens[^1].Text) && tokens[^1].Text is not ("at" or "on")) tokens.RemoveAt(tokens.Count - 1);
        // Asked "when?" (or "what time on Friday?"), a bare "4" or "4.30" is a time, as if "at" had been said.
        if (tokens.Count == 1 && tokens[0].Text.Length <= 5 && tokens[0].Text.All(c => char.IsAsciiDigit(c) || c is ':' or '.'))
        {
            tokens.Insert(0, new Token("at", "at"));
        }
        return Read(tokens, text);
    }

    private static readonly HashSet<string> AnswerWrapping = new()
    {
        "please", "pls", "plz", "thanks", "thank", "you", "ta", "cheers", "how", "about", "what", "let's", "lets", "say", "make", "it",
        "maybe", "perhaps", "ok", "okay", "so", "actually", "erm", "um", "then", "instead", "would", "be", "good", "great", ",", "-",
        "is", "that", "fine", "works", "shall", "we", "i", "think", "try", "go", "for", "with",
    };

    private DateTimeReading Read(IReadOnlyList<Token> tokens, string? text)
    {
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

    /// <summary>A word that belongs to dates and times ("tuesday", "tomorrow", "noon", "march", "morning"), never a name.</summary>
    internal static bool IsDateWord(string word) =>
        Weekdays.ContainsKey(word) || Months.ContainsKey(word) || Tomorrow.Contains(word) || Periods.ContainsKey(word)
        || word is "today" or "tonight" or "noon" or "midday" or "midnight" or "week" or "weeks" or "fortnight" or "o'clock" or "oclock"
            or "half" or "quarter" or "past" or "weekend" or "morning" or "tdy";

    public static string CouldNotRead(string? text) =>
        $"I couldn't read \"{(text ?? "").Trim()}\" as a date and time. Try something like {Examples}.";

    private static string Problem(string raw, string what, string reason) =>
        $"I couldn't read \"{raw}\" as a {what}: {reason}. Try something like {Examples}.";

    // ---- Matching: which words form a date/time phrase ----

    internal abstract record DateSpec;
    internal sealed record RelativeDays(int Days) : DateSpec;
    internal sealed record WeekdaySpec(DayOfWeek Day, bool NextWeek) : DateSpec;
    internal sealed record CalendarDate(int Day, int Month, int? Year, DayOfWeek? StatedWeekday) : DateSpec;

    /// <summary>This day of the month: this month if it is still to come, otherwise the next month that has it ("on the 9th").</summary>
    internal sealed record DayOfMonth(int Day) : DateSpec;

    /// <summary>Words [Start, End) of a token list that form a date/time phrase, or the problem with them.</summary>
    internal sealed record Phrase(int Start, int End, DateSpec? Date, TimeOnly? Time, string? Error, string? Guess = null);

    /// <param name="Flexible">The time's am/pm was inferred, not said.</param>
    /// <param name="Pm">A part of the day was named: true afternoon/evening, false morning.</param>
    private readonly record struct Part(int Next, DateSpec? Date = null, TimeOnly? Time = null, string? Error = null,
        bool Flexible = false, string? Raw = null, bool? Pm = null);

    /// <summary>The longest date/time phrase starting at <paramref name="start"/>, or null when none starts there.</summary>
    internal Phrase? Match(IReadOnlyList<Token> t, int start)
    {
        var i = start;
        DateSpec? date = null;
        TimeOnly? time = null;
        var flexible = false;
        string? rawTime = null;
        bool? pm = null;
        while (i < t.Count)
        {
            var j = i;
            var sawAt = false;
            while (j < t.Count && (Connectors.Contains(t[j].Text) || UkClock.IntroducesTime(t[j].Text)))
            {
                sawAt |= UkClock.IntroducesTime(t[j].Text);
                j++;
            }
            var part = date is null ? TryDate(t, j) : null;
            part ??= time is null ? TryTime(t, j, sawAt) : null;
            part ??= pm is null ? TryPeriod(t, j) : null;
            if (part is not { } p)
            {
                break;
            }
            if (p.Error is not null)
            {
                return new Phrase(start, p.Next, null, null, p.Error);
            }
            date ??= p.Date;
            if (p.Time is { } found && time is null)
            {
                time = found;
                flexible = p.Flexible;
                rawTime = p.Raw;
            }
            pm ??= p.Pm;
            i = p.Next;
        }
        if (date is null && time is null)
        {
            return null;
        }
        string? guess = null;
        if (time is { } tod && flexible)
        {
            if (pm is { } afternoon)
            {
                time = new TimeOnly(tod.Hour % 12 + (afternoon ? 12 : 0), tod.Minute);
            }
            else
            {
                guess = $"{UkClock.Say(tod)} — I took '{rawTime}' as {UkClock.PartOfDay(tod)}";
            }
        }
        return new Phrase(start, i, date, time, null, guess);
    }

    /// <summary>"in the afternoon", "this morning", "tonight", "evening": settles am/pm, and "this"/"tonight" name today.</summary>
    private static Part? TryPeriod(IReadOnlyList<Token> t, int j)
    {
        string? W(int k) => k < t.Count ? t[k].Text : null;
        if (W(j) is "tonight" or "tonite")
        {
            return new Part(j + 1, new RelativeDays(0), Pm: true);
        }
        if (W(j) == "this" && W(j + 1) is { } p1 && Periods.TryGetValue(p1, out var thisPm) && p1 is not ("am" or "pm"))
        {
            return new Part(j + 2, new RelativeDays(0), Pm: thisPm);
        }
        var k = j;
        if (W(k) == "in")
        {
            k++;
            if (W(k) == "the")
            {
                k++;
            }
        }
        if (W(k) is { } p && Periods.TryGetValue(p, out var isPm) && (k > j || p is not ("am" or "pm")))
        {
            return new Part(k + 1, Pm: isPm);
        }
        return null;
    }

    private static readonly Dictionary<string, int> SmallNumbers = new()
    {
        ["a"] = 1, ["an"] = 1, ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7,
        ["eight"] = 8, ["nine"] = 9, ["ten"] = 10, ["couple"] = 2,
    };

    private static int? Count(string? word) =>
        word is null ? null
        : SmallNumbers.TryGetValue(word, out var n) ? n
        : int.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out var d) && d is > 0 and < 400 ? d
        : null;

    private static Part? TryDate(IReadOnlyList<Token> t, int j)
    {
        if (j >= t.Count)
        {
            return null;
        }
        string? W(int k) => k < t.Count ? t[k].Text : null;
        var w = t[j].Bare; // "tomorrow's session"
        if (w is "today" or "tdy")
        {
            return new Part(j + 1, new RelativeDays(0));
        }
        if (w == "day" && W(j + 1) == "after" && W(j + 2) is { } after && Tomorrow.Contains(after))
        {
            return new Part(j + 3, new RelativeDays(2));
        }
        if (Tomorrow.Contains(w))
        {
            return new Part(j + 1, new RelativeDays(1));
        }
        // "in 3 days", "in two weeks", "in a fortnight"
        if (w == "in" && W(j + 1) == "a" && W(j + 2) == "fortnight")
        {
            return new Part(j + 3, new RelativeDays(14));
        }
        if (w == "in" && Count(W(j + 1)) is { } n && W(j + 2) is "day" or "days" or "week" or "weeks")
        {
            return new Part(j + 3, new RelativeDays(W(j + 2)!.StartsWith('w') ? 7 * n : n));
        }
        // "a week today", "a week tomorrow"
        if (w is "a" or "one" && W(j + 1) == "week" && W(j + 2) is "today" or "tomorrow")
        {
            return new Part(j + 3, new RelativeDays(W(j + 2) == "today" ? 7 : 8));
        }
        // "the 9th" with no month: this month or the next that has it.
        if (SuffixedDay.Match(w) is { Success: true } suffixed && !(W(j + 1) is { } maybeMonth && (Months.ContainsKey(maybeMonth) || maybeMonth == "of")))
        {
            var dom = int.Parse(suffixed.Groups[1].Value, CultureInfo.InvariantCulture);
            return dom is >= 1 and <= 31
                ? new Part(j + 1, new DayOfMonth(dom))
                : new Part(j + 1, Error: Problem(t[j].Raw, "date", $"no month has a {dom}th day"));
        }

        DayOfWeek day;
        var next = false;
        int k;
        if ((w is "next" or "this" or "coming") && j + 1 < t.Count && Weekdays.TryGetValue(t[j + 1].Bare, out day))
        {
            next = w == "next";
            k = j + 2;
        }
        else if (w == "this" && W(j + 1) == "coming" && j + 2 < t.Count && Weekdays.TryGetValue(t[j + 2].Bare, out day))
        {
            k = j + 3;
        }
        else if (Weekdays.TryGetValue(t[j].Bare, out day))
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
        if (UkClock.Match(t, j, afterAt) is not { } found)
        {
            return null;
        }
        return found.Error is not null
            ? new Part(found.Reading?.Next ?? j + 1, Error: found.Error)
            : new Part(found.Reading!.Next, Time: found.Reading.Time, Flexible: found.Reading.Flexible, Raw: found.Reading.Raw);
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
        var reading = ResolveDay(phrase);
        return reading.IsValid && phrase.Guess is not null && reading.Time is not null ? reading with { Guess = phrase.Guess } : reading;
    }

    private DateTimeReading ResolveDay(Phrase phrase)
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
            case DayOfMonth d:
                var month = new DateOnly(today.Year, today.Month, 1);
                while (d.Day > DateTime.DaysInMonth(month.Year, month.Month) || new DateOnly(month.Year, month.Month, d.Day) < today)
                {
                    month = month.AddMonths(1);
                }
                date = new DateOnly(month.Year, month.Month, d.Day);
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

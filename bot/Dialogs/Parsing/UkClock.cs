using System.Globalization;
using System.Text.RegularExpressions;

namespace Chexs.Bot.Dialogs.Parsing;

/// <summary>
/// A time of day as typed. <see cref="Flexible"/> means am/pm was not said and was inferred (a word such as
/// "afternoon" later in the phrase may still settle it); <see cref="Raw"/> is the words, for saying the guess back.
/// </summary>
internal sealed record ClockReading(int Next, TimeOnly Time, bool Flexible, string Raw);

/// <summary>
/// Reads times of day the way people in the UK say and type them: "4pm", "16:30", "4.30 p.m.", "at 4",
/// "half four", "half past four", "quarter to five", "twenty past three", "four o'clock", "four thirty",
/// "noon", "midday", "midnight". Without am/pm, hours 1–7 are afternoon (sessions with pupils run in the
/// day) and 8–11 morning; such a reading is <see cref="ClockReading.Flexible"/> so the caller can state the guess.
/// Never throws: anything out of range comes back as a sentence in <c>error</c>.
/// </summary>
internal static class UkClock
{
    private static readonly Dictionary<string, int> HourWords = new()
    {
        ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7,
        ["eight"] = 8, ["nine"] = 9, ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12,
    };

    /// <summary>Minutes said before "past" / "to": "twenty past", "ten to".</summary>
    private static readonly Dictionary<string, int> MinutesBefore = new()
    {
        ["five"] = 5, ["ten"] = 10, ["quarter"] = 15, ["twenty"] = 20, ["twenty-five"] = 25, ["half"] = 30,
        ["5"] = 5, ["10"] = 10, ["15"] = 15, ["20"] = 20, ["25"] = 25,
    };

    /// <summary>Minutes said after the hour: "four thirty", "ten fifteen".</summary>
    private static readonly Dictionary<string, int> MinutesAfter = new()
    {
        ["fifteen"] = 15, ["twenty"] = 20, ["twenty-five"] = 25, ["thirty"] = 30, ["forty"] = 40,
        ["forty-five"] = 45, ["fortyfive"] = 45, ["fifty"] = 50, ["fifty-five"] = 55,
    };

    private static readonly HashSet<string> Meridiems = new() { "am", "pm", "a.m", "p.m" };

    private static readonly Regex ClockWithMeridiem = new(@"^([0-9]{1,2})(?:[:.]([0-9]{2}))?(am|pm|a\.m|p\.m)$", RegexOptions.CultureInvariant);
    private static readonly Regex ClockNumber = new(@"^([0-9]{1,2})(?:[:.]([0-9]{2}))?$", RegexOptions.CultureInvariant);
    private static readonly Regex Clock = new(@"^([0-9]{1,2})[:.]([0-9]{2})$", RegexOptions.CultureInvariant);

    /// <summary>A time starting at word <paramref name="j"/>, or null. <paramref name="afterAt"/>: "at" came just before, so a bare "4" is a time.</summary>
    public static (ClockReading? Reading, string? Error)? Match(IReadOnlyList<Token> t, int j, bool afterAt)
    {
        if (j >= t.Count)
        {
            return null;
        }
        string? W(int k) => k < t.Count ? t[k].Text : null;
        var w = t[j].Text;

        if (w is "noon" or "midday")
        {
            return Ok(new ClockReading(j + 1, new TimeOnly(12, 0), false, t[j].Raw));
        }
        if (w == "midnight")
        {
            return Ok(new ClockReading(j + 1, new TimeOnly(0, 0), false, t[j].Raw));
        }
        if ((w is "12" or "twelve") && W(j + 1) is "noon" or "midday")
        {
            return Ok(new ClockReading(j + 2, new TimeOnly(12, 0), false, Span(t, j, j + 2)));
        }

        // "half past four", "quarter to five", "twenty-five past 3", "ten minutes to six", "half four"
        if (Spoken(t, j) is { } spoken)
        {
            return WithOptionalMeridiem(t, j, spoken);
        }

        var glued = ClockWithMeridiem.Match(w);
        if (glued.Success)
        {
            return WithMeridiem(j + 1, t[j].Raw, glued.Groups[1].Value, glued.Groups[2].Value, glued.Groups[3].Value);
        }
        var number = ClockNumber.Match(w);
        if (number.Success && W(j + 1) is { } m && Meridiems.Contains(m))
        {
            return WithMeridiem(j + 2, Span(t, j, j + 2), number.Groups[1].Value, number.Groups[2].Value, m);
        }
        var hourWord = HourWords.TryGetValue(w, out var wordHour);
        if ((number.Success && !number.Groups[2].Success || hourWord) && W(j + 1) is "o'clock" or "oclock")
        {
            return WithOptionalMeridiem(t, j, Inferred(j + 2, Span(t, j, j + 2), hourWord ? wordHour : Int(number.Groups[1].Value), 0));
        }
        if (W(j + 1) == "o" && W(j + 2) == "clock" && (hourWord || number.Success && !number.Groups[2].Success))
        {
            return WithOptionalMeridiem(t, j, Inferred(j + 3, Span(t, j, j + 3), hourWord ? wordHour : Int(number.Groups[1].Value), 0));
        }
        if (hourWord && W(j + 1) is { } m2 && Meridiems.Contains(m2))
        {
            return WithMeridiem(j + 2, Span(t, j, j + 2), wordHour.ToString(CultureInfo.InvariantCulture), "", m2);
        }
        // "four thirty", "4 thirty", "four forty-five"
        if ((hourWord || number.Success && !number.Groups[2].Success) && MinutesAfterAt(t, j + 1) is { } after)
        {
            var hour = hourWord ? wordHour : Int(number.Groups[1].Value);
            if (hour is >= 1 and <= 12)
            {
                return WithOptionalMeridiem(t, j, Inferred(after.Next, Span(t, j, after.Next), hour, after.Minutes));
            }
        }
        var clock = Clock.Match(w);
        if (clock.Success)
        {
            return WithoutMeridiem(t, j, j + 1, t[j].Raw, clock.Groups[1].Value, clock.Groups[2].Value);
        }
        // A bare hour starts a range when a time follows a dash: "4-4:45pm" (split into "4", "-", "4:45pm").
        if (!afterAt && number.Success && !number.Groups[2].Success && W(j + 1) == "-" && j + 2 < t.Count && Match(t, j + 2, afterAt: true) is ({ }, null))
        {
            afterAt = true;
        }
        if (afterAt && number.Success && !number.Groups[2].Success)
        {
            return WithoutMeridiem(t, j, j + 1, t[j].Raw, number.Groups[1].Value, "");
        }
        if (afterAt && hourWord)
        {
            return WithOptionalMeridiem(t, j, Inferred(j + 1, t[j].Raw, wordHour, 0));
        }
        return null;
    }

    /// <summary>"at" / "about" / "around" before a bare hour make it a time ("at 4", "around four").</summary>
    public static bool IntroducesTime(string word) => word is "at" or "about" or "around" or "approx" or "roughly" or "@" or "from" or "between";

    private static ClockReading? Spoken(IReadOnlyList<Token> t, int j)
    {
        string? W(int k) => k < t.Count ? t[k].Text : null;
        var k0 = j;
        // "twenty five past" written as two words
        string? minuteWord = W(k0);
        var afterMinutes = k0 + 1;
        if (minuteWord == "twenty" && W(k0 + 1) == "five")
        {
            minuteWord = "twenty-five";
            afterMinutes = k0 + 2;
        }
        if (minuteWord is null || !MinutesBefore.TryGetValue(minuteWord, out var minutes))
        {
            // "a quarter past four"
            if (minuteWord is "a" && W(k0 + 1) == "quarter")
            {
                minuteWord = "quarter";
                minutes = 15;
                afterMinutes = k0 + 2;
            }
            else
            {
                return null;
            }
        }
        var k = afterMinutes;
        if (W(k) is "minutes" or "mins" or "min")
        {
            k++;
        }
        var direction = W(k);
        if (direction is "past" or "after" or "to" or "til" or "till" && Hour(W(k + 1)) is { } hour)
        {
            var toward = direction is "to" or "til" or "till";
            var total = toward ? (hour % 12) * 60 - minutes : (hour % 12) * 60 + minutes;
            total = (total + 12 * 60) % (12 * 60);
            var h = total / 60;
            return Inferred(k + 2, Span(t, j, k + 2), h == 0 ? 12 : h, total % 60);
        }
        // "half four" (UK: half past four) — but not "half an hour" or "half hour", which are lengths.
        if (minuteWord == "half" && afterMinutes == k0 + 1 && Hour(W(k0 + 1)) is { } halfHour)
        {
            return Inferred(k0 + 2, Span(t, j, k0 + 2), halfHour, 30);
        }
        return null;
    }

    private static int? Hour(string? word) =>
        word is null ? null
        : HourWords.TryGetValue(word, out var h) ? h
        : int.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 12 && word.Length <= 2 ? n
        : null;

    private static (int Next, int Minutes)? MinutesAfterAt(IReadOnlyList<Token> t, int k)
    {
        if (k >= t.Count)
        {
            return null;
        }
        if (t[k].Text == "forty" && k + 1 < t.Count && t[k + 1].Text == "five")
        {
            return (k + 2, 45);
        }
        if (t[k].Text == "twenty" && k + 1 < t.Count && t[k + 1].Text == "five")
        {
            return (k + 2, 25);
        }
        if (t[k].Text is "oh" or "o" && k + 1 < t.Count && t[k + 1].Text is "five")
        {
            return (k + 2, 5);
        }
        return MinutesAfter.TryGetValue(t[k].Text, out var m) ? (k + 1, m) : null;
    }

    /// <summary>An hour 1–12 said without am/pm: 1–7 afternoon, 8–11 morning, 12 noon.</summary>
    private static ClockReading Inferred(int next, string raw, int hour12, int minute)
    {
        var hour = hour12 == 12 ? 12 : hour12 <= 7 ? hour12 + 12 : hour12;
        return new ClockReading(next, new TimeOnly(hour, minute), hour12 != 12, raw);
    }

    /// <summary>A spoken time may still be followed by am/pm: "half four pm", "quarter to ten am".</summary>
    private static (ClockReading?, string?) WithOptionalMeridiem(IReadOnlyList<Token> t, int start, ClockReading reading)
    {
        if (reading.Next < t.Count && Meridiems.Contains(t[reading.Next].Text))
        {
            var pm = t[reading.Next].Text.StartsWith('p');
            var hour12 = reading.Time.Hour % 12;
            var time = new TimeOnly(hour12 + (pm ? 12 : 0), reading.Time.Minute);
            return (new ClockReading(reading.Next + 1, time, false, Span(t, start, reading.Next + 1)), null);
        }
        return (reading, null);
    }

    private static (ClockReading?, string?) WithMeridiem(int next, string raw, string hourText, string minuteText, string meridiem)
    {
        var hour = Int(hourText);
        var minute = minuteText.Length == 0 ? 0 : Int(minuteText);
        var pm = meridiem.StartsWith('p');
        if (minute > 59)
        {
            return Fail(next, raw, "an hour only has 60 minutes");
        }
        if (hour is >= 1 and <= 12)
        {
            return Ok(new ClockReading(next, new TimeOnly(hour % 12 + (pm ? 12 : 0), minute), false, raw));
        }
        if (pm && hour is >= 13 and <= 23)
        {
            // "16:30pm" says the same thing twice; take it.
            return Ok(new ClockReading(next, new TimeOnly(hour, minute), false, raw));
        }
        return Fail(next, raw, "with am or pm the hour must be from 1 to 12");
    }

    private static (ClockReading?, string?) WithoutMeridiem(IReadOnlyList<Token> t, int start, int next, string raw, string hourText, string minuteText)
    {
        var hour = Int(hourText);
        var minute = minuteText.Length == 0 ? 0 : Int(minuteText);
        if (hour > 23 || minute > 59)
        {
            return Fail(next, raw, "that isn't a time of day on a 24-hour clock");
        }
        // "09:30", "16:30", "0:15" read as written; "4", "4:30", "at 10" leave am/pm to be inferred.
        var writtenAs24Hour = hour == 0 || hour >= 12 || hourText.Length == 2 && minuteText.Length > 0;
        if (writtenAs24Hour)
        {
            return Ok(new ClockReading(next, new TimeOnly(hour, minute), false, raw));
        }
        return WithOptionalMeridiem(t, start, Inferred(next, raw, hour, minute));
    }

    private static int Int(string digits) =>
        int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : int.MaxValue;

    private static (ClockReading?, string?) Ok(ClockReading reading) => (reading, null);

    private static (ClockReading?, string?) Fail(int next, string raw, string reason) =>
        (new ClockReading(next, default, false, raw), $"I couldn't read \"{raw}\" as a time: {reason}. Try something like {UkDateTimeParser.Examples}.");

    private static string Span(IReadOnlyList<Token> t, int from, int to) =>
        string.Join(' ', Enumerable.Range(from, Math.Min(to, t.Count) - from).Select(i => t[i].Raw));

    /// <summary>"4:30pm", "10:00am", "12:15pm" — how a guess is said back.</summary>
    public static string Say(TimeOnly time) =>
        $"{(time.Hour % 12 == 0 ? 12 : time.Hour % 12)}:{time.Minute:00}{(time.Hour < 12 ? "am" : "pm")}";

    /// <summary>"afternoon", "morning", "evening": what an inferred am/pm was taken as.</summary>
    public static string PartOfDay(TimeOnly time) => time.Hour switch
    {
        < 12 => "morning",
        < 18 => "afternoon",
        _ => "evening",
    };
}

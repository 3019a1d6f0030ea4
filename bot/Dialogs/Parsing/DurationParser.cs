using System.Globalization;
using System.Text.RegularExpressions;

namespace Chexs.Bot.Dialogs.Parsing;

/// <summary>What a typed length of time said: a value, or a sentence explaining why not.</summary>
public sealed record DurationReading(TimeSpan? Value, string? Error)
{
    public bool IsValid => Error is null && Value is not null;
}

/// <summary>
/// Reads session lengths as staff type them: "45 min", "45 minutes", "90m", "1 hour", "1h", "1h30",
/// "1.5 hours", "an hour and a half", "half an hour", "1 hour 15 minutes". Whole minutes; never throws.
/// How long a session may be is policy (G1), not parsing: this only refuses nonsense (zero, over a day).
/// </summary>
public static class DurationParser
{
    public const string Examples = "\"45 min\", \"1 hour\" or \"an hour and a half\"";

    private static readonly HashSet<string> HourUnits = new() { "h", "hr", "hrs", "hour", "hours" };
    private static readonly HashSet<string> MinuteUnits = new() { "m", "min", "mins", "minute", "minutes" };
    private static readonly Dictionary<string, decimal> Words = new()
    {
        ["a"] = 1, ["an"] = 1, ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["ten"] = 10,
        ["fifteen"] = 15, ["twenty"] = 20, ["thirty"] = 30, ["forty"] = 40, ["forty-five"] = 45, ["fifty"] = 50,
        ["sixty"] = 60, ["ninety"] = 90,
    };
    // [0-9]{1,6}: other scripts' digits are made ASCII before this (TextTokens.Normalise), and no length has more
    // than six digits, so parsing can neither meet a digit it cannot read nor overflow ("for 99999999999999999999999999999 min").
    private static readonly Regex Number = new(@"^[0-9]{1,6}(?:\.[0-9]{1,4})?$", RegexOptions.CultureInvariant);
    private static readonly Regex NumberWithUnit = new(@"^([0-9]{1,6}(?:\.[0-9]{1,4})?)(h|hr|hrs|hour|hours|m|min|mins|minute|minutes)$", RegexOptions.CultureInvariant);
    private static readonly Regex HoursAndMinutes = new(@"^([0-9]{1,2})h([0-9]{1,2})m?$", RegexOptions.CultureInvariant);

    /// <summary>Reads the whole of <paramref name="text"/>; a bare number ("45") counts as minutes.</summary>
    public static DurationReading Read(string? text)
    {
        var tokens = TextTokens.Split(text);
        var match = tokens.Count == 0 ? null : Match(tokens, 0, bareNumberIsMinutes: true);
        if (match is { Error: not null } failed)
        {
            return new DurationReading(null, failed.Error);
        }
        if (match is null || match.Value.Next < tokens.Count)
        {
            return new DurationReading(null, CouldNotRead(text));
        }
        return new DurationReading(match.Value.Value, null);
    }

    public static string CouldNotRead(string? text) =>
        $"I couldn't read \"{(text ?? "").Trim()}\" as a length of time. Try something like {Examples}.";

    internal readonly record struct Found(int Next, TimeSpan? Value, string? Error);

    /// <summary>A length of time starting at <paramref name="i"/> (optionally after "for"), or null.</summary>
    internal static Found? Match(IReadOnlyList<Token> t, int i, bool bareNumberIsMinutes)
    {
        var j = i < t.Count && t[i].Text == "for" ? i + 1 : i;
        var minutes = Read(t, j, bareNumberIsMinutes, out var next);
        if (minutes is null)
        {
            return null;
        }
        var whole = Math.Round(minutes.Value, MidpointRounding.AwayFromZero);
        if (whole <= 0)
        {
            return new Found(next, null, "A session has to last more than 0 minutes. Try something like " + Examples + ".");
        }
        if (whole > 24 * 60)
        {
            return new Found(next, null, "That's longer than a day. Try something like " + Examples + ".");
        }
        return new Found(next, TimeSpan.FromMinutes((double)whole), null);
    }

    private static decimal? Read(IReadOnlyList<Token> t, int j, bool bareNumberIsMinutes, out int next)
    {
        next = j;
        if (j >= t.Count)
        {
            return null;
        }
        string? W(int k) => k < t.Count ? t[k].Text : null;

        // "half an hour", "half hour", "a quarter of an hour", "quarter of an hour"
        var q = W(j) is "a" or "an" ? j + 1 : j;
        if (W(q) is "half" or "quarter")
        {
            var k = q + 1;
            if (W(k) == "of")
            {
                k++;
            }
            if (W(k) is "a" or "an")
            {
                k++;
            }
            if (W(k) is { } unit && HourUnits.Contains(unit))
            {
                next = k + 1;
                return W(q) == "half" ? 30 : 15;
            }
            return null;
        }

        var compact = HoursAndMinutes.Match(W(j)!);
        if (compact.Success)
        {
            next = j + 1;
            return int.Parse(compact.Groups[1].Value, CultureInfo.InvariantCulture) * 60 + int.Parse(compact.Groups[2].Value, CultureInfo.InvariantCulture);
        }

        decimal amount;
        string unitWord;
        var glued = NumberWithUnit.Match(W(j)!);
        if (glued.Success)
        {
            amount = decimal.Parse(glued.Groups[1].Value, CultureInfo.InvariantCulture);
            unitWord = glued.Groups[2].Value;
            next = j + 1;
        }
        else if (Amount(W(j)) is { } a && W(j + 1) is { } u && (HourUnits.Contains(u) || MinuteUnits.Contains(u)))
        {
            amount = a;
            unitWord = u;
            next = j + 2;
        }
        else if (bareNumberIsMinutes && W(j) is { } bare && Number.IsMatch(bare))
        {
            next = j + 1;
            return decimal.Parse(bare, CultureInfo.InvariantCulture);
        }
        else
        {
            return null;
        }

        if (MinuteUnits.Contains(unitWord))
        {
            return amount;
        }
        var total = amount * 60;
        total += ExtraMinutes(t, next, out next);
        return total;
    }

    /// <summary>What may follow a number of hours: "and a half", "and a quarter", "30", "15 min", "and 20 minutes".</summary>
    private static decimal ExtraMinutes(IReadOnlyList<Token> t, int k, out int next)
    {
        next = k;
        string? W(int x) => x < t.Count ? t[x].Text : null;
        var hadAnd = W(k) == "and";
        var m = hadAnd ? k + 1 : k;
        if (W(m) == "a" && W(m + 1) is "half" or "quarter")
        {
            next = m + 2;
            return W(m + 1) == "half" ? 30 : 15;
        }
        if (W(m) == "half")
        {
            next = m + 1;
            return 30;
        }
        if (W(m) is { } g && NumberWithUnit.Match(g) is { Success: true } glued && MinuteUnits.Contains(glued.Groups[2].Value))
        {
            next = m + 1;
            return decimal.Parse(glued.Groups[1].Value, CultureInfo.InvariantCulture);
        }
        if (W(m) is { } n && Number.IsMatch(n))
        {
            var value = decimal.Parse(n, CultureInfo.InvariantCulture);
            if (W(m + 1) is { } u && MinuteUnits.Contains(u))
            {
                next = m + 2;
                return value;
            }
            // "1 hour 30" — but not "1 hour 4 pm", where the number is a time.
            if (!hadAnd && value < 60 && W(m + 1) is not ("am" or "pm" or "a.m" or "p.m" or "o'clock"))
            {
                next = m + 1;
                return value;
            }
        }
        return 0;
    }

    private static decimal? Amount(string? word) =>
        word is null ? null
        : Number.IsMatch(word) ? decimal.Parse(word, CultureInfo.InvariantCulture)
        : Words.TryGetValue(word, out var n) ? n
        : null;
}

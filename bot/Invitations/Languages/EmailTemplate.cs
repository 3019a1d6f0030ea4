using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Chexs.Bot.Records;

namespace Chexs.Bot.Invitations.Languages;

/// <summary>How one language writes dates and times (from its template file; no operating-system culture data needed).</summary>
public sealed class TemplateDates
{
    public string[] Days { get; init; } = [];
    public string[] ShortDays { get; init; } = [];
    public string[] Months { get; init; } = [];
    public string[] ShortMonths { get; init; } = [];
    public string Am { get; init; } = "";
    public string Pm { get; init; } = "";
    public string LongDate { get; init; } = "";
    public string ShortDateTime { get; init; } = "";
    public string Range { get; init; } = "";
    public string RangeOverMidnight { get; init; } = "";
    public string UkZone { get; init; } = "";
    public string OtherZone { get; init; } = "";
}

/// <summary>
/// One language's guardian e-mail template: <c>bot/Invitations/Templates/{code}.json</c>, embedded in the assembly.
/// Every language has the same keys and the same {placeholders} as English (tested); a missing key or a placeholder
/// left unfilled is a bug that stops the e-mail being written rather than sending a half-translated one.
/// </summary>
public sealed class EmailTemplate
{
    private static readonly ConcurrentDictionary<string, EmailTemplate> Loaded = new(StringComparer.Ordinal);

    /// <summary>The languages templates ship for.</summary>
    public static readonly IReadOnlyList<string> Languages = [GuardianLanguage.English, GuardianLanguage.Welsh];

    public string Language { get; init; } = "";
    public string Name { get; init; } = "";
    public TemplateDates Dates { get; init; } = new();
    public Dictionary<string, string> Programmes { get; init; } = new(StringComparer.Ordinal);
    [JsonPropertyName("text")]
    public Dictionary<string, string> Texts { get; init; } = new(StringComparer.Ordinal);

    public static EmailTemplate For(string language) => Loaded.GetOrAdd(language, Load);

    private static EmailTemplate Load(string language)
    {
        var name = $"Chexs.Bot.Invitations.Templates.{language}.json";
        using var stream = typeof(EmailTemplate).Assembly.GetManifestResourceStream(name)
                           ?? throw new InvalidOperationException($"No guardian e-mail template for language '{language}' ({name}).");
        var template = JsonSerializer.Deserialize<EmailTemplate>(stream, new JsonSerializerOptions { PropertyNameCaseInsensitive = true })
                       ?? throw new InvalidOperationException($"The guardian e-mail template {name} is empty.");
        if (template.Language != language) throw new InvalidOperationException($"The template {name} says it is '{template.Language}'.");
        return template;
    }

    /// <summary>The text for <paramref name="key"/> with its {placeholders} filled.</summary>
    public string Text(string key, params (string Name, string Value)[] values)
    {
        if (!Texts.TryGetValue(key, out var pattern)) throw new InvalidOperationException($"The {Language} guardian e-mail template has no text '{key}'.");
        return Fill(pattern, values, $"{Language}:{key}");
    }

    public string Programme(Programme programme) =>
        Programmes.TryGetValue(programme.ToString(), out var name) ? name : throw new InvalidOperationException($"The {Language} template has no name for {programme}.");

    /// <summary>"Thursday 3 December 2026, 4:00pm to 4:45pm (UK time)" / "dydd Iau 3 Rhagfyr 2026, 4:00yh tan 4:45yh (amser y DU)".</summary>
    public string Describe(DateTimeOffset start, int durationMinutes, TimeZoneInfo zone)
    {
        var s = TimeZoneInfo.ConvertTime(start, zone);
        var e = TimeZoneInfo.ConvertTime(start.AddMinutes(durationMinutes), zone);
        var label = zone.Id is "Europe/London" or "GMT Standard Time" ? Dates.UkZone : Fill(Dates.OtherZone, [("zone", zone.Id)], "zone");
        return s.Date == e.Date
            ? Fill(Dates.Range, [("date", LongDate(s)), ("start", Clock(s)), ("end", Clock(e)), ("zone", label)], "range")
            : Fill(Dates.RangeOverMidnight, [("date", LongDate(s)), ("start", Clock(s)), ("endDate", LongDate(e)), ("end", Clock(e)), ("zone", label)], "range");
    }

    /// <summary>"Thu 3 Dec 2026, 4:00pm" / "Iau 3 Rhag 2026, 4:00yh" (subjects).</summary>
    public string ShortDateTime(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var t = TimeZoneInfo.ConvertTime(instant, zone);
        return Fill(Dates.ShortDateTime, [("day", Dates.ShortDays[(int)t.DayOfWeek]), ("date", t.Day.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("month", Dates.ShortMonths[t.Month - 1]), ("year", t.Year.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("time", Clock(t))], "short");
    }

    private string LongDate(DateTimeOffset t) =>
        Fill(Dates.LongDate, [("day", Dates.Days[(int)t.DayOfWeek]), ("date", t.Day.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("month", Dates.Months[t.Month - 1]), ("year", t.Year.ToString(System.Globalization.CultureInfo.InvariantCulture))], "longDate");

    /// <summary>12-hour clock, "4:00pm": the way UK (and Welsh: "4:00yh") letters write times.</summary>
    private string Clock(DateTimeOffset t)
    {
        var hour = t.Hour % 12 == 0 ? 12 : t.Hour % 12;
        return $"{hour}:{t.Minute:00}{(t.Hour < 12 ? Dates.Am : Dates.Pm)}";
    }

    /// <summary>Fills {name} placeholders in one pass, so a value containing braces is never read as a placeholder.</summary>
    private static string Fill(string pattern, (string Name, string Value)[] values, string what)
    {
        var result = new StringBuilder(pattern.Length + 32);
        var i = 0;
        while (i < pattern.Length)
        {
            var open = pattern.IndexOf('{', i);
            if (open < 0)
            {
                result.Append(pattern, i, pattern.Length - i);
                break;
            }
            var close = pattern.IndexOf('}', open);
            if (close < 0) throw new InvalidOperationException($"The template text {what} has an unclosed '{{'.");
            result.Append(pattern, i, open - i);
            var name = pattern[(open + 1)..close];
            var found = false;
            foreach (var (n, v) in values)
            {
                if (n != name) continue;
                result.Append(v);
                found = true;
                break;
            }
            if (!found) throw new InvalidOperationException($"The template text {what} uses {{{name}}}, which is not given here.");
            i = close + 1;
        }
        return result.ToString();
    }

    /// <summary>The {placeholders} a text uses (for the tests that compare languages).</summary>
    public static IReadOnlySet<string> Placeholders(string pattern) =>
        System.Text.RegularExpressions.Regex.Matches(pattern, "\\{([A-Za-z]+)\\}").Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
}

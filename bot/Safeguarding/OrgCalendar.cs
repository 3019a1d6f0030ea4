using System.Globalization;

namespace Chexs.Bot.Safeguarding;

/// <summary>
/// The organisation's calendar: local dates and times in its time zone (Europe/London by default)
/// and academic years (P4). Every rule that talks about "the session date" uses the local date here,
/// never the UTC date, so a session at 00:30 BST on 1 September belongs to the new academic year.
/// </summary>
public sealed class OrgCalendar
{
    private readonly SafeguardingOptions _options;

    public OrgCalendar(SafeguardingOptions options)
    {
        _options = options;
        Zone = options.Zone;
    }

    public TimeZoneInfo Zone { get; }

    public DateTime LocalDateTime(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone).DateTime;

    public DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(LocalDateTime(instant));

    /// <summary>The first calendar year of the academic year containing <paramref name="date"/> (2026 means 2026/27).</summary>
    public int AcademicYearOf(DateOnly date) =>
        date >= new DateOnly(date.Year, _options.AcademicYearStartMonth, _options.AcademicYearStartDay) ? date.Year : date.Year - 1;

    public DateOnly AcademicYearFirstDay(int startYear) =>
        new(startYear, _options.AcademicYearStartMonth, _options.AcademicYearStartDay);

    public DateOnly AcademicYearLastDay(int startYear) => AcademicYearFirstDay(startYear + 1).AddDays(-1);

    /// <summary>The instant a local calendar day begins (00:00 local; never in a clock-change gap in the UK).</summary>
    public DateTimeOffset StartOfLocalDay(DateOnly date)
    {
        TryFromLocal(date, TimeOnly.MinValue, out var instant, out _);
        return instant;
    }

    /// <summary>
    /// Turns a wall-clock time typed by staff into an instant. A time that does not exist (the hour
    /// skipped when clocks go forward) is refused with a sentence; a time that happens twice (the
    /// hour repeated when clocks go back) is taken as the first, summer-time, occurrence.
    /// </summary>
    public bool TryFromLocal(DateOnly date, TimeOnly time, out DateTimeOffset instant, out string? problem)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        if (Zone.IsInvalidTime(local))
        {
            instant = default;
            problem = $"{FormatDate(date)} {time:HH\\:mm} does not exist in {Zone.Id}: the clocks go forward then. Choose another time.";
            return false;
        }
        var offset = Zone.IsAmbiguousTime(local) ? Zone.GetAmbiguousTimeOffsets(local).Max() : Zone.GetUtcOffset(local);
        instant = new DateTimeOffset(local, offset);
        problem = null;
        return true;
    }

    /// <summary>"2026/27".</summary>
    public static string AcademicYearLabel(int startYear) =>
        $"{startYear}/{(startYear + 1) % 100:00}";

    /// <summary>Reads "2026/27" (or "2026/2027", "2026-27"); the second year must follow the first.</summary>
    public static bool TryParseAcademicYear(string? text, out int startYear)
    {
        startYear = 0;
        var parts = (text ?? "").Trim().Split('/', '-');
        if (parts.Length != 2 || parts[0].Length != 4 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var first)) return false;
        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var second)) return false;
        var ok = parts[1].Length switch
        {
            2 => second == (first + 1) % 100,
            4 => second == first + 1,
            _ => false,
        };
        if (ok) startYear = first;
        return ok;
    }

    /// <summary>"Thu 3 Dec 2026" — the form staff read in every message.</summary>
    public static string FormatDate(DateOnly date) => date.ToString("ddd d MMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>"3 Dec 2026".</summary>
    public static string FormatShortDate(DateOnly date) => date.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>"Thu 3 Dec 2026 10:00" in the organisation's time zone.</summary>
    public string FormatLocal(DateTimeOffset instant) =>
        LocalDateTime(instant).ToString("ddd d MMM yyyy HH:mm", CultureInfo.InvariantCulture);

    public string FormatLocalTime(DateTimeOffset instant) =>
        LocalDateTime(instant).ToString("HH:mm", CultureInfo.InvariantCulture);
}

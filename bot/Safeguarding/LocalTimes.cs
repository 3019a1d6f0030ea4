using System.Globalization;

namespace Chexs.Bot.Safeguarding;

/// <summary>How the bot writes times for people: in the organisation's zone, spelled out, UK style.</summary>
public static class LocalTimes
{
    private static readonly CultureInfo Uk = CultureInfo.GetCultureInfo("en-GB");

    public static DateTimeOffset ToLocal(DateTimeOffset instant, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(instant, zone);

    /// <summary>"Thursday 3 December 2026, 4:00pm to 4:45pm (UK time)"; both days named when it spans midnight.</summary>
    public static string Describe(DateTimeOffset start, int durationMinutes, TimeZoneInfo zone)
    {
        var s = ToLocal(start, zone);
        var e = ToLocal(start.AddMinutes(durationMinutes), zone);
        var label = zone.Id is "Europe/London" or "GMT Standard Time" ? "UK time" : $"{zone.Id} time";
        return s.Date == e.Date
            ? $"{LongDay(s)}, {Clock(s)} to {Clock(e)} ({label})"
            : $"{LongDay(s)}, {Clock(s)} to {LongDay(e)}, {Clock(e)} ({label})";
    }

    /// <summary>"Thu 3 Dec 2026, 4:00pm".</summary>
    public static string ShortDateTime(DateTimeOffset instant, TimeZoneInfo zone) => $"{ShortDate(instant, zone)}, {TimeOfDay(instant, zone)}";

    private static string LongDay(DateTimeOffset t) => t.ToString("dddd d MMMM yyyy", Uk);

    /// <summary>"Thu 3 Dec 2026".</summary>
    public static string ShortDate(DateTimeOffset instant, TimeZoneInfo zone) => ToLocal(instant, zone).ToString("ddd d MMM yyyy", Uk);

    /// <summary>"4:00pm".</summary>
    public static string TimeOfDay(DateTimeOffset instant, TimeZoneInfo zone) => Clock(ToLocal(instant, zone));

    /// <summary>The calendar date in the organisation's zone (what "on the session date" means).</summary>
    public static DateOnly LocalDate(DateTimeOffset instant, TimeZoneInfo zone) => DateOnly.FromDateTime(ToLocal(instant, zone).DateTime);

    private static string Clock(DateTimeOffset t) => t.ToString("h:mm", Uk) + (t.Hour < 12 ? "am" : "pm");
}

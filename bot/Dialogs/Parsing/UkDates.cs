using System.Globalization;

namespace Chexs.Bot.Dialogs.Parsing;

/// <summary>How the bot writes dates and times back to staff: UK order, 24-hour clock, English names whatever the server culture.</summary>
public static class UkDates
{
    private static readonly CultureInfo English = CultureInfo.InvariantCulture;

    /// <summary>"Saturday 28 November 2026".</summary>
    public static string LongDate(DateOnly date) => date.ToString("dddd d MMMM yyyy", English);

    /// <summary>"16:30".</summary>
    public static string Time(TimeOnly time) => time.ToString("HH:mm", English);

    /// <summary>"Sat 28 Nov 2026, 16:30" in <paramref name="zone"/>.</summary>
    public static string Short(DateTimeOffset instant, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(instant, zone).ToString("ddd d MMM yyyy, HH:mm", English);

    /// <summary>"45 minutes", "1 hour", "1 hour 30 minutes".</summary>
    public static string Duration(TimeSpan length)
    {
        var hours = (int)length.TotalHours;
        var minutes = length.Minutes;
        var parts = new List<string>();
        if (hours > 0)
        {
            parts.Add(hours == 1 ? "1 hour" : $"{hours} hours");
        }
        if (minutes > 0 || hours == 0)
        {
            parts.Add(minutes == 1 ? "1 minute" : $"{minutes} minutes");
        }
        return string.Join(' ', parts);
    }
}

using System.Globalization;

namespace Chexs.Bot.EndToEnd;

/// <summary>
/// Session dates for the booking tests. The bot runs on the real clock, so the tests pick their days
/// from it too: a weekday at least a given number of UK days ahead (clear of G2's 24-hour notice for
/// groups, and inside the academic year the development seed's consents are moved to). In the last days
/// of August a date a few days ahead falls in the next academic year, which the seed's annual consents do
/// not cover (P4): the bookings would then be blocked, as they should be.
/// </summary>
public static class SessionDays
{
    private static readonly TimeZoneInfo Uk = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
    private static readonly CultureInfo EnGb = CultureInfo.GetCultureInfo("en-GB");

    public static DateOnly WeekdayAhead(int days)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Uk).DateTime);
        var day = today.AddDays(days);
        while (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            day = day.AddDays(1);
        }
        return day;
    }

    /// <summary>How staff type it: "30/11/2026" (UK day/month).</summary>
    public static string Typed(DateOnly day) => day.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    /// <summary>How the bot's cards show it: "Monday 30 November 2026".</summary>
    public static string Shown(DateOnly day) => day.ToString("dddd d MMMM yyyy", EnGb);
}

using Chexs.Bot.FollowUp;
using Chexs.Bot.Safeguarding;

namespace Chexs.Bot.Tests.FollowUp;

public class ScheduleTimesTests
{
    private static readonly OrgCalendar London = new(new SafeguardingOptions());
    private static readonly TimeOnly Eight = new(8, 0);

    [Fact]
    public void The_weekly_time_is_London_wall_clock_time_on_both_sides_of_the_autumn_change()
    {
        // Monday 19 October 2026 08:00 BST = 07:00 UTC; Monday 26 October 08:00 GMT = 08:00 UTC.
        var before = new DateTimeOffset(2026, 10, 19, 7, 0, 0, TimeSpan.Zero);
        var after = new DateTimeOffset(2026, 10, 26, 8, 0, 0, TimeSpan.Zero);
        Assert.Equal(after, ScheduleTimes.MostRecentWeekly(after, DayOfWeek.Monday, Eight, London));
        Assert.Equal(before, ScheduleTimes.MostRecentWeekly(after.AddSeconds(-1), DayOfWeek.Monday, Eight, London));
        Assert.Equal(before, ScheduleTimes.MostRecentWeekly(before, DayOfWeek.Monday, Eight, London));
        Assert.Equal(before.AddDays(-7), ScheduleTimes.MostRecentWeekly(before.AddTicks(-1), DayOfWeek.Monday, Eight, London));
    }

    [Fact]
    public void The_daily_time_is_London_wall_clock_time_and_a_skipped_time_runs_an_hour_later()
    {
        var now = new DateTimeOffset(2026, 3, 30, 12, 0, 0, TimeSpan.Zero);
        // 02:30 on Monday 30 March is BST (01:30 UTC).
        Assert.Equal(new DateTimeOffset(2026, 3, 30, 1, 30, 0, TimeSpan.Zero), ScheduleTimes.MostRecentDaily(now, new TimeOnly(2, 30), London));
        // 01:30 on Sunday 29 March does not exist (clocks go 01:00 GMT → 02:00 BST): it runs at 02:30 BST = 01:30 UTC.
        var sunday = new DateTimeOffset(2026, 3, 29, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 30, 0, TimeSpan.Zero), ScheduleTimes.MostRecentDaily(sunday, new TimeOnly(1, 30), London));
        // 01:30 on Sunday 25 October happens twice: the first (BST, 00:30 UTC) counts.
        var autumn = new DateTimeOffset(2026, 10, 25, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero), ScheduleTimes.MostRecentDaily(autumn, new TimeOnly(1, 30), London));
    }

    [Theory]
    [InlineData(0, "0 minutes")]
    [InlineData(1, "1 minute")]
    [InlineData(45, "45 minutes")]
    [InlineData(60, "1 hour")]
    [InlineData(120, "2 hours")]
    [InlineData(130, "2 hours 10 minutes")]
    [InlineData(61, "1 hour 1 minute")]
    public void Durations_read_as_people_say_them(int minutes, string text) =>
        Assert.Equal(text, Durations.Text(TimeSpan.FromMinutes(minutes).Add(TimeSpan.FromSeconds(59))));
}

using Chexs.Bot.Safeguarding;

namespace Chexs.Bot.Tests.Safeguarding;

public class OrgCalendarTests
{
    private readonly OrgCalendar _calendar = new(new SafeguardingOptions());

    [Theory]
    [InlineData(2026, 8, 31, 2025)]
    [InlineData(2026, 9, 1, 2026)]
    [InlineData(2027, 1, 15, 2026)]
    public void Academic_year_starts_on_1_September(int y, int m, int d, int expected) =>
        Assert.Equal(expected, _calendar.AcademicYearOf(new DateOnly(y, m, d)));

    [Theory]
    [InlineData("2026/27", true, 2026)]
    [InlineData("2026/2027", true, 2026)]
    [InlineData("2099/00", true, 2099)]
    [InlineData("2026/28", false, 0)]
    [InlineData("26/27", false, 0)]
    [InlineData("", false, 0)]
    public void Parses_academic_year_labels(string text, bool ok, int start)
    {
        Assert.Equal(ok, OrgCalendar.TryParseAcademicYear(text, out var y));
        Assert.Equal(start, y);
    }

    [Fact]
    public void A_time_skipped_by_the_spring_clock_change_is_refused()
    {
        Assert.False(_calendar.TryFromLocal(new DateOnly(2026, 3, 29), new TimeOnly(1, 30), out _, out var problem));
        Assert.Contains("does not exist", problem);
        Assert.True(_calendar.TryFromLocal(new DateOnly(2026, 3, 29), new TimeOnly(2, 0), out var after, out _));
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero), after.ToUniversalTime());
    }

    [Fact]
    public void A_time_repeated_by_the_autumn_clock_change_is_the_summer_time_one()
    {
        Assert.True(_calendar.TryFromLocal(new DateOnly(2026, 10, 25), new TimeOnly(1, 30), out var instant, out _));
        Assert.Equal(TimeSpan.FromHours(1), instant.Offset);
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero), instant.ToUniversalTime());
    }
}

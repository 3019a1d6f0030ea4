using Chexs.Bot.Records;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Sessions;
using Chexs.Bot.Tests.Safeguarding;

namespace Chexs.Bot.Tests.Sessions;

/// <summary>A series' dates: same wall-clock time in London across clock changes, weeks vs sessions, the 26-date limit.</summary>
public sealed class SeriesDatesTests
{
    private readonly OrgCalendar _calendar = new(new SafeguardingOptions());

    private static DateTimeOffset Local(int y, int mo, int d, int h, int mi = 0) => PolicyScenario.Local(y, mo, d, h, mi);

    private SeriesExpansion Expand(DateTimeOffset first, SeriesFrequency often = SeriesFrequency.Weekly, int? count = null, DateOnly? until = null, bool weeks = true) =>
        SeriesDates.Expand(new SeriesPlan(first, often, count, until, weeks), _calendar);

    [Fact]
    public void A_weekly_4pm_stays_at_4pm_local_when_the_clocks_go_back_in_late_October()
    {
        // Tue 20 Oct 2026 is BST (UTC+1); the clocks go back on Sun 25 Oct; Tue 27 Oct is GMT.
        var dates = Expand(Local(2026, 10, 20, 16), count: 3);

        Assert.Null(dates.Refusal);
        Assert.Equal([Local(2026, 10, 20, 16), Local(2026, 10, 27, 16), Local(2026, 11, 3, 16)], dates.Starts);
        Assert.Equal(new DateTimeOffset(2026, 10, 20, 15, 0, 0, TimeSpan.Zero), dates.Starts.First().ToUniversalTime());
        Assert.Equal(new DateTimeOffset(2026, 10, 27, 16, 0, 0, TimeSpan.Zero), dates.Starts.ElementAt(1).ToUniversalTime());
    }

    [Fact]
    public void A_weekly_4pm_stays_at_4pm_local_when_the_clocks_go_forward_in_late_March()
    {
        // Clocks go forward on Sun 28 Mar 2027.
        var dates = Expand(Local(2027, 3, 23, 16), count: 2);

        Assert.Equal(new DateTimeOffset(2027, 3, 23, 16, 0, 0, TimeSpan.Zero), dates.Starts.First().ToUniversalTime());
        Assert.Equal(new DateTimeOffset(2027, 3, 30, 15, 0, 0, TimeSpan.Zero), dates.Starts.Last().ToUniversalTime());
    }

    [Fact]
    public void A_time_that_does_not_exist_on_one_date_is_that_date_s_problem_not_the_series()
    {
        // 01:30 on Sun 28 Mar 2027 is skipped by the clocks; the Sundays either side exist.
        var dates = Expand(Local(2027, 3, 21, 1, 30), count: 3);

        Assert.Null(dates.Refusal);
        Assert.Equal(3, dates.Dates.Count);
        Assert.Null(dates.Dates[1].Start);
        Assert.Contains("clocks go forward", dates.Dates[1].Problem);
        Assert.Equal(2, dates.Starts.Count());
    }

    [Fact]
    public void Fortnightly_for_six_weeks_is_three_dates_but_six_sessions_is_six()
    {
        Assert.Equal([Local(2026, 12, 1, 16), Local(2026, 12, 15, 16), Local(2026, 12, 29, 16)],
            Expand(Local(2026, 12, 1, 16), SeriesFrequency.Fortnightly, count: 6).Starts);
        Assert.Equal(6, Expand(Local(2026, 12, 1, 16), SeriesFrequency.Fortnightly, count: 6, weeks: false).Starts.Count());
    }

    [Fact]
    public void Until_includes_its_own_day()
    {
        Assert.Equal(3, Expand(Local(2026, 12, 1, 16), until: new DateOnly(2026, 12, 15)).Starts.Count());
        Assert.Equal(2, Expand(Local(2026, 12, 1, 16), until: new DateOnly(2026, 12, 14)).Starts.Count());
    }

    [Fact]
    public void Twenty_six_dates_are_allowed_and_twenty_seven_are_refused_with_the_reason()
    {
        Assert.Equal(26, Expand(Local(2026, 12, 1, 16), count: 26).Starts.Count());

        var refused = Expand(Local(2026, 12, 1, 16), count: 27);
        Assert.Empty(refused.Dates);
        Assert.Contains("at most 26 dates", refused.Refusal);
        Assert.Contains("would have 27", refused.Refusal);

        var tooLong = Expand(Local(2026, 12, 1, 16), until: new DateOnly(2027, 6, 1));
        Assert.Contains("at most 26 dates", tooLong.Refusal);
    }

    [Fact]
    public void A_series_without_an_end_or_ending_before_it_starts_is_refused_with_what_to_say()
    {
        Assert.StartsWith("How long should the series run?", Expand(Local(2026, 12, 1, 16)).Refusal);
        Assert.Contains("\"for 6 weeks\"", Expand(Local(2026, 12, 1, 16)).Refusal);
        Assert.Contains("before its first date", Expand(Local(2026, 12, 1, 16), until: new DateOnly(2026, 11, 30)).Refusal);
    }

    [Fact]
    public void A_series_may_run_past_the_academic_year_its_dates_are_judged_one_by_one()
    {
        // 26 Aug and 2 Sep 2027 straddle the end of 2026/27; the dates are produced and P4 judges each (see SeriesBookingTests).
        Assert.Equal(2, Expand(Local(2027, 8, 26, 16), count: 2).Starts.Count());
    }
}

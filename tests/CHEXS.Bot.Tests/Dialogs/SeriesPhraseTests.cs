using Chexs.Bot.Dialogs.Parsing;
using Chexs.Bot.Records;
using Chexs.Bot.Safeguarding;
using Microsoft.Extensions.Time.Testing;

namespace Chexs.Bot.Tests.Dialogs;

/// <summary>The series words of a booking line, as the series booking reads them (the utterance table has many more phrasings).</summary>
public sealed class SeriesPhraseTests
{
    // Wednesday 25 November 2026, 10:00 in London (GMT).
    private static readonly BookingLineParser Parser = new(new UkDateTimeParser(
        new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero)), new SafeguardingOptions().Zone));

    [Fact]
    public void The_issue_s_example_is_a_weekly_Tuesday_series_of_six_weeks_starting_next_Tuesday_at_4pm()
    {
        var line = Parser.Parse("book session growth with Sam Patel every Tuesday at 4pm for 6 weeks");

        Assert.Equal(new SessionSeries { Frequency = SeriesFrequency.Weekly, Day = DayOfWeek.Tuesday, Count = 6, CountIsWeeks = true, Text = "every Tuesday for 6 weeks" },
            line.Series! with { Text = "every Tuesday for 6 weeks" });
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 16, 0, 0, TimeSpan.Zero), line.When?.Start);
        Assert.Equal(["Sam Patel"], line.PupilNames);
    }

    [Theory]
    [InlineData("book Sam fortnightly on Thursdays at 3pm for 6 weeks", SeriesFrequency.Fortnightly, 6, true)]
    [InlineData("book Sam every other Friday at 2pm for 4 sessions", SeriesFrequency.Fortnightly, 4, false)]
    [InlineData("book Sam every Monday 4pm x6", SeriesFrequency.Weekly, 6, false)]
    [InlineData("book Sam for six weeks every Wednesday at 5pm", SeriesFrequency.Weekly, 6, true)]
    public void Counts_say_whether_they_are_weeks_or_sessions(string text, SeriesFrequency often, int count, bool weeks)
    {
        var series = Parser.Parse(text).Series!;
        Assert.Equal((often, count, weeks), (series.Frequency, series.Count, series.CountIsWeeks));
    }

    [Fact]
    public void Until_a_date_is_an_end_date_not_the_session_s_day()
    {
        var line = Parser.Parse("book Ava every Monday at 4pm until 17 Dec");
        Assert.Equal(new DateOnly(2026, 12, 17), line.Series!.Until);
        Assert.Null(line.Series.Count);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 16, 0, 0, TimeSpan.Zero), line.When?.Start);
    }
}

using Chexs.Bot.Dialogs.Parsing;
using Chexs.Bot.Records;
using Chexs.Bot.Safeguarding;
using Microsoft.Extensions.Time.Testing;

namespace Chexs.Bot.Tests.Dialogs;

public class BookingLineParserTests
{
    // Wednesday 25 November 2026, 10:00 in London (GMT).
    private static readonly BookingLineParser Parser = new(new UkDateTimeParser(
        new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero)), new SafeguardingOptions().Zone));

    private static DateTimeOffset Gmt(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public void The_example_from_the_brief_fills_four_fields()
    {
        var line = Parser.Parse("book session growth with Sam Patel tomorrow 4pm for 45 min");
        Assert.Equal(Programme.Growth, line.Programme);
        Assert.Equal(["Sam Patel"], line.PupilNames);
        Assert.Equal(Gmt(11, 26, 16), line.When?.Start);
        Assert.Equal(TimeSpan.FromMinutes(45), line.Duration);
        Assert.Null(line.Kind);
        Assert.Empty(line.Problems);
        Assert.Empty(line.Unrecognised);
    }

    [Fact]
    public void Several_pupils_split_on_and_commas_and_ampersands()
    {
        var line = Parser.Parse("book a group session ALP with Sam Patel, Ava Jones & Leo and Zoë next Monday at 10 for an hour");
        Assert.Equal(Programme.AfterschoolLeadership, line.Programme);
        Assert.Equal(SessionKind.Group, line.Kind);
        Assert.Equal(["Sam Patel", "Ava Jones", "Leo", "Zoë"], line.PupilNames);
        Assert.Equal(Gmt(11, 30, 10), line.When?.Start);
        Assert.Equal(TimeSpan.FromHours(1), line.Duration);
    }

    [Theory]
    [InlineData("book session 1:1 with Sam", SessionKind.OneToOne)]
    [InlineData("book one-to-one session with Sam", SessionKind.OneToOne)]
    [InlineData("book session one to one with Sam", SessionKind.OneToOne)]
    [InlineData("book session 1-1 with Sam", SessionKind.OneToOne)]
    [InlineData("book group session with Sam", SessionKind.Group)]
    public void Kind_words_are_recognised_and_end_the_names(string text, SessionKind kind)
    {
        var line = Parser.Parse(text);
        Assert.Equal(kind, line.Kind);
        Assert.Equal(["Sam"], line.PupilNames);
    }

    [Fact]
    public void A_bare_command_fills_nothing()
    {
        var line = Parser.Parse("book session");
        Assert.Null(line.Programme);
        Assert.Empty(line.PupilNames);
        Assert.Null(line.When);
        Assert.Null(line.Duration);
        Assert.Null(line.Kind);
        Assert.Empty(line.Problems);
    }

    [Fact]
    public void A_date_and_a_time_apart_are_combined()
    {
        var line = Parser.Parse("book 28/11 after school leadership programme for Sam at 4pm");
        Assert.Equal(Programme.AfterschoolLeadership, line.Programme);
        Assert.Equal(["Sam"], line.PupilNames);
        Assert.Equal(Gmt(11, 28, 16), line.When?.Start);
    }

    [Fact]
    public void A_date_without_a_time_is_kept_for_the_dialog_to_complete()
    {
        var line = Parser.Parse("book session growth with Ava on Friday");
        Assert.Equal(new DateOnly(2026, 11, 27), line.When?.Date);
        Assert.Null(line.When?.Start);
        Assert.Equal(["Ava"], line.PupilNames);
    }

    [Fact]
    public void An_impossible_date_is_reported_and_the_rest_still_filled()
    {
        var line = Parser.Parse("book session growth with Sam on 31/02 at 4pm for 30 minutes");
        Assert.Null(line.When);
        Assert.Contains(line.Problems, p => p.Contains("no 31 February"));
        // The time alone must not turn into "today at 4pm".
        Assert.Equal(["Sam"], line.PupilNames);
        Assert.Equal(Programme.Growth, line.Programme);
        Assert.Equal(TimeSpan.FromMinutes(30), line.Duration);
    }

    [Fact]
    public void Words_that_fit_nothing_are_listed()
    {
        var line = Parser.Parse("book session growth pronto with Sam Patel please tomorrow 4pm");
        Assert.Equal(["pronto"], line.Unrecognised);
        Assert.Equal(["Sam Patel"], line.PupilNames);
    }

    [Fact]
    public void For_introduces_names_when_no_length_follows()
    {
        var line = Parser.Parse("book growth for Sam Patel for 1h30 Tue 16:30");
        Assert.Equal(["Sam Patel"], line.PupilNames);
        Assert.Equal(TimeSpan.FromMinutes(90), line.Duration);
        Assert.Equal(Gmt(12, 1, 16, 30), line.When?.Start);
    }
}

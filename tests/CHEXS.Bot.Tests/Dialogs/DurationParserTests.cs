using Chexs.Bot.Dialogs.Parsing;

namespace Chexs.Bot.Tests.Dialogs;

public class DurationParserTests
{
    [Theory]
    [InlineData("45 min", 45)]
    [InlineData("45 mins", 45)]
    [InlineData("45 minutes", 45)]
    [InlineData("45min", 45)]
    [InlineData("90m", 90)]
    [InlineData("1 hour", 60)]
    [InlineData("1h", 60)]
    [InlineData("2 hrs", 120)]
    [InlineData("an hour", 60)]
    [InlineData("an hour and a half", 90)]
    [InlineData("one hour and a quarter", 75)]
    [InlineData("half an hour", 30)]
    [InlineData("a quarter of an hour", 15)]
    [InlineData("1.5 hours", 90)]
    [InlineData("1h30", 90)]
    [InlineData("1h 30m", 90)]
    [InlineData("1 hour 15 minutes", 75)]
    [InlineData("1 hour and 20 minutes", 80)]
    [InlineData("1 hour 30", 90)]
    [InlineData("for 45 min", 45)]
    [InlineData("45", 45)]
    [InlineData("thirty minutes", 30)]
    public void Reads_lengths_as_staff_type_them(string text, int minutes)
    {
        var reading = DurationParser.Read(text);
        Assert.True(reading.IsValid, reading.Error);
        Assert.Equal(TimeSpan.FromMinutes(minutes), reading.Value);
    }

    [Theory]
    [InlineData("ages")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("45 parsecs")]
    [InlineData("hour")]
    [InlineData("45 min please")]
    public void Unreadable_lengths_get_an_example(string? text)
    {
        var reading = DurationParser.Read(text);
        Assert.False(reading.IsValid);
        Assert.Null(reading.Value);
        Assert.StartsWith("I couldn't read", reading.Error);
        Assert.Contains("45 min", reading.Error);
    }

    [Theory]
    [InlineData("0 min", "more than 0")]
    [InlineData("0", "more than 0")]
    [InlineData("25 hours", "longer than a day")]
    public void Nonsense_lengths_are_refused(string text, string because)
    {
        var reading = DurationParser.Read(text);
        Assert.False(reading.IsValid);
        Assert.Contains(because, reading.Error);
    }

    [Theory]
    [InlineData("99999999999999999999999999999999 minutes")]
    [InlineData("for 99999999999999999999999999999999.5 hours")]
    public void Absurdly_long_numbers_are_refused_not_thrown(string text)
    {
        Assert.False(DurationParser.Read(text).IsValid);
    }

    [Fact]
    public void Digits_of_other_scripts_are_read() => Assert.Equal(TimeSpan.FromMinutes(45), DurationParser.Read("٤٥ min").Value);
}

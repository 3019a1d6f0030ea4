using Chexs.Bot.Dialogs.Parsing;
using Chexs.Bot.Safeguarding;
using Microsoft.Extensions.Time.Testing;

namespace Chexs.Bot.Tests.Dialogs;

public class UkDateTimeParserTests
{
    private static readonly TimeZoneInfo London = new SafeguardingOptions().Zone;

    /// <summary>A parser whose clock reads <paramref name="localNow"/> in London.</summary>
    private static UkDateTimeParser At(string localNow)
    {
        var local = DateTime.Parse(localNow, System.Globalization.CultureInfo.InvariantCulture);
        var instant = new DateTimeOffset(local, London.GetUtcOffset(local));
        return new UkDateTimeParser(new FakeTimeProvider(instant), London);
    }

    // Wednesday 25 November 2026, 10:00 GMT.
    private static readonly UkDateTimeParser Wednesday = At("2026-11-25T10:00:00");

    private static DateTimeOffset Gmt(string local) => new(DateTime.Parse(local, System.Globalization.CultureInfo.InvariantCulture), TimeSpan.Zero);
    private static DateTimeOffset Bst(string local) => new(DateTime.Parse(local, System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromHours(1));

    [Theory]
    [InlineData("28/11", "2026-11-28")]
    [InlineData("28/11/2026", "2026-11-28")]
    [InlineData("28/11/26", "2026-11-28")]
    [InlineData("28-11-2026", "2026-11-28")]
    [InlineData("28 Nov", "2026-11-28")]
    [InlineData("28th of November", "2026-11-28")]
    [InlineData("Nov 28", "2026-11-28")]
    [InlineData("25/11", "2026-11-25")] // today counts as the next occurrence
    [InlineData("24/11", "2027-11-24")] // yesterday → next year, never the past
    [InlineData("3/1", "2027-01-03")]
    [InlineData("29/02", "2028-02-29")] // next leap day
    [InlineData("Sat 28/11", "2026-11-28")]
    [InlineData("Tue", "2026-12-01")]
    [InlineData("wednesday", "2026-11-25")] // a weekday without a time on that weekday is today
    public void Dates_without_a_time_give_the_day_and_no_start(string text, string expected)
    {
        var reading = Wednesday.Read(text);
        Assert.True(reading.IsValid, reading.Error);
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), reading.Date);
        Assert.Null(reading.Start);
        Assert.True(reading.DateGiven);
    }

    [Theory]
    [InlineData("3 December 4pm", "2026-12-03T16:00")]
    [InlineData("Tue 16:30", "2026-12-01T16:30")]
    [InlineData("tomorrow 4pm", "2026-11-26T16:00")]
    [InlineData("today at 10:15", "2026-11-25T10:15")]
    [InlineData("next Monday at 10", "2026-11-30T10:00")]
    [InlineData("Monday 10am", "2026-11-30T10:00")]
    [InlineData("Wed 16:30", "2026-11-25T16:30")] // today's weekday, time still ahead → today
    [InlineData("Wed 09:30", "2026-12-02T09:30")] // today's weekday, time gone → a week later
    [InlineData("next Wednesday 9am", "2026-12-02T09:00")]
    [InlineData("4pm tomorrow", "2026-11-26T16:00")]
    [InlineData("4 pm on Friday", "2026-11-27T16:00")]
    [InlineData("28/11 at 4.30 p.m.", "2026-11-28T16:30")]
    [InlineData("28/11/2026 16:30", "2026-11-28T16:30")]
    [InlineData("Tuesday, 1st December at noon", "2026-12-01T12:00")]
    [InlineData("tomorrow at 4", "2026-11-26T16:00")] // bare 1–7 means afternoon
    [InlineData("tomorrow at 7:30", "2026-11-26T19:30")]
    [InlineData("tomorrow at 07:30", "2026-11-26T07:30")] // written 24-hour style: as written
    [InlineData("tomorrow 12am", "2026-11-26T00:00")]
    [InlineData("tomorrow 12pm", "2026-11-26T12:00")]
    [InlineData("tomorrow 16:30pm", "2026-11-26T16:30")] // says it twice; still clear
    public void Dates_with_times_become_instants_in_London(string text, string expectedLocal)
    {
        var reading = Wednesday.Read(text);
        Assert.True(reading.IsValid, reading.Error);
        Assert.Equal(Gmt(expectedLocal), reading.Start);
        Assert.True(reading.DateGiven);
        Assert.True(reading.TimeGiven);
    }

    [Theory]
    [InlineData("16:30", "2026-11-25T16:30")]
    [InlineData("4.30pm", "2026-11-25T16:30")]
    [InlineData("9am", "2026-11-26T09:00")] // already past today → tomorrow
    [InlineData("10:00", "2026-11-26T10:00")] // exactly now counts as past
    public void A_time_alone_is_its_next_occurrence(string text, string expectedLocal)
    {
        var reading = Wednesday.Read(text);
        Assert.True(reading.IsValid, reading.Error);
        Assert.Equal(Gmt(expectedLocal), reading.Start);
        Assert.False(reading.DateGiven);
    }

    [Fact]
    public void Next_weekday_means_that_day_of_next_week()
    {
        var monday = At("2026-11-23T09:00:00");
        Assert.Equal(new DateOnly(2026, 12, 4), monday.Read("next Friday").Date);
        Assert.Equal(new DateOnly(2026, 11, 27), monday.Read("Friday").Date);
        Assert.Equal(new DateOnly(2026, 11, 27), monday.Read("this Friday").Date);

        var sunday = At("2026-11-29T09:00:00");
        Assert.Equal(new DateOnly(2026, 12, 1), sunday.Read("next Tuesday").Date);
        Assert.Equal(new DateOnly(2026, 11, 30), sunday.Read("next Monday").Date);
    }

    [Theory]
    [InlineData("31/02", "no 31 February")]
    [InlineData("29/02/2027", "2027 isn't a leap year")]
    [InlineData("11/28", "day/month")]
    [InlineData("13/13", "no month 13")]
    [InlineData("0/5", "no 0 May")]
    [InlineData("25:00", "24-hour")]
    [InlineData("16:75", "24-hour")]
    [InlineData("16am", "1 to 12")]
    [InlineData("0pm", "1 to 12")]
    [InlineData("4:75pm", "60 minutes")]
    [InlineData("Tue 28/11", "Saturday 28 November 2026 is a Saturday, not a Tuesday")]
    public void Impossible_dates_and_times_are_explained(string text, string because)
    {
        var reading = Wednesday.Read(text);
        Assert.False(reading.IsValid);
        Assert.Null(reading.Start);
        Assert.Contains(because, reading.Error);
    }

    [Theory]
    [InlineData("sometime")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    [InlineData("tomorrow-ish")]
    [InlineData("tomorrow 4pm please")]
    [InlineData("at")]
    [InlineData("next week")]
    [InlineData("28/11 29/11")]
    public void Unreadable_text_gets_an_example_not_an_exception(string? text)
    {
        var reading = Wednesday.Read(text);
        Assert.False(reading.IsValid);
        Assert.StartsWith("I couldn't read", reading.Error);
        Assert.Contains("tomorrow 4pm", reading.Error);
    }

    // ---- Clock changes: Europe/London goes forward at 01:00 GMT on Sunday 29 March 2026 and back at 02:00 BST on Sunday 25 October 2026. ----

    private static readonly UkDateTimeParser BeforeSpring = At("2026-03-27T12:00:00"); // Friday, GMT

    [Fact]
    public void The_skipped_spring_hour_is_refused_with_a_suggestion()
    {
        var reading = BeforeSpring.Read("Sunday 1:30am");
        Assert.False(reading.IsValid);
        Assert.Contains("doesn't exist", reading.Error);
        Assert.Contains("clocks go forward", reading.Error);
        Assert.Contains("02:30", reading.Error);
        Assert.Contains("Sunday 29 March 2026", reading.Error);
    }

    [Theory]
    [InlineData("Sat 10am", "2026-03-28T10:00", 0)]
    [InlineData("Sunday 00:30", "2026-03-29T00:30", 0)]
    [InlineData("Sunday 2:30am", "2026-03-29T02:30", 1)]
    [InlineData("Mon 10am", "2026-03-30T10:00", 1)]
    [InlineData("next Monday 16:00", "2026-03-30T16:00", 1)]
    public void Spring_forward_week_uses_the_offset_in_force_on_the_day(string text, string local, int offsetHours)
    {
        var reading = BeforeSpring.Read(text);
        Assert.True(reading.IsValid, reading.Error);
        var expected = new DateTimeOffset(DateTime.Parse(local, System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromHours(offsetHours));
        Assert.Equal(expected, reading.Start);
        Assert.Equal(TimeSpan.FromHours(offsetHours), reading.Start!.Value.Offset);
    }

    private static readonly UkDateTimeParser BeforeAutumn = At("2026-10-23T12:00:00"); // Friday, BST

    [Fact]
    public void The_repeated_autumn_hour_means_its_first_occurrence()
    {
        var reading = BeforeAutumn.Read("Sunday 1:30am");
        Assert.True(reading.IsValid, reading.Error);
        Assert.Equal(Bst("2026-10-25T01:30"), reading.Start);
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero), reading.Start!.Value.ToUniversalTime());
    }

    [Theory]
    [InlineData("Sat 10am", "2026-10-24T10:00", 1)]
    [InlineData("Sunday 3pm", "2026-10-25T15:00", 0)]
    [InlineData("Mon 10am", "2026-10-26T10:00", 0)]
    [InlineData("26/10 16:30", "2026-10-26T16:30", 0)]
    public void Autumn_week_uses_the_offset_in_force_on_the_day(string text, string local, int offsetHours)
    {
        var reading = BeforeAutumn.Read(text);
        Assert.True(reading.IsValid, reading.Error);
        Assert.Equal(new DateTimeOffset(DateTime.Parse(local, System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromHours(offsetHours)), reading.Start);
    }

    [Fact]
    public void Now_is_read_in_London_not_UTC()
    {
        // 23:30 UTC on 31 May 2026 is already 1 June in London (BST), so "today" is 1 June.
        var parser = new UkDateTimeParser(new FakeTimeProvider(new DateTimeOffset(2026, 5, 31, 23, 30, 0, TimeSpan.Zero)), London);
        Assert.Equal(new DateOnly(2026, 6, 1), parser.Read("today").Date);
    }

    [Fact]
    public void For_takes_the_zone_from_safeguarding_options()
    {
        var parser = UkDateTimeParser.For(new FakeTimeProvider(), new SafeguardingOptions { TimeZone = "Europe/London" });
        Assert.Equal(London.Id, parser.Zone.Id);
    }

    [Theory]
    [InlineData("half four", "2026-11-25T16:30", "4:30pm — I took 'half four' as afternoon")]
    [InlineData("half past four on Friday", "2026-11-27T16:30", "4:30pm — I took 'half past four' as afternoon")]
    [InlineData("next Tuesday at half four", "2026-12-01T16:30", "4:30pm — I took 'half four' as afternoon")]
    [InlineData("quarter to five tomorrow", "2026-11-26T16:45", "4:45pm — I took 'quarter to five' as afternoon")]
    [InlineData("twenty past three tomorrow", "2026-11-26T15:20", "3:20pm — I took 'twenty past three' as afternoon")]
    [InlineData("tomorrow at half ten", "2026-11-26T10:30", "10:30am — I took 'half ten' as morning")]
    [InlineData("Thursday four o'clock", "2026-11-26T16:00", "4:00pm — I took 'four o'clock' as afternoon")]
    [InlineData("noon tomorrow", "2026-11-26T12:00", null)]
    [InlineData("midday Friday", "2026-11-27T12:00", null)]
    [InlineData("tomorrow at 4 in the afternoon", "2026-11-26T16:00", null)]
    [InlineData("half nine tomorrow morning", "2026-11-26T09:30", null)]
    [InlineData("half four pm tomorrow", "2026-11-26T16:30", null)]
    public void UK_spoken_times_are_read_and_an_inferred_am_pm_is_said_back(string text, string expectedLocal, string? guess)
    {
        var reading = Wednesday.ReadAnswer(text);
        Assert.True(reading.IsValid, reading.Error);
        Assert.Equal(Gmt(expectedLocal), reading.Start);
        Assert.Equal(guess, reading.Guess);
    }

    [Theory]
    [InlineData("٤pm tomorrow", "2026-11-26T16:00")]      // Arabic-Indic
    [InlineData("۴pm tomorrow", "2026-11-26T16:00")]      // Extended Arabic-Indic (Persian)
    [InlineData("４:３０ｐｍ tomorrow", "2026-11-26T16:30")] // fullwidth
    [InlineData("𝟒pm tomorrow", "2026-11-26T16:00")]      // mathematical bold
    [InlineData("४:३० pm tomorrow", "2026-11-26T16:30")]   // Devanagari
    public void Digits_of_any_script_are_read(string text, string expectedLocal)
    {
        var reading = Wednesday.Read(text);
        Assert.True(reading.IsValid, reading.Error);
        Assert.Equal(Gmt(expectedLocal), reading.Start);
    }

    [Theory]
    [InlineData("٤٥pm")]
    [InlineData("४:७५")]
    [InlineData("१२३४५६७८९०१२३४५६७८९०")]
    [InlineData("\u202E4pm\u202C tomorrow \uFEFF")]
    public void Odd_digits_never_throw(string text)
    {
        var reading = Wednesday.Read(System.Text.RegularExpressions.Regex.Unescape(text));
        Assert.True(reading.IsValid || reading.Error!.StartsWith("I couldn't read", StringComparison.Ordinal), reading.Error);
    }
}

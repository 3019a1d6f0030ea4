using Chexs.Bot.Reminders;
using Chexs.Bot.Tests.Safeguarding;
using Chexs.Bot.Tests.Zoom;

namespace Chexs.Bot.Tests.Reminders;

/// <summary>The reminder cards' data against cards/samples, and the host's start link from Zoom (the real client against a fake Zoom).</summary>
public sealed class ReminderCardTests
{
    private static readonly DateTimeOffset Booked = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Start = new(2026, 12, 3, 16, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Reminder_data_matches_the_samples_late_and_ticked_and_on_time()
    {
        await using var bot = await FollowUpHarness.StartAsync(Booked);
        ReminderDeliveryTests.AddPupils(bot);
        var session = await ReminderDeliveryTests.BookAsync(bot, Start, "P-RUBY");
        var composer = bot.Get<ReminderComposer>();

        CardDataContract.AssertMatches("reminder.on-time.data.json", await composer.ChannelDataAsync(session, null));
        CardDataContract.AssertMatches("host-private-reminder.data.json", await composer.HostDataAsync(session, null, "https://example.invalid/s/1"));

        var ticked = (await bot.Get<HostChecklistTicks>().SaveAsync(session.Id, new Dictionary<string, bool> { ["waitingRoom"] = true }, WorldBuilder.Alex, "Alex Host"))!;
        var late = await composer.ChannelDataAsync(ticked, Start.AddMinutes(-15));
        CardDataContract.AssertMatches("reminder.data.json", late);
        Assert.Equal("3:45pm on Thu 3 Dec 2026", (string?)late["dueAtText"]); // not today: the day is named
        Assert.True((bool)late["isLate"]!);
        Assert.True((bool)late["ticked"]!["waitingRoom"]!);
        Assert.False((bool)late["ticked"]!["locked"]!);
    }

    [Fact]
    public async Task The_host_reminder_carries_the_start_link_Zoom_gives_just_before_sending()
    {
        await using var bot = await FollowUpHarness.StartAsync(Booked, realZoom: true);
        ReminderDeliveryTests.AddPupils(bot);
        var session = await ReminderDeliveryTests.BookAsync(bot, Start);
        var startUrl = (string)bot.ZoomServer!.Meetings[session.Meeting!.MeetingId]["start_url"]!;
        var gets = bot.ZoomServer.For("get").Count();

        bot.MoveTo(Start.AddDays(-1));
        await bot.Reminders.RunOnceAsync(default);

        var host = Assert.Single(bot.AlexChat);
        Assert.Contains(startUrl, host.AllText);
        Assert.Contains("Start the meeting", host.AllText);
        // Issue 16: the host's private card can start a concern about this session (signed data, the session's id).
        var raise = host.Card!["actions"]!.Single(a => (string?)a["title"] == "Raise a concern");
        Assert.Equal(session.Id, (string?)raise["data"]!["sessionId"]);
        Assert.NotNull(raise["data"]!["sig"]);
        Assert.DoesNotContain("Raise a concern", Assert.Single(bot.General).AllText); // never on the channel's reminder
        Assert.True(bot.ZoomServer.For("get").Count() > gets, "the start link is fetched when the reminder goes, not stored at booking");
        Assert.DoesNotContain(startUrl, Assert.Single(bot.General).AllText);
        Assert.DoesNotContain(bot.Db.Audit.FindAll(), a => (a.Detail ?? "").Contains(startUrl));
        Assert.DoesNotContain(startUrl, bot.Db.Raw.GetCollection("reminders").FindAll().Select(d => d.ToString()).Aggregate("", string.Concat));
    }

    [Fact]
    public async Task When_Zoom_gives_no_start_link_the_host_reminder_goes_without_it_and_says_so()
    {
        await using var bot = await FollowUpHarness.StartAsync(Booked, realZoom: true);
        ReminderDeliveryTests.AddPupils(bot);
        var session = await ReminderDeliveryTests.BookAsync(bot, Start);
        bot.ZoomServer!.Script("get", new Fault(400, """{"code":300,"message":"Request could not be completed."}"""));

        bot.MoveTo(Start.AddDays(-1));
        Assert.Equal(2, await bot.Reminders.RunOnceAsync(default));

        var host = Assert.Single(bot.AlexChat);
        Assert.Contains("I couldn't get a start link from Zoom just now", host.AllText);
        // No Start button (and no dead link); the card's other button, Raise a concern, stays.
        Assert.Equal(["Raise a concern"], host.Card!["actions"]!.Select(a => (string?)a["title"]));
        Assert.DoesNotContain("Action.OpenUrl", host.AllText);
        Assert.DoesNotContain("button below", host.AllText);
        Assert.Contains("Your session is coming up", host.AllText);
        Assert.Contains(bot.Db.Audit.FindAll(), a => a.Action == "reminder.sent" && a.Detail!.Contains("without a start link"));
        Assert.DoesNotContain(session.Meeting!.Passcode, host.AllText);
    }
}

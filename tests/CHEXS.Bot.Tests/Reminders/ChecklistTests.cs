using Chexs.Bot.CardActions;
using Chexs.Bot.Cards;
using Chexs.Bot.Records;
using Chexs.Bot.Tests.Foundation;
using Chexs.Bot.Tests.Safeguarding;
using Chexs.Bot.Tests.Support;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Tests.Reminders;

/// <summary>
/// Host checklist ticks on the channel reminder and the lock nudge: clicks go through the real
/// CardActionRouter (signature check included) with the data of the card the bot actually posted.
/// </summary>
public sealed class ChecklistTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Booked = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Start = new(2026, 12, 3, 16, 0, 0, TimeSpan.Zero);
    private const string Casey = "00000000-0000-0000-0000-00000000c001";

    private FollowUpHarness _bot = null!;
    private Session _session = null!;
    private SentActivity _reminder = null!;

    public async Task InitializeAsync()
    {
        _bot = await FollowUpHarness.StartAsync(Booked);
        ReminderDeliveryTests.AddPupils(_bot);
        _session = await ReminderDeliveryTests.BookAsync(_bot, Start, "P-RUBY");
        _bot.MoveTo(Start.AddDays(-1));
        await _bot.Reminders.RunOnceAsync(default);
        _reminder = Assert.Single(_bot.General);
    }

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    private static JObject ActionData(JObject card, string verb) =>
        (JObject)card.Descendants().OfType<JObject>().Single(o => (string?)o["type"] == "Action.Execute" && (string?)o["verb"] == verb)["data"]!.DeepClone();

    private Task<CardActionResult> ClickAsync(string verb, JObject data, string user, string name, SentActivity on) =>
        _bot.Get<CardActionRouter>().HandleAsync(new CardActionContext(verb, data, user, name, on.ConversationId, "channel", on.ActivityId), default);

    private static JObject WithToggles(JObject data, bool waitingRoom, bool locked, bool recording, bool adultPresent)
    {
        data["waitingRoom"] = waitingRoom ? "true" : "false";
        data["locked"] = locked ? "true" : "false";
        data["recording"] = recording ? "true" : "false";
        data["adultPresent"] = adultPresent ? "true" : "false";
        return data;
    }

    private static string? ToggleValue(JObject card, string id) =>
        (string?)card.Descendants().OfType<JObject>().Single(o => (string?)o["type"] == "Input.Toggle" && (string?)o["id"] == id)["value"];

    [Fact]
    public async Task The_host_ticks_are_stored_on_the_session_audited_and_shown_on_the_replaced_card()
    {
        _bot.MoveTo(Start.AddMinutes(10));
        var data = WithToggles(ActionData(_reminder.Card!, CardVerbs.ChecklistSave), waitingRoom: true, locked: false, recording: true, adultPresent: true);

        var result = await ClickAsync(CardVerbs.ChecklistSave, data, WorldBuilder.Alex, "Alex Host", _reminder);

        Assert.True(result.UpdateForEveryone);
        Assert.NotNull(result.Card);
        Assert.Equal("true", ToggleValue(result.Card!, "waitingRoom"));
        Assert.Equal("false", ToggleValue(result.Card!, "locked"));
        Assert.Equal("true", ToggleValue(result.Card!, "recording"));
        Assert.Equal("true", ToggleValue(result.Card!, "adultPresent"));
        Assert.Contains("R.E.", result.Card!.ToString());
        Assert.DoesNotContain(_session.Meeting!.Passcode, result.Card.ToString());

        var stored = _bot.Db.Sessions.FindById(_session.Id).Checklist!;
        Assert.True(stored.WaitingRoom);
        Assert.False(stored.Locked);
        Assert.True(stored.Recording);
        Assert.True(stored.AdultPresent);
        Assert.Equal(WorldBuilder.Alex, stored.UpdatedBy);
        Assert.Equal(Start.AddMinutes(10), stored.UpdatedAt);
        var audit = Assert.Single(_bot.Db.Audit.Find(a => a.Action == "checklist.saved"));
        Assert.Equal(WorldBuilder.Alex, audit.Actor);
        Assert.Equal(Start.AddMinutes(10), audit.At);
        Assert.Equal(new[] { _session.Id }, audit.Records);
        Assert.Equal("Alex Host: ticked waiting room (P7), recording (P5), adult present (P9)", audit.Detail);
    }

    [Fact]
    public async Task Unticking_is_audited_as_a_change_and_a_save_without_change_says_so()
    {
        var save = ActionData(_reminder.Card!, CardVerbs.ChecklistSave);
        await ClickAsync(CardVerbs.ChecklistSave, WithToggles((JObject)save.DeepClone(), true, true, true, true), WorldBuilder.Alex, "Alex Host", _reminder);
        await ClickAsync(CardVerbs.ChecklistSave, WithToggles((JObject)save.DeepClone(), true, false, true, true), WorldBuilder.Alex, "Alex Host", _reminder);
        await ClickAsync(CardVerbs.ChecklistSave, WithToggles((JObject)save.DeepClone(), true, false, true, true), WorldBuilder.Alex, "Alex Host", _reminder);

        var details = _bot.Db.Audit.Find(a => a.Action == "checklist.saved").OrderBy(a => a.Id).Select(a => a.Detail).ToList();
        Assert.Equal(3, details.Count);
        Assert.Equal("Alex Host: unticked meeting locked (P8)", details[1]);
        Assert.Equal("Alex Host: saved the checklist with no change", details[2]);
        Assert.False(_bot.Db.Sessions.FindById(_session.Id).Checklist!.Locked);
    }

    [Fact]
    public async Task Someone_who_is_neither_host_nor_manager_is_refused_and_nothing_is_stored()
    {
        var data = WithToggles(ActionData(_reminder.Card!, CardVerbs.ChecklistSave), true, true, true, true);

        var result = await ClickAsync(CardVerbs.ChecklistSave, data, Casey, "Casey Visitor", _reminder);

        Assert.Null(result.Card);
        Assert.Equal("Only the session's host (Alex Host) or a manager can tick this checklist. Nothing was saved.", result.Message);
        Assert.Null(_bot.Db.Sessions.FindById(_session.Id).Checklist);
        Assert.Empty(_bot.Db.Audit.Find(a => a.Action == "checklist.saved"));
        Assert.Single(_bot.Db.Audit.Find(a => a.Action == "checklist.refused" && a.Actor == Casey));
    }

    [Fact]
    public async Task A_manager_may_tick_for_the_host()
    {
        var data = WithToggles(ActionData(_reminder.Card!, CardVerbs.ChecklistSave), true, true, true, true);
        var result = await ClickAsync(CardVerbs.ChecklistSave, data, WorldBuilder.Morgan, "Morgan Manager", _reminder);
        Assert.NotNull(result.Card);
        Assert.Equal(WorldBuilder.Morgan, _bot.Db.Sessions.FindById(_session.Id).Checklist!.UpdatedBy);
    }

    [Fact]
    public async Task A_click_with_altered_data_is_refused_before_the_handler()
    {
        var other = await ReminderDeliveryTests.BookAsync(_bot, Start.AddDays(1));
        var data = WithToggles(ActionData(_reminder.Card!, CardVerbs.ChecklistSave), true, true, true, true);
        data["sessionId"] = other.Id;

        var result = await ClickAsync(CardVerbs.ChecklistSave, data, WorldBuilder.Alex, "Alex Host", _reminder);

        Assert.Null(result.Card);
        Assert.Null(_bot.Db.Sessions.FindById(other.Id).Checklist);
    }

    [Fact]
    public async Task A_cancelled_sessions_checklist_cannot_be_ticked()
    {
        await _bot.Booking.CancelAsync(_session.Id, WorldBuilder.Alex, "Pupil unwell", default);
        var result = await ClickAsync(CardVerbs.ChecklistSave, WithToggles(ActionData(_reminder.Card!, CardVerbs.ChecklistSave), true, true, true, true),
            WorldBuilder.Alex, "Alex Host", _reminder);
        Assert.Contains("was cancelled", result.Message);
        Assert.Null(_bot.Db.Sessions.FindById(_session.Id).Checklist);
    }

    [Fact]
    public async Task A_late_reminder_keeps_its_late_banner_when_replaced()
    {
        var later = await ReminderDeliveryTests.BookAsync(_bot, Start.AddDays(1));
        _bot.MoveTo(Start.AddDays(1).AddHours(-2)); // a day-before reminder 22 hours late
        await _bot.Reminders.RunOnceAsync(default);
        var late = _bot.General.Single(s => s.Card!.ToString().Contains(later.Id));
        Assert.Contains("Sent late", late.Card!.ToString());

        var result = await ClickAsync(CardVerbs.ChecklistSave, WithToggles(ActionData(late.Card!, CardVerbs.ChecklistSave), true, false, false, false),
            WorldBuilder.Alex, "Alex Host", late);

        Assert.Contains("Sent late", result.Card!.ToString());
    }

    [Fact]
    public async Task I_have_locked_it_on_the_lock_nudge_ticks_locked()
    {
        var nudge = _bot.Get<Chexs.Bot.FollowUp.FollowUpCards>().LockNudge(_bot.Db.Sessions.FindById(_session.Id));
        var data = ActionData(nudge, CardVerbs.ChecklistLocked);

        var refused = await ClickAsync(CardVerbs.ChecklistLocked, (JObject)data.DeepClone(), Casey, "Casey Visitor", _reminder);
        Assert.Null(_bot.Db.Sessions.FindById(_session.Id).Checklist);
        Assert.Contains("Nothing was saved", refused.Message);

        _bot.MoveTo(Start.AddMinutes(4));
        var result = await ClickAsync(CardVerbs.ChecklistLocked, data, WorldBuilder.Alex, "Alex Host", _reminder);
        Assert.Equal($"Thank you. I've recorded that the meeting for Growth Programme ({_session.Id}) was locked at 4:04pm (P8).", result.Message);
        Assert.True(_bot.Db.Sessions.FindById(_session.Id).Checklist!.Locked);
        Assert.Contains(_bot.Db.Audit.FindAll(), a => a.Action == "checklist.saved" && a.Detail == "Alex Host: ticked meeting locked (P8)");
    }
}

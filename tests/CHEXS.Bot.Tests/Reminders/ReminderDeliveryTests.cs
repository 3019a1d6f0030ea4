using Chexs.Bot.Records;
using Chexs.Bot.Reminders;
using Chexs.Bot.Sessions;
using Chexs.Bot.Tests.Foundation;
using Chexs.Bot.Tests.Safeguarding;
using Chexs.Bot.Tests.Support;
using Chexs.Bot.Tests.Zoom;

namespace Chexs.Bot.Tests.Reminders;

/// <summary>
/// Reminders from booking to Teams, through the real services: SessionBooking schedules them, the
/// ReminderWorker sends them through TeamsMessenger to a fake Bot Connector, the fake clock decides when.
/// </summary>
public sealed class ReminderDeliveryTests : IAsyncLifetime
{
    // Clocks go back at 02:00 BST on Sunday 25 October 2026. The session is that afternoon at 16:00 GMT,
    // so "24 hours before" is Saturday 16:00 BST = 15:00 UTC (25 real hours before), and
    // "15 minutes before" is 15:45 GMT = 15:45 UTC.
    private static readonly DateTimeOffset Booked = new(2026, 10, 20, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset SessionStart = new(2026, 10, 25, 16, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset DayBeforeDue = new(2026, 10, 24, 15, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset QuarterHourDue = new(2026, 10, 25, 15, 45, 0, TimeSpan.Zero);

    private FollowUpHarness _bot = null!;

    public async Task InitializeAsync()
    {
        _bot = await FollowUpHarness.StartAsync(Booked);
        AddPupils(_bot);
    }

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    internal static void AddPupils(FollowUpHarness bot)
    {
        bot.Db.AddPupil("P-SAM", "Sam", "Patel", new DateOnly(2011, 5, 1));
        bot.Db.AddAnnualConsent("P-SAM", 2026);
        bot.Db.AddPupil("P-RUBY", "Ruby", "Evans", new DateOnly(2014, 2, 1));
        bot.Db.AddAnnualConsent("P-RUBY", 2026);
    }

    internal static async Task<Session> BookAsync(FollowUpHarness bot, DateTimeOffset start, string pupil = "P-SAM")
    {
        var outcome = await bot.Booking.BookAsync(new BookingRequest(SessionIds.New(), Programme.Growth, new[] { pupil }, start, 45, SessionKind.OneToOne,
            WorldBuilder.Alex, WorldBuilder.Alex), default);
        return Assert.IsType<BookingOutcome.Booked>(outcome).Session;
    }

    private static string CardText(SentActivity a) => a.Card?.ToString() ?? "";

    [Fact]
    public async Task Reminders_go_out_at_the_Europe_London_times_across_the_autumn_clock_change()
    {
        var session = await BookAsync(_bot, SessionStart);

        _bot.MoveTo(DayBeforeDue.AddSeconds(-1));
        await _bot.Reminders.RunOnceAsync(default);
        Assert.Empty(_bot.Teams.Sent);

        _bot.MoveTo(DayBeforeDue);
        Assert.Equal(2, await _bot.Reminders.RunOnceAsync(default));
        var channel = Assert.Single(_bot.General);
        Assert.Contains("Session reminder: Growth Programme", CardText(channel));
        Assert.Contains("Sunday 25 October 2026, 4:00pm to 4:45pm (UK time)", CardText(channel));
        Assert.Contains("Alex Host", CardText(channel));
        Assert.Contains(session.Id, CardText(channel));
        Assert.DoesNotContain("Sent late", CardText(channel));
        var host = Assert.Single(_bot.AlexChat);
        Assert.Contains("Your session is coming up", CardText(host));

        _bot.MoveTo(QuarterHourDue.AddSeconds(-1));
        Assert.Equal(0, await _bot.Reminders.RunOnceAsync(default));
        _bot.MoveTo(QuarterHourDue);
        Assert.Equal(2, await _bot.Reminders.RunOnceAsync(default));
        Assert.Equal(2, _bot.General.Count);
        Assert.Equal(2, _bot.AlexChat.Count);
        Assert.Equal(4, _bot.Db.Audit.Find(a => a.Action == "reminder.sent").Count());
    }

    [Fact]
    public async Task The_channel_names_pupils_by_initials_and_the_host_chat_by_name_with_the_under_14_checklist_item()
    {
        await BookAsync(_bot, SessionStart, "P-RUBY"); // Ruby is 12 on the session date (P9)
        _bot.MoveTo(DayBeforeDue);
        await _bot.Reminders.RunOnceAsync(default);

        var channel = CardText(Assert.Single(_bot.General));
        Assert.Contains("- R.E.", channel);
        Assert.DoesNotContain("Ruby", channel);
        Assert.DoesNotContain("Evans", channel);
        Assert.Contains("adultPresent", channel); // the P9 toggle
        Assert.Contains("Save checklist", channel);
        var host = CardText(Assert.Single(_bot.AlexChat));
        Assert.Contains("- Ruby Evans", host);
        Assert.Contains("an adult must be present", host);
    }

    [Fact]
    public async Task No_reminder_anywhere_contains_the_join_link_or_passcode_and_only_the_host_gets_the_start_link()
    {
        var session = await BookAsync(_bot, SessionStart);
        var meeting = session.Meeting!;
        Assert.False(string.IsNullOrEmpty(meeting.JoinUrl));
        Assert.False(string.IsNullOrEmpty(meeting.Passcode));

        _bot.MoveTo(DayBeforeDue);
        await _bot.Reminders.RunOnceAsync(default);
        _bot.MoveTo(QuarterHourDue);
        await _bot.Reminders.RunOnceAsync(default);

        Assert.Equal(4, _bot.Teams.Sent.Count);
        foreach (var sent in _bot.Teams.Sent)
        {
            Assert.DoesNotContain(meeting.JoinUrl, sent.AllText);
            Assert.DoesNotContain(meeting.Passcode, sent.AllText);
        }
        Assert.All(_bot.General, s => Assert.DoesNotContain("zoom.invalid", s.AllText));
        Assert.All(_bot.AlexChat, s => Assert.Contains($"https://zoom.invalid/s/{meeting.MeetingId}", s.AllText));
        Assert.DoesNotContain(_bot.Db.Audit.FindAll(), a => (a.Detail ?? "").Contains(meeting.Passcode) || (a.Detail ?? "").Contains("zoom.invalid"));
    }

    [Fact]
    public async Task A_reminder_missed_while_the_bot_was_down_is_sent_late_saying_when_it_was_due()
    {
        await BookAsync(_bot, SessionStart);

        _bot.MoveTo(DayBeforeDue.AddHours(3)); // Saturday 19:00 BST: three hours late
        await _bot.Reminders.RunOnceAsync(default);

        var channel = CardText(Assert.Single(_bot.General));
        Assert.Contains("Sent late: this reminder was due at 4:00pm, while I was offline.", channel);
        Assert.Contains("Sent late", CardText(Assert.Single(_bot.AlexChat)));
        Assert.Contains(_bot.Db.Audit.FindAll(), a => a.Action == "reminder.sent" && a.Detail!.Contains("sent late (due Sat 24 Oct 2026 4:00pm)"));
    }

    [Fact]
    public async Task A_late_reminder_from_an_earlier_day_names_the_day_and_one_within_the_grace_is_not_late()
    {
        await BookAsync(_bot, SessionStart);
        _bot.MoveTo(DayBeforeDue.AddMinutes(2)); // within Reminders:LateAfter (2 minutes): on time
        await _bot.Reminders.RunOnceAsync(default);
        Assert.DoesNotContain("Sent late", CardText(Assert.Single(_bot.General)));

        var later = await BookAsync(_bot, SessionStart.AddDays(1));
        _bot.MoveTo(SessionStart.AddDays(1).AddMinutes(-10)); // the day-before reminder of the second session, a day late
        await _bot.Reminders.RunOnceAsync(default);
        var late = _bot.General.Where(s => CardText(s).Contains(later.Id)).Select(CardText).ToList();
        Assert.Contains(late, t => t.Contains("was due at 4:00pm on Sun 25 Oct 2026"));
    }

    [Fact]
    public async Task A_reminder_still_unsent_when_the_session_starts_is_skipped_and_audited()
    {
        var session = await BookAsync(_bot, SessionStart);

        _bot.MoveTo(SessionStart.AddMinutes(1));
        Assert.Equal(0, await _bot.Reminders.RunOnceAsync(default));

        Assert.Empty(_bot.Teams.Sent);
        Assert.All(await _bot.Get<ReminderStore>().ForSessionAsync(session.Id), r => Assert.Equal(ReminderStatus.Skipped, r.Status));
        Assert.Equal(4, _bot.Db.Audit.Find(a => a.Action == "reminder.skipped").Count());
    }

    [Fact]
    public async Task A_reminder_is_skipped_once_Zoom_says_the_meeting_started_even_before_the_booked_time()
    {
        var session = await BookAsync(_bot, SessionStart);
        var stored = _bot.Db.Sessions.FindById(session.Id);
        stored.Activity = new MeetingActivity { StartedAt = QuarterHourDue.AddMinutes(-5) };
        _bot.Db.Sessions.Update(stored);
        _bot.MoveTo(DayBeforeDue);
        await _bot.Reminders.RunOnceAsync(default);
        Assert.Empty(_bot.Teams.Sent);
    }

    [Fact]
    public async Task A_cancelled_session_gets_no_further_reminders()
    {
        var session = await BookAsync(_bot, SessionStart);
        _bot.MoveTo(DayBeforeDue);
        await _bot.Reminders.RunOnceAsync(default);
        Assert.Equal(2, _bot.Teams.Sent.Count);

        Assert.True(await _bot.Booking.CancelAsync(session.Id, WorldBuilder.Alex, "Pupil unwell", default));
        _bot.MoveTo(QuarterHourDue);
        await _bot.Reminders.RunOnceAsync(default);

        Assert.Equal(2, _bot.Teams.Sent.Count);
        Assert.Contains(await _bot.Get<ReminderStore>().ForSessionAsync(session.Id), r => r.Status == ReminderStatus.Skipped && r.SkipReason == "cancelled");
    }

    [Fact]
    public async Task A_rescheduled_session_is_reminded_at_its_new_time_not_the_old_one()
    {
        var session = await BookAsync(_bot, SessionStart);
        var newStart = SessionStart.AddDays(2).AddHours(1); // Tuesday 27 October, 17:00 GMT
        Assert.IsType<RescheduleOutcome.Moved>(await _bot.Booking.RescheduleAsync(session.Id, newStart, null, WorldBuilder.Alex, default));

        _bot.MoveTo(QuarterHourDue);
        await _bot.Reminders.RunOnceAsync(default);
        Assert.Empty(_bot.Teams.Sent);

        _bot.MoveTo(newStart.AddDays(-1));
        await _bot.Reminders.RunOnceAsync(default);
        var channel = CardText(Assert.Single(_bot.General));
        Assert.Contains("Tuesday 27 October 2026, 5:00pm to 5:45pm", channel);
    }

    [Fact]
    public async Task Changing_only_the_length_keeps_the_reminders_of_the_same_start()
    {
        var session = await BookAsync(_bot, SessionStart);
        Assert.IsType<RescheduleOutcome.Moved>(await _bot.Booking.RescheduleAsync(session.Id, SessionStart, 30, WorldBuilder.Alex, default));

        _bot.MoveTo(DayBeforeDue);
        Assert.Equal(2, await _bot.Reminders.RunOnceAsync(default));
        Assert.Contains("4:00pm to 4:30pm", CardText(Assert.Single(_bot.General)));
    }

    [Fact]
    public async Task A_session_booked_after_a_reminder_time_gets_only_the_reminders_still_ahead()
    {
        _bot.MoveTo(DayBeforeDue.AddHours(2));
        await BookAsync(_bot, SessionStart);
        await _bot.Reminders.RunOnceAsync(default);
        Assert.Empty(_bot.Teams.Sent); // no "24 hours before" that says it is late

        _bot.MoveTo(QuarterHourDue);
        Assert.Equal(2, await _bot.Reminders.RunOnceAsync(default));
        Assert.DoesNotContain("Sent late", CardText(Assert.Single(_bot.General)));
    }

    [Fact]
    public async Task Without_the_app_in_a_team_the_reminder_waits_and_goes_once_installed()
    {
        await using var bot = await FollowUpHarness.StartAsync(Booked, install: false);
        AddPupils(bot);
        bot.InstallForAlex();
        await BookAsync(bot, SessionStart);

        bot.MoveTo(DayBeforeDue);
        Assert.Equal(1, await bot.Reminders.RunOnceAsync(default)); // the host's only
        Assert.Empty(bot.General);

        bot.InstallInTeam();
        bot.MoveTo(DayBeforeDue.AddMinutes(1));
        Assert.Equal(1, await bot.Reminders.RunOnceAsync(default));
        Assert.Single(bot.General);
    }

    [Fact]
    public async Task Teams_failures_are_retried_and_after_the_last_attempt_the_managers_are_told()
    {
        await BookAsync(_bot, SessionStart);
        _bot.MoveTo(DayBeforeDue);
        _bot.Teams.FailWith = 503;
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(0, await _bot.Reminders.RunOnceAsync(default));
        }
        Assert.Contains(_bot.Db.Audit.FindAll(), a => a.Action == "reminder.failed");

        _bot.Teams.FailWith = null;
        await _bot.Notices.RunOnceAsync(default);
        Assert.Contains(_bot.ManagersChannel, s => s.Text.Contains("Teams refused it 5 times"));
        Assert.Empty(_bot.General);
    }

    [Fact]
    public async Task A_reminder_is_not_sent_twice_across_a_restart()
    {
        var session = await BookAsync(_bot, SessionStart);
        _bot.MoveTo(DayBeforeDue);
        await _bot.Reminders.RunOnceAsync(default);
        Assert.Equal(2, _bot.Teams.Sent.Count);

        _bot = await _bot.RestartAsync();
        await _bot.Reminders.RunOnceAsync(default);
        Assert.Equal(2, _bot.Teams.Sent.Count);

        _bot.MoveTo(QuarterHourDue);
        await _bot.Reminders.RunOnceAsync(default);
        _bot = await _bot.RestartAsync();
        await _bot.Reminders.RunOnceAsync(default);
        Assert.Equal(4, _bot.Teams.Sent.Count);
        Assert.All(await _bot.Get<ReminderStore>().ForSessionAsync(session.Id), r => Assert.Equal(ReminderStatus.Sent, r.Status));
    }

    [Fact]
    public async Task A_reminder_due_while_the_bot_was_stopped_goes_after_the_restart_saying_when_it_was_due()
    {
        await BookAsync(_bot, SessionStart);
        _bot.MoveTo(DayBeforeDue.AddMinutes(-30));
        await _bot.Reminders.RunOnceAsync(default);

        // Stopped at 15:30 UTC, back at 15:20 the next day: the day-before reminders are late, the quarter-hour ones are not due yet.
        var stopped = _bot;
        _bot = await stopped.RestartAsync();
        _bot.MoveTo(QuarterHourDue.AddMinutes(-25));
        Assert.Equal(2, await _bot.Reminders.RunOnceAsync(default));
        Assert.Contains("this reminder was due at 4:00pm on Sat 24 Oct 2026", CardText(Assert.Single(_bot.General)));

        _bot.MoveTo(QuarterHourDue);
        Assert.Equal(2, await _bot.Reminders.RunOnceAsync(default));
        Assert.DoesNotContain("Sent late", CardText(_bot.General[1]));
    }

    [Fact]
    public async Task The_documented_window_a_reminder_Teams_took_but_never_marked_sent_is_sent_again_after_a_restart()
    {
        var session = await BookAsync(_bot, SessionStart);
        _bot.MoveTo(DayBeforeDue);
        await _bot.Reminders.RunOnceAsync(default);
        Assert.Single(_bot.General);

        // A kill between Teams answering and the "sent" write leaves the reminder as it was during the send.
        var channel = (await _bot.Get<ReminderStore>().ForSessionAsync(session.Id)).Single(r => r.Audience == ReminderAudience.Channel && r.OffsetMinutes == 24 * 60);
        channel.Status = ReminderStatus.Sending;
        channel.OutstandingDueUtc = channel.DueAt.UtcDateTime;
        _bot.Db.Reminders.Update(channel);

        _bot = await _bot.RestartAsync();
        await _bot.Reminders.RunOnceAsync(default);
        // Losing a safeguarding reminder would be worse than this repeat; the host's reminder is not repeated.
        Assert.Equal(2, _bot.General.Count);
        Assert.Single(_bot.AlexChat);
    }

    [Fact]
    public async Task Configured_offsets_replace_the_default_ones()
    {
        await using var bot = await FollowUpHarness.StartAsync(Booked, new Dictionary<string, string?> { ["Safeguarding:ReminderOffsets:0"] = "01:00:00" });
        AddPupils(bot);
        var session = await BookAsync(bot, SessionStart);
        var reminders = await bot.Get<ReminderStore>().ForSessionAsync(session.Id);
        Assert.Equal(2, reminders.Count);
        Assert.All(reminders, r => Assert.Equal(60, r.OffsetMinutes));
    }

    [Fact]
    public async Task At_start_up_sessions_get_the_reminders_the_current_offsets_call_for()
    {
        // A session stored without reminders (imported, or booked before reminders existed).
        _bot.Db.AddSession("S-SEED7", SessionStart, SessionKind.OneToOne, "P-SAM");
        await _bot.Reminders.RunOnceAsync(default);
        Assert.Equal(4, (await _bot.Get<ReminderStore>().ForSessionAsync("S-SEED7")).Count);

        // The offsets change to one hour: the outstanding 24-hour and 15-minute reminders give way to it.
        _bot = await _bot.RestartAsync(new Dictionary<string, string?> { ["Safeguarding:ReminderOffsets:0"] = "01:00:00" });
        await _bot.Reminders.RunOnceAsync(default);
        var reminders = await _bot.Get<ReminderStore>().ForSessionAsync("S-SEED7");
        Assert.Equal(new[] { 60, 60 }, reminders.Where(r => r.Status == ReminderStatus.Pending).Select(r => r.OffsetMinutes));
        Assert.Equal(4, reminders.Count(r => r.Status == ReminderStatus.Skipped && r.SkipReason == "reminder times changed"));

        _bot.MoveTo(SessionStart.AddHours(-1));
        Assert.Equal(2, await _bot.Reminders.RunOnceAsync(default));
        Assert.DoesNotContain("SECRETPASS", _bot.General.Single().AllText);
    }
}

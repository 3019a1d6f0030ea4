using Chexs.Bot.FollowUp;
using Chexs.Bot.Records;
using Chexs.Bot.Tests.Foundation;
using Chexs.Bot.Tests.Reminders;
using Chexs.Bot.Tests.Safeguarding;

namespace Chexs.Bot.Tests.FollowUp;

/// <summary>
/// The P8 lock nudge and the P5 missing-recording alert, from signed Zoom webhooks posted to the bot's
/// /api/zoom/webhook, to the cards Teams receives (fake Bot Connector), with a fake clock.
/// </summary>
public sealed class MeetingFollowUpTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 15, 50, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Start = new(2026, 12, 3, 16, 0, 0, TimeSpan.Zero);
    private const long MeetingId = 123456789; // WorldBuilder's sessions

    private FollowUpHarness _bot = null!;
    private ZoomEventBodies _zoom = null!;

    public async Task InitializeAsync()
    {
        _bot = await FollowUpHarness.StartAsync(Now);
        ReminderDeliveryTests.AddPupils(_bot);
        // An approved group session of Sam and Ruby hosted by Alex: three people expected.
        _bot.Db.AddSession("S-GRP42", Start, SessionKind.Group, "P-SAM", "P-RUBY");
        _zoom = new ZoomEventBodies(MeetingId, "CHEXS Growth Programme session S-GRP42");
    }

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    private Session Session => _bot.Db.Sessions.FindById("S-GRP42");

    private async Task EveryoneJoinsAsync()
    {
        await _bot.ZoomEventAsync(_zoom.Started(Start));
        await _bot.ZoomEventAsync(_zoom.HostJoined(Start.AddSeconds(5)));
        await _bot.ZoomEventAsync(_zoom.PersonJoined(Start.AddMinutes(1)));
        await _bot.ZoomEventAsync(_zoom.PersonJoined(Start.AddMinutes(2)));
    }

    [Fact]
    public async Task The_host_is_nudged_to_lock_once_the_host_and_every_pupil_are_in_and_only_once()
    {
        _bot.MoveTo(Start.AddMinutes(2));
        await _bot.ZoomEventAsync(_zoom.Started(Start));
        await _bot.ZoomEventAsync(_zoom.HostJoined(Start.AddSeconds(5)));
        await _bot.ZoomEventAsync(_zoom.PersonJoined(Start.AddMinutes(1), "SAM-DEVICE"));
        await _bot.RunWorkersAsync();
        Assert.Empty(_bot.AlexChat); // two of three

        await _bot.ZoomEventAsync(_zoom.PersonJoined(Start.AddMinutes(2)));
        await _bot.RunWorkersAsync();

        var nudge = Assert.Single(_bot.AlexChat);
        Assert.Contains("Everyone is in: lock the meeting", nudge.AllText);
        Assert.Contains("3 of 3 expected people have joined Growth Programme (S-GRP42)", nudge.AllText);
        Assert.Contains("checklist.locked", nudge.AllText);
        Assert.DoesNotContain("SECRETPASS", nudge.AllText);
        Assert.Empty(_bot.General);
        Assert.Single(_bot.Db.Audit.Find(a => a.Action == "lock_nudge.sent"));

        // Someone drops out and comes back: still one nudge per meeting.
        await _bot.ZoomEventAsync(_zoom.PersonLeft(Start.AddMinutes(5), "SAM-DEVICE"));
        await _bot.ZoomEventAsync(_zoom.PersonJoined(Start.AddMinutes(6), "SAM-DEVICE-2"));
        await _bot.RunWorkersAsync();
        Assert.Single(_bot.AlexChat);
        Assert.Equal(3, Session.Activity!.ParticipantsJoined); // attendance is still counted
        Assert.Equal(1, Session.Activity.ParticipantsLeft);
    }

    [Fact]
    public async Task Pupils_in_without_the_host_do_not_trigger_the_nudge()
    {
        await _bot.ZoomEventAsync(_zoom.PersonJoined(Start.AddMinutes(1)));
        await _bot.ZoomEventAsync(_zoom.PersonJoined(Start.AddMinutes(2)));
        await _bot.RunWorkersAsync();
        Assert.Empty(_bot.Teams.Sent);
        Assert.Null(await _bot.Get<FollowUpChecks>().FindAsync(FollowUpKind.LockNudge, "S-GRP42"));
    }

    [Fact]
    public async Task A_nudge_owed_when_the_bot_stops_is_sent_after_the_restart()
    {
        _bot.MoveTo(Start.AddMinutes(2));
        await EveryoneJoinsAsync();

        _bot = await _bot.RestartAsync();
        _bot.MoveTo(Start.AddMinutes(3));
        await _bot.RunWorkersAsync();
        Assert.Single(_bot.AlexChat);

        _bot = await _bot.RestartAsync();
        await _bot.RunWorkersAsync();
        Assert.Single(_bot.AlexChat);
    }

    [Fact]
    public async Task A_nudge_that_could_not_go_before_the_meeting_ended_is_dropped()
    {
        _bot.Db.Installations.DeleteMany(i => i.Scope == "personal");
        await EveryoneJoinsAsync();
        await _bot.RunWorkersAsync();
        Assert.Empty(_bot.Teams.Sent);

        await _bot.ZoomEventAsync(_zoom.Ended(Start.AddMinutes(45)));
        _bot.InstallForAlex();
        _bot.MoveTo(Start.AddMinutes(46));
        await _bot.RunWorkersAsync();
        Assert.Empty(_bot.AlexChat);
        Assert.Equal(FollowUpStatus.Skipped, (await _bot.Get<FollowUpChecks>().FindAsync(FollowUpKind.LockNudge, "S-GRP42"))!.Status);
    }

    [Fact]
    public async Task A_meeting_that_ends_marks_its_session_completed_and_audits_it()
    {
        var ended = Start.AddMinutes(47);
        _bot.MoveTo(ended);
        await EveryoneJoinsAsync();
        Assert.Equal(SessionStatus.Scheduled, _bot.Db.Sessions.FindById("S-GRP42").Status);

        await _bot.ZoomEventAsync(_zoom.Ended(ended));

        Assert.Equal(SessionStatus.Completed, _bot.Db.Sessions.FindById("S-GRP42").Status);
        Assert.Single(_bot.Db.Audit.Find(a => a.Action == "session.completed"));
    }

    [Fact]
    public async Task A_meeting_ending_without_a_recording_alerts_the_managers_after_the_wait()
    {
        var ended = Start.AddMinutes(47);
        _bot.MoveTo(ended);
        await EveryoneJoinsAsync();
        await _bot.ZoomEventAsync(_zoom.Ended(ended));

        _bot.MoveTo(ended.AddHours(2).AddSeconds(-1));
        await _bot.RunWorkersAsync();
        Assert.Empty(_bot.ManagersChannel);

        _bot.MoveTo(ended.AddHours(2));
        await _bot.RunWorkersAsync();

        var alert = Assert.Single(_bot.ManagersChannel);
        Assert.Contains("No recording for a finished session", alert.AllText);
        Assert.Contains("This one ended at 4:47pm and Zoom has reported no completed recording 2 hours later.", alert.AllText);
        Assert.Contains("S-GRP42", alert.AllText);
        Assert.Contains("- S.P.", alert.AllText);
        Assert.Contains("- R.E.", alert.AllText);
        Assert.Contains("Alex Host", alert.AllText);
        foreach (var secret in new[] { "Sam", "Ruby", "Patel", "Evans", "SECRETPASS", "SECRETPWD", "zoom.example" })
        {
            Assert.DoesNotContain(secret, alert.AllText);
        }
        Assert.Single(_bot.Db.Audit.Find(a => a.Action == "recording.missing"));

        _bot.MoveTo(ended.AddHours(5));
        await _bot.RunWorkersAsync();
        Assert.Single(_bot.ManagersChannel);
    }

    [Fact]
    public async Task A_recording_completed_within_the_wait_means_no_alert()
    {
        var ended = Start.AddMinutes(45);
        await _bot.ZoomEventAsync(_zoom.Ended(ended));
        _bot.MoveTo(ended.AddMinutes(40));
        await _bot.ZoomEventAsync(_zoom.RecordingCompleted(ended.AddMinutes(40)));

        _bot.MoveTo(ended.AddHours(3));
        await _bot.RunWorkersAsync();

        Assert.Empty(_bot.Teams.Sent);
        Assert.Equal(FollowUpStatus.Done, (await _bot.Get<FollowUpChecks>().FindAsync(FollowUpKind.RecordingCheck, "S-GRP42"))!.Status);
        Assert.Empty(_bot.Db.Audit.Find(a => a.Action == "recording.missing"));
    }

    [Fact]
    public async Task The_recording_wait_survives_a_restart_and_the_alert_goes_once()
    {
        var ended = Start.AddMinutes(45);
        await _bot.ZoomEventAsync(_zoom.Ended(ended));

        _bot = await _bot.RestartAsync();
        _bot.MoveTo(ended.AddHours(2).AddMinutes(10));
        await _bot.RunWorkersAsync();
        Assert.Single(_bot.ManagersChannel);
        Assert.Contains("2 hours 10 minutes later", _bot.ManagersChannel[0].AllText); // the wait as it really was

        _bot = await _bot.RestartAsync();
        await _bot.RunWorkersAsync();
        Assert.Single(_bot.ManagersChannel);
    }

    [Fact]
    public async Task The_recording_wait_is_a_setting()
    {
        await using var bot = await FollowUpHarness.StartAsync(Now, new Dictionary<string, string?> { ["FollowUp:RecordingWait"] = "00:30:00" });
        ReminderDeliveryTests.AddPupils(bot);
        bot.Db.AddSession("S-GRP42", Start, SessionKind.Group, "P-SAM", "P-RUBY");
        var ended = Start.AddMinutes(45);
        await bot.ZoomEventAsync(_zoom.Ended(ended));

        bot.MoveTo(ended.AddMinutes(29));
        await bot.RunWorkersAsync();
        Assert.Empty(bot.ManagersChannel);
        bot.MoveTo(ended.AddMinutes(30));
        await bot.RunWorkersAsync();
        Assert.Contains("30 minutes later", Assert.Single(bot.ManagersChannel).AllText);
    }

    [Fact]
    public async Task Follow_up_card_data_matches_the_samples()
    {
        await EveryoneJoinsAsync();
        var cards = _bot.Get<FollowUpCards>();
        CardDataContract.AssertMatches("lock-nudge.data.json", cards.LockNudgeData(Session));
        CardDataContract.AssertMatches("missing-recording-alert.data.json", await cards.MissingRecordingDataAsync(Session, Start.AddMinutes(45), TimeSpan.FromHours(2)));
    }
}

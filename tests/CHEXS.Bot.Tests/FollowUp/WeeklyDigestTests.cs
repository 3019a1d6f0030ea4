using Chexs.Bot.FollowUp;
using Chexs.Bot.Records;
using Chexs.Bot.Tests.Reminders;
using Chexs.Bot.Tests.Safeguarding;

namespace Chexs.Bot.Tests.FollowUp;

/// <summary>The weekly digest in the managers' channel: what it lists, when it goes, and that it goes once a week.</summary>
public sealed class WeeklyDigestTests : IAsyncLifetime
{
    // Sunday 2 August 2026, 20:00 BST. The digest is due Monday 3 August 08:00 BST (07:00 UTC) and covers Mon 27 Jul – Sun 2 Aug.
    private static readonly DateTimeOffset SundayEvening = new(2026, 8, 2, 19, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset DigestDue = new(2026, 8, 3, 7, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Bst = TimeSpan.FromHours(1);

    private FollowUpHarness _bot = null!;

    public async Task InitializeAsync()
    {
        _bot = await FollowUpHarness.StartAsync(SundayEvening);
        await _bot.FollowUp.RunOnceAsync(default); // the bot's first start: digests count from here
    }

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    private void SeedTheWeek()
    {
        var db = _bot.Db;
        db.AddPupil("P-SAM", "Sam", "Patel", new DateOnly(2011, 5, 1));
        db.AddAnnualConsent("P-SAM", 2025); // ends Mon 31 Aug 2026: within 30 days, not renewed
        db.AddPupil("P-RUBY", "Ruby", "Evans", new DateOnly(2014, 2, 1));
        db.AddAnnualConsent("P-RUBY", 2025);
        db.AddAnnualConsent("P-RUBY", 2026); // renewed: not listed
        db.AddPupil("P-TOM", "Tom", "Reid", new DateOnly(2012, 3, 1));
        db.AddPupil("P-ZED", "Zed", "Ahmed", new DateOnly(2012, 3, 1));
        db.AddAnnualConsent("P-ZED", 2025);
        var withdrawn = db.Consents.FindById("C-P-ZED-2025");
        withdrawn.Withdrawal = new ConsentWithdrawal { At = SundayEvening.AddDays(-10), By = WorldBuilder.Morgan, Reason = "Parent asked" };
        db.Consents.Update(withdrawn); // withdrawn: nothing left to end

        // Held this week: one recorded and fully ticked, one without recording or ticks.
        var good = db.AddSession("S-GOOD1", new DateTimeOffset(2026, 7, 28, 16, 0, 0, Bst), SessionKind.OneToOne, "P-SAM");
        good.Activity = new MeetingActivity { StartedAt = good.Start, EndedAt = good.End, RecordingCompletedAt = good.End.AddMinutes(20) };
        good.Checklist = new HostChecklistRecord { WaitingRoom = true, Locked = true, Recording = true };
        db.Sessions.Update(good);
        var bad = db.AddSession("S-BAD22", new DateTimeOffset(2026, 7, 30, 10, 0, 0, Bst), SessionKind.OneToOne, "P-RUBY");
        bad.AdultPresenceRequired = true;
        bad.Checklist = new HostChecklistRecord { WaitingRoom = true, Recording = true };
        db.Sessions.Update(bad);
        // Not this week's: cancelled, the week before, and Monday morning before the digest.
        var cancelled = db.AddSession("S-CANC3", new DateTimeOffset(2026, 7, 29, 10, 0, 0, Bst), SessionKind.OneToOne, "P-SAM");
        cancelled.Cancel("cancelled for the test");
        db.Sessions.Update(cancelled);
        db.AddSession("S-OLD44", new DateTimeOffset(2026, 7, 26, 10, 0, 0, Bst), SessionKind.OneToOne, "P-SAM");
        db.AddSession("S-NEXT5", new DateTimeOffset(2026, 8, 3, 7, 30, 0, Bst), SessionKind.OneToOne, "P-SAM");
        // Tom's only consent is for a session on 20 August.
        db.AddSession("S-TOM66", new DateTimeOffset(2026, 8, 20, 15, 0, 0, Bst), SessionKind.OneToOne, "P-TOM");
        db.Consents.Insert(new Consent
        {
            Id = "C-TOM-S", PupilId = "P-TOM", GuardianId = db.Pupils.FindById("P-TOM").GuardianIds[0], Kind = ConsentKind.Session, SessionId = "S-TOM66",
            Covers = ConsentScope.Participation | ConsentScope.Recording, GivenOn = new DateOnly(2026, 7, 1),
        });
    }

    [Fact]
    public async Task The_digest_goes_to_the_managers_channel_at_Monday_08_00_London_time_and_lists_the_week()
    {
        SeedTheWeek();
        _bot.MoveTo(DigestDue.AddSeconds(-1));
        await _bot.RunWorkersAsync();
        Assert.Empty(_bot.Teams.Sent);

        _bot.MoveTo(DigestDue);
        await _bot.RunWorkersAsync();

        var digest = Assert.Single(_bot.ManagersChannel);
        Assert.Empty(_bot.General);
        var lines = digest.Card!.SelectTokens("$.body[*]").Select(t => (string?)t["text"] ?? t.ToString()).ToList();
        var text = string.Join("\n", lines);
        Assert.Contains("Weekly safeguarding digest", text);
        Assert.Contains("Mon 27 Jul to Sun 2 Aug 2026", text);
        Assert.Contains("Sessions held: 2", text);
        Assert.Contains("- S-GOOD1: Growth Programme, Tue 28 Jul, 4:00pm, host Alex Host", text);
        Assert.Contains("- S-BAD22: Growth Programme, Thu 30 Jul, 10:00am, host Alex Host", text);
        Assert.DoesNotContain("S-CANC3", text);
        Assert.DoesNotContain("S-OLD44", text);
        Assert.DoesNotContain("S-NEXT5", text);
        Assert.Contains("Missing recordings (P5): 1", text);
        Assert.Contains("Checklists not fully ticked: 1", text);
        Assert.Contains("- S-BAD22: Growth Programme, Thu 30 Jul, 10:00am, host Alex Host; not ticked: meeting locked, adult present", text);
        Assert.Contains("Consents ending in the next 30 days: 2", text);
        Assert.Contains("- T.R.: Single-session consent ends Thu 20 Aug 2026", text);
        Assert.Contains("- S.P.: Annual consent ends Mon 31 Aug 2026", text);
        Assert.DoesNotContain("R.E.:", text);
        Assert.DoesNotContain("Z.A.", text);
        Assert.Contains("The policy review date (31 Aug 2024) has passed", text);
        foreach (var name in new[] { "Sam", "Ruby", "Patel", "Evans", "Tom", "SECRETPASS", "zoom.example" })
        {
            Assert.DoesNotContain(name, digest.AllText);
        }
        Assert.Single(_bot.Db.Audit.Find(a => a.Action == "digest.queued"));
    }

    [Fact]
    public async Task One_digest_a_week_even_across_restarts_and_a_missed_one_goes_when_the_bot_is_back()
    {
        _bot.MoveTo(DigestDue.AddMinutes(1));
        await _bot.RunWorkersAsync();
        await _bot.RunWorkersAsync();
        Assert.Single(_bot.ManagersChannel);

        _bot = await _bot.RestartAsync();
        _bot.MoveTo(DigestDue.AddHours(3));
        await _bot.RunWorkersAsync();
        Assert.Single(_bot.ManagersChannel);

        // Down over the next Monday morning, back on Tuesday: that week's digest goes then, once.
        _bot = await _bot.RestartAsync();
        _bot.MoveTo(DigestDue.AddDays(8));
        await _bot.RunWorkersAsync();
        _bot = await _bot.RestartAsync();
        await _bot.RunWorkersAsync();
        Assert.Equal(2, _bot.ManagersChannel.Count);
        Assert.Contains("Mon 3 Aug to Sun 9 Aug 2026", _bot.ManagersChannel[1].AllText);
    }

    [Fact]
    public async Task A_digest_queued_when_the_bot_stops_is_delivered_after_the_restart()
    {
        _bot.MoveTo(DigestDue);
        await _bot.FollowUp.RunOnceAsync(default); // queued, not yet delivered

        _bot = await _bot.RestartAsync();
        await _bot.RunWorkersAsync();
        Assert.Single(_bot.ManagersChannel);
    }

    [Fact]
    public async Task A_quiet_week_with_the_policy_in_date_shows_no_warning()
    {
        await using var bot = await FollowUpHarness.StartAsync(SundayEvening, new Dictionary<string, string?> { ["Safeguarding:PolicyReviewDate"] = "2027-08-31" });
        await bot.FollowUp.RunOnceAsync(default);
        bot.MoveTo(DigestDue);
        await bot.RunWorkersAsync();

        var digest = Assert.Single(bot.ManagersChannel).AllText;
        Assert.Contains("Sessions held: 0", digest);
        Assert.DoesNotContain("policy review date", digest);
        CardDataContract.AssertMatches("weekly-digest.quiet.data.json", await bot.Get<WeeklyDigest>().DataAsync(DigestDue, DigestDue));
    }

    [Fact]
    public async Task The_day_and_time_are_settings()
    {
        await using var bot = await FollowUpHarness.StartAsync(SundayEvening, new Dictionary<string, string?>
        {
            ["FollowUp:DigestDay"] = "Friday",
            ["FollowUp:DigestTime"] = "17:30",
        });
        await bot.FollowUp.RunOnceAsync(default);
        bot.MoveTo(DigestDue.AddDays(1));
        await bot.RunWorkersAsync();
        Assert.Empty(bot.ManagersChannel);

        var friday = new DateTimeOffset(2026, 8, 7, 17, 30, 0, Bst);
        bot.MoveTo(friday.AddSeconds(-1));
        await bot.RunWorkersAsync();
        Assert.Empty(bot.ManagersChannel);
        bot.MoveTo(friday);
        await bot.RunWorkersAsync();
        Assert.Contains("Fri 31 Jul to Thu 6 Aug 2026", Assert.Single(bot.ManagersChannel).AllText);
    }

    [Fact]
    public async Task Digest_data_with_every_kind_of_item_matches_the_sample()
    {
        SeedTheWeek();
        CardDataContract.AssertMatches("weekly-digest.data.json", await _bot.Get<WeeklyDigest>().DataAsync(DigestDue, DigestDue));
    }
}

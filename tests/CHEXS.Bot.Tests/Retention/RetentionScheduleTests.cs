using Chexs.Bot.FollowUp;
using Chexs.Bot.Records;
using Chexs.Bot.Tests.Reminders;
using Chexs.Bot.Tests.Safeguarding;

namespace Chexs.Bot.Tests.Retention;

/// <summary>G3 retention run by the follow-up worker: once a day at the configured local time, across restarts.</summary>
public sealed class RetentionScheduleTests : IAsyncLifetime
{
    // Friday 27 November 2026, 23:00 GMT (= UTC). Retention runs daily at 02:30 local.
    private static readonly DateTimeOffset Evening = new(2026, 11, 27, 23, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset FirstRun = new(2026, 11, 28, 2, 30, 0, TimeSpan.Zero);

    private FollowUpHarness _bot = null!;

    public async Task InitializeAsync()
    {
        _bot = await FollowUpHarness.StartAsync(Evening);
        await _bot.FollowUp.RunOnceAsync(default);
    }

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    /// <summary>A session that ended two days before <paramref name="now"/>, still holding its join details.</summary>
    private string EndedSession(string id, DateTimeOffset now)
    {
        _bot.Db.AddSession(id, now.AddDays(-2), SessionKind.OneToOne);
        return id;
    }

    private bool Cleared(string id) => _bot.Db.Sessions.FindById(id).Meeting!.Passcode.Length == 0;

    private int Runs => _bot.Db.Audit.Find(a => a.Action == "retention.applied").Count();

    [Fact]
    public async Task Retention_runs_once_a_day_at_its_time_and_not_again_after_a_restart()
    {
        var first = EndedSession("S-OLD01", Evening);
        _bot.MoveTo(FirstRun.AddSeconds(-1));
        await _bot.FollowUp.RunOnceAsync(default);
        Assert.False(Cleared(first));

        _bot.MoveTo(FirstRun);
        await _bot.FollowUp.RunOnceAsync(default);
        Assert.True(Cleared(first));
        Assert.Equal(1, Runs);
        Assert.Contains(_bot.Db.Audit.FindAll(), a => a.Action == "retention.applied" && a.Detail!.Contains("join details cleared: 1"));

        var second = EndedSession("S-OLD02", FirstRun);
        _bot.MoveTo(FirstRun.AddHours(6));
        await _bot.FollowUp.RunOnceAsync(default);
        _bot = await _bot.RestartAsync();
        await _bot.FollowUp.RunOnceAsync(default);
        Assert.False(Cleared(second)); // the day's run is done

        _bot.MoveTo(FirstRun.AddDays(1));
        await _bot.FollowUp.RunOnceAsync(default);
        Assert.True(Cleared(second));
        Assert.Equal(2, Runs);
        Assert.Equal(FirstRun.AddDays(1), _bot.Db.ScheduledJobs.FindById(FollowUpWorker.RetentionJobName).LastOccurrence);
    }

    [Fact]
    public async Task A_day_missed_while_the_bot_was_down_is_caught_up_once_when_it_is_back()
    {
        var session = EndedSession("S-OLD01", Evening);
        _bot = await _bot.RestartAsync();
        _bot.MoveTo(FirstRun.AddDays(2).AddHours(5)); // down for two nights
        await _bot.FollowUp.RunOnceAsync(default);
        await _bot.FollowUp.RunOnceAsync(default);
        Assert.True(Cleared(session));
        Assert.Equal(1, Runs);
    }

    [Fact]
    public async Task The_time_of_day_is_a_setting()
    {
        await using var bot = await FollowUpHarness.StartAsync(Evening, new Dictionary<string, string?> { ["FollowUp:RetentionTime"] = "23:45" });
        await bot.FollowUp.RunOnceAsync(default);
        var s = bot.Db.AddSession("S-OLD01", Evening.AddDays(-2), SessionKind.OneToOne);
        bot.MoveTo(Evening.AddMinutes(44));
        await bot.FollowUp.RunOnceAsync(default);
        Assert.NotEmpty(bot.Db.Sessions.FindById(s.Id).Meeting!.Passcode);
        bot.MoveTo(Evening.AddMinutes(45));
        await bot.FollowUp.RunOnceAsync(default);
        Assert.Empty(bot.Db.Sessions.FindById(s.Id).Meeting!.Passcode);
    }
}

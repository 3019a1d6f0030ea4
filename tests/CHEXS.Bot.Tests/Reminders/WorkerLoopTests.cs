using Chexs.Bot.Notices;
using Chexs.Bot.FollowUp;
using Chexs.Bot.Outbox;
using Microsoft.Extensions.Logging;

namespace Chexs.Bot.Tests.Reminders;

/// <summary>
/// The workers' own loops, as the host runs them: started as hosted services, woken by the fake clock
/// moving past their poll interval (no pass is called by the test). Waiting here is for another thread
/// to finish the work the clock released, bounded so a broken loop fails instead of hanging.
/// </summary>
public sealed class WorkerLoopTests
{
    private static readonly DateTimeOffset Booked = new(2026, 10, 20, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Start = new(2026, 10, 25, 16, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Waits for <paramref name="done"/>. With <paramref name="sleeper"/>, moves the fake clock on by that worker's
    /// poll interval each time the worker has gone back to sleep (its wake-up already set on the clock), and only
    /// then: the next nudge always wakes it, and no nudge lands in the middle of a pass, where it would also run down
    /// the pass's own time limits (a reminder's send timeout is on the same clock). So progress depends only on the
    /// workers' passes, never on how many nudges a loaded machine fits into a wall-clock second. The wall-clock
    /// deadline only turns a broken loop into a failure instead of a hang.
    /// </summary>
    private static async Task UntilAsync(Func<Task<bool>> done, string what, FollowUpHarness? bot = null, PollingWorker? sleeper = null, bool justMoved = false)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        // After MoveTo the clock has already been moved for the sleep the worker is in (or just finished, mid-pass).
        var nudgedSleep = justMoved && sleeper is not null ? sleeper.Sleeps : -1;
        while (!await done())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Timed out waiting for {what}.");
            if (bot is not null && sleeper is { IsAsleep: true } && sleeper.Sleeps is var sleep && sleep > nudgedSleep)
            {
                bot.Clock.Advance(sleeper.SleepLength);
                nudgedSleep = sleep;
            }
            await Task.Delay(20);
        }
    }

    private static Task<bool> Check(bool value) => Task.FromResult(value);

    [Fact]
    public async Task The_reminder_loop_sends_when_the_clock_reaches_the_due_time()
    {
        await using var bot = await FollowUpHarness.StartAsync(Booked);
        ReminderDeliveryTests.AddPupils(bot);
        await ReminderDeliveryTests.BookAsync(bot, Start);
        await bot.Reminders.StartAsync(default);
        try
        {
            // 24 hours before in London wall-clock time: Saturday 16:00 BST = 15:00 UTC.
            bot.MoveTo(new DateTimeOffset(2026, 10, 24, 15, 0, 0, TimeSpan.Zero));
            await UntilAsync(() => Check(bot.General.Count == 1 && bot.AlexChat.Count == 1), "the day-before reminders", bot, bot.Reminders, justMoved: true);
        }
        finally
        {
            await bot.Reminders.StopAsync(default);
        }
    }

    [Fact]
    public async Task The_follow_up_loop_runs_retention_daily_and_queues_the_weekly_digest()
    {
        await using var bot = await FollowUpHarness.StartAsync(new DateTimeOffset(2026, 8, 2, 19, 0, 0, TimeSpan.Zero));
        await bot.FollowUp.StartAsync(default);
        await bot.Notices.StartAsync(default);
        try
        {
            // Polled through the store's ports while the worker writes: LiteDB 5 can answer a raw FindById with null for a
            // document another thread is updating (this test's old flakiness); the engine never lets a read overlap a write.
            var jobs = bot.Get<IScheduledJobRepository>();
            var notices = bot.Get<IStaffNoticeOutbox>();
            await UntilAsync(async () => await jobs.CountAsync() == 2, "the first pass");
            bot.MoveTo(new DateTimeOffset(2026, 8, 3, 1, 30, 0, TimeSpan.Zero)); // 02:30 BST
            // Every state the job was seen in, and the bot's warnings, are kept for the message below: a run that
            // succeeds later clears the job's LastError.
            var seen = new List<string>();
            var last = "";
            await UntilAsync(async () =>
            {
                var state = await jobs.FindAsync(FollowUpWorker.RetentionJobName);
                var line = state is null ? "missing" : $"occurrence {state.LastOccurrence:u} ran {state.LastRunAt:u} failures {state.Failures} {state.LastError}";
                if (line != last) seen.Add($"at {bot.Clock.GetUtcNow():u}: {line}");
                last = line;
                return state?.LastRunAt is not null;
            }, "the retention run", bot, bot.FollowUp, justMoved: true);
            var ran = (await jobs.FindAsync(FollowUpWorker.RetentionJobName))!.LastRunAt!.Value;
            Assert.True(ran < new DateTimeOffset(2026, 8, 3, 2, 30, 0, TimeSpan.Zero),
                $"retention ran at {ran:u}, not at its 02:30 BST occurrence. Seen: {string.Join(" | ", seen.Take(20))}. " +
                $"Logged: {string.Join(" | ", bot.Logs.Entries.Where(e => e.Level >= LogLevel.Warning || e.Category.Contains("FollowUp")).Take(30).Select(e => $"{e.Level} {e.Message} {e.Exception?.GetType().Name}: {e.Exception?.Message}"))}");
            bot.MoveTo(new DateTimeOffset(2026, 8, 3, 7, 0, 0, TimeSpan.Zero)); // 08:00 BST Monday
            await UntilAsync(async () => await notices.FindAsync("weekly-digest:2026-08-03") is not null, "the weekly digest to be queued", bot, bot.FollowUp, justMoved: true);
            // The notice outbox then posts it on its own 5-second poll (the nudges move the clock past it).
            await UntilAsync(() => Check(bot.ManagersChannel.Count == 1), "the weekly digest to be posted", bot, bot.Notices);
            Assert.Contains("Weekly safeguarding digest", bot.ManagersChannel[0].AllText);
        }
        finally
        {
            await bot.FollowUp.StopAsync(default);
            await bot.Notices.StopAsync(default);
        }
    }
}

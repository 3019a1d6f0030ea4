using Chexs.Bot.Notices;
using Chexs.Bot.FollowUp;

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
    /// Waits for <paramref name="done"/>. With <paramref name="bot"/>, nudges the fake clock a second at a
    /// time meanwhile: a loop that had not yet gone back to sleep when the clock moved sleeps until it moves again.
    /// </summary>
    private static async Task UntilAsync(Func<bool> done, string what, FollowUpHarness? bot = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!done())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Timed out waiting for {what}.");
            await Task.Delay(50);
            bot?.Clock.Advance(TimeSpan.FromSeconds(1));
        }
    }

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
            await UntilAsync(() => bot.General.Count == 1 && bot.AlexChat.Count == 1, "the day-before reminders", bot);
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
            await UntilAsync(() => jobs.CountAsync().AsTask().Result == 2, "the first pass");
            bot.MoveTo(new DateTimeOffset(2026, 8, 3, 1, 30, 0, TimeSpan.Zero)); // 02:30 BST
            await UntilAsync(() => jobs.FindAsync(FollowUpWorker.RetentionJobName).AsTask().Result?.LastRunAt is not null, "the retention run", bot);
            bot.MoveTo(new DateTimeOffset(2026, 8, 3, 7, 0, 0, TimeSpan.Zero)); // 08:00 BST Monday
            await UntilAsync(() => notices.FindAsync("weekly-digest:2026-08-03").AsTask().Result is not null, "the weekly digest to be queued", bot);
            // The notice outbox then posts it on its own 5-second poll (the nudges move the clock).
            await UntilAsync(() => bot.ManagersChannel.Count == 1, "the weekly digest to be posted", bot);
            Assert.Contains("Weekly safeguarding digest", bot.ManagersChannel[0].AllText);
        }
        finally
        {
            await bot.FollowUp.StopAsync(default);
            await bot.Notices.StopAsync(default);
        }
    }
}

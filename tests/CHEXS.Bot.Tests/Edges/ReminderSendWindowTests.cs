using Chexs.Bot.Reminders;
using Chexs.Bot.Tests.Reminders;

namespace Chexs.Bot.Tests.Edges;

/// <summary>
/// Reminders are at least once: the window for a repeat is only a post Teams took whose answer the bot never
/// recorded. A graceful stop (SIGTERM, a redeploy) must not open it: the post in flight finishes and is
/// recorded, no new one starts, and after the restart nothing is sent twice. Real HTTP to a local Bot Connector.
/// </summary>
public sealed class ReminderSendWindowTests
{
    private static readonly DateTimeOffset Booked = new(2026, 10, 20, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset SessionStart = new(2026, 10, 25, 16, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset DayBeforeDue = new(2026, 10, 24, 15, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_bot_stopped_while_a_reminder_is_in_flight_records_it_and_sends_nothing_twice_after_the_restart()
    {
        var bot = await FollowUpHarness.StartAsync(Booked);
        try
        {
            ReminderDeliveryTests.AddPupils(bot);
            await ReminderDeliveryTests.BookAsync(bot, SessionStart);
            bot.MoveTo(DayBeforeDue);

            // Teams takes the first post but has not answered when the host starts stopping.
            var answer = new TaskCompletionSource();
            bot.Teams.AnswerAfter = answer.Task;
            using var stopping = new CancellationTokenSource();
            var pass = bot.Reminders.RunOnceAsync(stopping.Token);
            await bot.Teams.FirstHeld.Task.WaitAsync(TimeSpan.FromSeconds(30));
            stopping.Cancel();
            bot.Teams.AnswerAfter = null;
            answer.SetResult();

            // The pass finishes the post in flight, records it, and starts no other.
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pass);
            var inFlight = Assert.Single(bot.Teams.Sent);
            Assert.Single(await bot.Get<ReminderStore>().ForSessionAsync(bot.Db.Sessions.FindAll().Single().Id), r => r.Status == ReminderStatus.Sent);

            bot = await bot.RestartAsync();
            Assert.Equal(1, await bot.Reminders.RunOnceAsync(default));

            // The other reminder goes now; the one that was in flight does not go again.
            Assert.Equal(2, bot.Teams.Sent.Count);
            Assert.Single(bot.General);
            Assert.Single(bot.AlexChat);
            Assert.Single(bot.Teams.Sent, s => s.ConversationId == inFlight.ConversationId);
        }
        finally
        {
            await bot.DisposeAsync();
        }
    }
}

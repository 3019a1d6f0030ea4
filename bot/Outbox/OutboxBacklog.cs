using System.Globalization;
using Chexs.Bot.Dialogs.Conversations;
using Chexs.Bot.HostCalendar;
using Chexs.Bot.Invitations;
using Chexs.Bot.Notices;
using Chexs.Bot.Reminders;
using Microsoft.Bot.Builder;

namespace Chexs.Bot.Outbox;

/// <summary>One outbox's backlog: how many wait, how many were given up, and how long the oldest has waited.</summary>
public sealed record OutboxCount(string Name, int Pending, int Failed, TimeSpan? OldestWait);

/// <summary>
/// <c>outbox</c> / <c>backlog</c> in a manager's 1:1 chat: per outbox (guardian e-mails, calendar events, staff
/// notices, reminders) how much is waiting, how much failed, and the oldest wait. Counts only: no pupil, guardian
/// or session details, so it is safe to read out or screenshot. Staff get one sentence.
/// </summary>
public sealed class OutboxBacklog(IGuardianEmailOutbox emails, IHostCalendarChanges calendar, IStaffNoticeOutbox notices, IReminderRepository reminders,
    TimeProvider clock)
{
    public const string StaffOnlyReply = "Only managers can see the outbox backlog. Ask a CHEXS manager if an e-mail or reminder seems late.";

    public async Task<IReadOnlyList<OutboxCount>> CountAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        TimeSpan? Oldest(IEnumerable<DateTimeOffset> since) => since.Select(t => now - t).DefaultIfEmpty().Max() is var m && m > TimeSpan.Zero ? m : null;

        var pendingEmails = await emails.PendingAsync(ct);
        var failedEmails = await emails.FailedAsync(ct);
        var pendingCalendar = await calendar.PendingAsync(ct);
        var failedCalendar = await calendar.FailedAsync(ct);
        var unsentNotices = await notices.UnsentAsync(int.MaxValue, ct);
        var dueReminders = await reminders.DueAsync(now, 10_000, ct);
        var skippedReminders = await reminders.InStatusAsync(ReminderStatus.Skipped, ct);
        return
        [
            new("Guardian e-mails", pendingEmails.Count, failedEmails.Count, Oldest(pendingEmails.Select(r => r.CreatedAt))),
            new("Calendar events", pendingCalendar.Count, failedCalendar.Count, Oldest(pendingCalendar.Select(c => c.CreatedAt))),
            new("Staff notices", unsentNotices.Count(n => n.Attempts < NoticeDeliveryWorker.MaxAttempts), unsentNotices.Count(n => n.Attempts >= NoticeDeliveryWorker.MaxAttempts),
                Oldest(unsentNotices.Where(n => n.Attempts < NoticeDeliveryWorker.MaxAttempts).Select(n => n.CreatedAt))),
            // A reminder waits from the moment it is due; one given up after Teams refused it counts as failed.
            new("Reminders (due, not yet posted)", dueReminders.Count, skippedReminders.Count(r => r.Attempts > 0), Oldest(dueReminders.Select(r => r.DueAt))),
        ];
    }

    public async Task ReplyAsync(ITurnContext turn, CancellationToken ct)
    {
        if (!TurnUser.Of(turn).IsManager)
        {
            await turn.SendActivityAsync(MessageFactory.Text(StaffOnlyReply), ct);
            return;
        }
        var counts = await CountAsync(ct);
        var quiet = counts.All(c => c.Pending == 0 && c.Failed == 0);
        var lines = counts.Select(c =>
            $"**{c.Name}**: {c.Pending} waiting{(c.OldestWait is { } w ? $" (oldest {Age(w)})" : "")}, {c.Failed} failed");
        var tail = counts.First().Failed > 0 ? "\n\nType **resend invitations** to see the failed guardian e-mails and queue them again." : "";
        await turn.SendActivityAsync(MessageFactory.Text(
            (quiet ? "**Outbox backlog: nothing waiting, nothing failed.**" : "**Outbox backlog** (counts only):") + "\n\n" + string.Join("\n\n", lines) + tail), ct);
    }

    private static string Age(TimeSpan t) => t.TotalMinutes < 1 ? "under a minute"
        : t.TotalHours < 1 ? $"{(int)t.TotalMinutes} min"
        : t.TotalDays < 1 ? $"{(int)t.TotalHours} h {t.Minutes} min"
        : $"{(int)t.TotalDays} days";
}

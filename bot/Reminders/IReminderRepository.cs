using Chexs.Bot.Storage;

namespace Chexs.Bot.Reminders;

public interface IReminderRepository : IRepository<Reminder>
{
    ValueTask<IReadOnlyList<Reminder>> ForSessionAsync(string sessionId, CancellationToken ct = default);

    /// <summary>
    /// Up to <paramref name="max"/> outstanding reminders due at or before <paramref name="now"/>. Only outstanding
    /// reminders carry a due value, so the sent history is never read (an index range scan).
    /// </summary>
    ValueTask<IReadOnlyList<Reminder>> DueAsync(DateTimeOffset now, int max, CancellationToken ct = default);

    ValueTask<IReadOnlyList<Reminder>> InStatusAsync(ReminderStatus status, CancellationToken ct = default);
}

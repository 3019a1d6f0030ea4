using Chexs.Bot.Storage;

namespace Chexs.Bot.Sessions;

public interface IMeetingRemovalOutbox : IRepository<MeetingRemoval, long>
{
    /// <summary>Removals not done yet, in the order they were queued.</summary>
    ValueTask<IReadOnlyList<MeetingRemoval>> PendingAsync(CancellationToken ct = default);
}

using Chexs.Bot.Storage;

namespace Chexs.Bot.Invitations;

public interface IGuardianEmailOutbox : IRepository<GuardianEmailRow, long>
{
    ValueTask<IReadOnlyList<GuardianEmailRow>> PendingAsync(CancellationToken ct = default);

    /// <summary>E-mails given up on (the host was told), oldest first: a manager can queue them again.</summary>
    ValueTask<IReadOnlyList<GuardianEmailRow>> FailedAsync(CancellationToken ct = default);

    /// <summary>A session's e-mails in the order they were queued.</summary>
    ValueTask<IReadOnlyList<GuardianEmailRow>> ForSessionAsync(string sessionId, CancellationToken ct = default);
}

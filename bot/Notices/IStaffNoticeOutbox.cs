using Chexs.Bot.Storage;

namespace Chexs.Bot.Notices;

public interface IStaffNoticeOutbox : IRepository<StaffNotice>
{
    /// <summary>Notices Teams has not taken yet and still worth trying, oldest first.</summary>
    ValueTask<IReadOnlyList<StaffNotice>> UnsentAsync(int maxAttempts, CancellationToken ct = default);
}

using Chexs.Bot.Storage;

namespace Chexs.Bot.Teams;

public interface IInstallationRepository : IRepository<InstallationRecord>
{
    ValueTask<int> DeleteForTeamAsync(string teamId, CancellationToken ct = default);

    ValueTask<InstallationRecord?> PersonalChatOfAsync(string aadObjectId, CancellationToken ct = default);
}

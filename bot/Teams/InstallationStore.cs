using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;
using Microsoft.Bot.Builder.Teams;
using Newtonsoft.Json;

namespace Chexs.Bot.Teams;

/// <summary>Remembers where the bot is installed so it can message there later.</summary>
public sealed class InstallationStore
{
    private readonly IInstallationRepository _installations;
    private readonly TimeProvider _clock;

    public InstallationStore(IInstallationRepository installations, TimeProvider clock)
    {
        _installations = installations;
        _clock = clock;
    }

    public async Task<InstallationRecord> RememberAsync(IActivity activity, CancellationToken ct = default)
    {
        var a = (Activity)activity;
        var scope = a.Conversation?.ConversationType switch
        {
            "channel" => "team",
            "groupChat" => "groupChat",
            _ => "personal",
        };
        var team = a.TeamsGetTeamInfo();
        var record = new InstallationRecord
        {
            Id = a.Conversation?.Id ?? "",
            Scope = scope,
            TenantId = a.Conversation?.TenantId ?? a.GetChannelData<TeamsChannelData>()?.Tenant?.Id,
            TeamId = team?.Id,
            TeamName = team?.Name,
            ChannelId = a.TeamsGetChannelId() ?? (scope == "team" ? a.Conversation?.Id : null),
            UserAadObjectId = scope == "personal" ? a.From?.AadObjectId : null,
            ServiceUrl = a.ServiceUrl ?? "",
            ReferenceJson = JsonConvert.SerializeObject(a.GetConversationReference()),
            InstalledAt = _clock.GetUtcNow(),
        };
        // Every personal-chat message comes through here: write only when something we rely on changed
        // (a LiteDB commit per turn was the largest fixed cost of a turn in the benchmarks).
        var known = await _installations.FindAsync(record.Id, ct);
        if (known is not null && known.Scope == record.Scope && known.ServiceUrl == record.ServiceUrl
            && known.UserAadObjectId == record.UserAadObjectId && known.TeamId == record.TeamId && known.ChannelId == record.ChannelId
            && known.TenantId == record.TenantId)
        {
            return known;
        }
        await _installations.UpsertAsync(record, ct);
        return record;
    }

    public ValueTask<bool> ForgetAsync(string conversationId, CancellationToken ct = default) => _installations.DeleteAsync(conversationId, ct);

    /// <summary>
    /// Forgets the installation an uninstall activity is about. Removing the app from a team removes
    /// it from every channel of that team, so every record of the team goes, whichever channel the
    /// activity names. Returns how many records were deleted.
    /// </summary>
    public async Task<int> ForgetAsync(IActivity activity, CancellationToken ct = default)
    {
        var a = (Activity)activity;
        var teamId = a.TeamsGetTeamInfo()?.Id;
        var deleted = string.IsNullOrEmpty(teamId) ? 0 : await _installations.DeleteForTeamAsync(teamId, ct);
        if (a.Conversation?.Id is { Length: > 0 } id && await _installations.DeleteAsync(id, ct))
        {
            deleted++;
        }
        return deleted;
    }

    public ValueTask<IReadOnlyList<InstallationRecord>> AllAsync(CancellationToken ct = default) => _installations.AllAsync(ct);

    public ValueTask<InstallationRecord?> FindAsync(string conversationId, CancellationToken ct = default) => _installations.FindAsync(conversationId, ct);

    /// <summary>The personal chat with a staff member, for private messages (host reminders, approvals).</summary>
    public ValueTask<InstallationRecord?> PersonalChatOfAsync(string aadObjectId, CancellationToken ct = default) =>
        _installations.PersonalChatOfAsync(aadObjectId, ct);

    public static ConversationReference ReferenceOf(InstallationRecord record) =>
        JsonConvert.DeserializeObject<ConversationReference>(record.ReferenceJson)!;
}

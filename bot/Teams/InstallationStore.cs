using Chexs.Bot.Storage;
using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;
using Microsoft.Bot.Builder.Teams;
using Newtonsoft.Json;

namespace Chexs.Bot.Teams;

/// <summary>Remembers where the bot is installed so it can message there later.</summary>
public sealed class InstallationStore
{
    private readonly ChexsDatabase _db;
    private readonly TimeProvider _clock;

    public InstallationStore(ChexsDatabase db, TimeProvider clock)
    {
        _db = db;
        _clock = clock;
    }

    public InstallationRecord Remember(IActivity activity)
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
        var known = _db.Installations.FindById(record.Id);
        if (known is not null && known.Scope == record.Scope && known.ServiceUrl == record.ServiceUrl
            && known.UserAadObjectId == record.UserAadObjectId && known.TeamId == record.TeamId && known.ChannelId == record.ChannelId
            && known.TenantId == record.TenantId)
        {
            return known;
        }
        _db.Installations.Upsert(record);
        return record;
    }

    public bool Forget(string conversationId) => _db.Installations.Delete(conversationId);

    /// <summary>
    /// Forgets the installation an uninstall activity is about. Removing the app from a team removes
    /// it from every channel of that team, so every record of the team goes, whichever channel the
    /// activity names. Returns how many records were deleted.
    /// </summary>
    public int Forget(IActivity activity)
    {
        var a = (Activity)activity;
        var teamId = a.TeamsGetTeamInfo()?.Id;
        var deleted = string.IsNullOrEmpty(teamId) ? 0 : _db.Installations.DeleteMany(i => i.TeamId == teamId);
        if (a.Conversation?.Id is { Length: > 0 } id && _db.Installations.Delete(id))
        {
            deleted++;
        }
        return deleted;
    }

    public IReadOnlyList<InstallationRecord> All() => _db.Installations.FindAll().ToList();

    public InstallationRecord? Find(string conversationId) => _db.Installations.FindById(conversationId);

    /// <summary>The personal chat with a staff member, for private messages (host reminders, approvals).</summary>
    public InstallationRecord? PersonalChatOf(string aadObjectId) =>
        _db.Installations.FindOne(i => i.Scope == "personal" && i.UserAadObjectId == aadObjectId);

    public static ConversationReference ReferenceOf(InstallationRecord record) =>
        JsonConvert.DeserializeObject<ConversationReference>(record.ReferenceJson)!;
}

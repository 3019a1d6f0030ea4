namespace Chexs.Bot.Teams;

/// <summary>
/// Where the app is installed: a team channel, a group chat or a staff member's personal chat.
/// Keeps the serialized ConversationReference so the bot can post proactively (reminders, approvals).
/// </summary>
public sealed class InstallationRecord
{
    /// <summary>The Teams conversation id.</summary>
    public string Id { get; set; } = "";
    /// <summary>"personal", "groupChat" or "team".</summary>
    public string Scope { get; set; } = "";
    public string? TenantId { get; set; }
    public string? TeamId { get; set; }
    public string? TeamName { get; set; }
    public string? ChannelId { get; set; }
    /// <summary>For personal scope: the staff member's Entra object id.</summary>
    public string? UserAadObjectId { get; set; }
    public string ServiceUrl { get; set; } = "";
    /// <summary>Bot Framework ConversationReference as JSON (SDK type kept at the edge).</summary>
    public string ReferenceJson { get; set; } = "";
    public DateTimeOffset InstalledAt { get; set; }
}

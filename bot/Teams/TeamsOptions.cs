namespace Chexs.Bot.Teams;

/// <summary>Where the bot posts proactively (section "Teams").</summary>
public sealed class TeamsOptions
{
    public const string Section = "Teams";

    /// <summary>
    /// Channel id for session reminders. Empty: the channel the app was installed into
    /// (the team's General channel) — the first team installation found.
    /// </summary>
    public string? StaffChannelId { get; set; }

    /// <summary>Channel id for approvals without a line manager, alerts and the weekly digest. Empty: the staff channel.</summary>
    public string? ManagersChannelId { get; set; }
}

using Chexs.Bot.Records;

namespace Chexs.Bot.Dialogs.Conversations;

/// <summary>Who may cancel or move a session: its host, or a manager.</summary>
public static class SessionAccess
{
    public static bool CanManage(Session session, string userId, StaffRole? role) =>
        session.HostId == userId || role == StaffRole.Manager;

    /// <summary>Why a session can't be changed by this person, or null when it can.</summary>
    public static string? Refusal(Session? session, string typedRef, string userId, StaffRole? role, string verb) => session switch
    {
        null => $"I can't find session {typedRef}. Type \"my sessions\" to see yours.",
        { IsLive: false } => $"Session {session.Id} is {session.Status.ToString().ToLowerInvariant()}, so there's nothing to {verb}.",
        _ when !CanManage(session, userId, role) => $"Only the session's host or a manager can {verb} session {session.Id}. Nothing was changed.",
        _ => null,
    };
}

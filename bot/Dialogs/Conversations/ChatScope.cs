using Microsoft.Bot.Builder;

namespace Chexs.Bot.Dialogs.Conversations;

/// <summary>
/// Where a turn happens. Anything that names pupils in full (bookings, consents, session lists) runs
/// only in the person's 1:1 chat with the bot; in a channel or group chat the bot answers with a short
/// pointer and never repeats what was typed (P3, G6).
/// </summary>
public static class ChatScope
{
    public static bool IsPersonal(ITurnContext turn) =>
        turn.Activity.Conversation?.ConversationType is null or "" or "personal";

    /// <summary>The reply to a pupil-related command in a shared conversation. Deliberately does not echo the command.</summary>
    public static string PrivateOnly(string command) =>
        $"Let's do that in our private chat, so pupils' names stay out of shared conversations. Open a 1:1 chat with me and type \"{command}\" there.";
}

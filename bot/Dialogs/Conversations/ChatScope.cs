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
    public static string PrivateOnly(string command, string? chatUrl = null) =>
        $"Let's do that in our private chat, so pupils' names stay out of shared conversations. " +
        (chatUrl is null ? "Open a 1:1 chat with me" : $"[Open our 1:1 chat]({chatUrl})") + $" and type \"{command}\" there.";

    /// <summary><see cref="PrivateOnly"/> as a message, with a link that opens the 1:1 chat with the bot.</summary>
    public static Microsoft.Bot.Schema.IMessageActivity PrivateOnlyMessage(ITurnContext turn, string command)
    {
        var message = MessageFactory.Text(PrivateOnly(command, ChatWithBotUrl(turn)));
        message.TextFormat = Microsoft.Bot.Schema.TextFormatTypes.Markdown;
        return message;
    }

    /// <summary>
    /// Teams' deep link to a 1:1 chat with this bot: users=28:&lt;the bot's app id&gt;. Teams addresses the bot as
    /// "28:&lt;app id&gt;" in every activity it sends it, so the id is read from the activity; null when there is none.
    /// </summary>
    public static string? ChatWithBotUrl(ITurnContext turn)
    {
        var id = turn.Activity.Recipient?.Id;
        if (string.IsNullOrWhiteSpace(id)) return null;
        var appId = id.StartsWith("28:", StringComparison.Ordinal) ? id[3..] : id;
        return "https://teams.microsoft.com/l/chat/0/0?users=28:" + Uri.EscapeDataString(appId);
    }
}

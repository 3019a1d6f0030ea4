using Chexs.Bot.Cards;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Dialogs.Conversations;

/// <summary>
/// The short hello when the app is added: in the 1:1 chat, what the bot does, a one-line example and two buttons
/// (Book a session, My sessions); in a team or group chat, what that conversation will see from it and a link to
/// the 1:1 chat, where everything about pupils happens.
/// </summary>
public sealed class WelcomeCard
{
    public const string TeamText =
        "In this team I post a reminder before each session with the host's checklist, and in the managers' channel the approval requests " +
        "that have no line manager to go to, alerts and the weekly digest. Pupils appear by initials only, and never a join link or passcode.";

    public const string GroupChatText =
        "In this group chat I only answer \"help\" and \"policy\" when you mention me; I post nothing about pupils here.";

    private readonly CardTemplates _cards;

    public WelcomeCard(CardTemplates cards) => _cards = cards;

    public IMessageActivity For(ITurnContext turn)
    {
        var personal = ChatScope.IsPersonal(turn);
        var card = _cards.Render(CardNames.Welcome, new JObject
        {
            ["personal"] = personal,
            ["sharedText"] = personal ? "" : turn.Activity.Conversation?.ConversationType == "channel" ? TeamText : GroupChatText,
            // Only used in shared conversations; the template needs a URL there.
            ["chatUrl"] = ChatScope.ChatWithBotUrl(turn) ?? "https://teams.microsoft.com/",
        });
        var message = MessageFactory.Attachment(new Attachment { ContentType = CardTemplates.ContentType, Content = card });
        message.Summary = "Hello, I'm CHEXS Bot";
        return message;
    }
}

using Chexs.Bot.Cards;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Teams;
using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;

namespace Chexs.Bot.Teams;

/// <summary>
/// The Teams edge of the bot: turns activities into calls on the product and replies into activities.
/// </summary>
public sealed class ChexsBot : TeamsActivityHandler
{
    public const string UnknownTextReply = "I didn't catch that. Type 'help' to see what I can do.";

    private readonly ConversationState _conversationState;
    private readonly UserState _userState;
    private readonly InstallationStore _installations;
    private readonly CardTemplates _cards;
    private readonly ILogger<ChexsBot> _logger;
    private readonly CardActions.CardActionRouter _cardActions;

    public ChexsBot(ConversationState conversationState, UserState userState, InstallationStore installations, CardTemplates cards, ILogger<ChexsBot> logger, CardActions.CardActionRouter cardActions)
    {
        _conversationState = conversationState;
        _userState = userState;
        _installations = installations;
        _cards = cards;
        _logger = logger;
        _cardActions = cardActions;
    }

    public override async Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken = default)
    {
        await base.OnTurnAsync(turnContext, cancellationToken);
        await _conversationState.SaveChangesAsync(turnContext, false, cancellationToken);
        await _userState.SaveChangesAsync(turnContext, false, cancellationToken);
    }

    protected override async Task OnMessageActivityAsync(ITurnContext<IMessageActivity> turnContext, CancellationToken cancellationToken)
    {
        if (turnContext.Activity.Conversation?.ConversationType is null or "personal")
        {
            // Remember the personal chat so the bot can reach this staff member privately later.
            _installations.Remember(turnContext.Activity);
        }
        var text = Normalise(turnContext.Activity.RemoveRecipientMention() ?? turnContext.Activity.Text);
        if (text is "help" or "?" or "hi" or "hello")
        {
            await turnContext.SendActivityAsync(MessageFactory.Attachment(HelpCard()), cancellationToken);
            return;
        }
        await turnContext.SendActivityAsync(UnknownTextReply, cancellationToken: cancellationToken);
    }

    public Attachment HelpCard() => new()
    {
        ContentType = "application/vnd.microsoft.card.adaptive",
        Content = _cards.Render("help", new { }),
    };

    protected override Task OnInstallationUpdateAddAsync(ITurnContext<IInstallationUpdateActivity> turnContext, CancellationToken cancellationToken)
    {
        var record = _installations.Remember(turnContext.Activity);
        _logger.LogInformation("Installed in {Scope} conversation (team {TeamId})", record.Scope, record.TeamId);
        return Task.CompletedTask;
    }

    protected override Task OnInstallationUpdateRemoveAsync(ITurnContext<IInstallationUpdateActivity> turnContext, CancellationToken cancellationToken)
    {
        _installations.Forget(turnContext.Activity);
        _logger.LogInformation("Uninstalled from a {Type} conversation", turnContext.Activity.Conversation.ConversationType);
        return Task.CompletedTask;
    }

    protected override Task OnTeamsMembersAddedAsync(IList<TeamsChannelAccount> membersAdded, TeamInfo teamInfo, ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken)
    {
        if (membersAdded.Any(m => m.Id == turnContext.Activity.Recipient?.Id))
        {
            _installations.Remember(turnContext.Activity);
        }
        return Task.CompletedTask;
    }

    protected override Task OnTeamsMembersRemovedAsync(IList<TeamsChannelAccount> membersRemoved, TeamInfo teamInfo, ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken)
    {
        if (membersRemoved.Any(m => m.Id == turnContext.Activity.Recipient?.Id))
        {
            _installations.Forget(turnContext.Activity);
        }
        return Task.CompletedTask;
    }

    protected override async Task<AdaptiveCardInvokeResponse> OnAdaptiveCardInvokeAsync(ITurnContext<IInvokeActivity> turnContext, AdaptiveCardInvokeValue invokeValue, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        var data = invokeValue?.Action?.Data is { } raw ? Newtonsoft.Json.Linq.JObject.FromObject(raw) : new Newtonsoft.Json.Linq.JObject();
        var context = new CardActions.CardActionContext(
            invokeValue?.Action?.Verb ?? "",
            data,
            activity.From?.AadObjectId ?? "",
            activity.From?.Name ?? "",
            activity.Conversation?.Id ?? "",
            activity.Conversation?.ConversationType ?? "personal",
            activity.ReplyToId);
        var result = await _cardActions.HandleAsync(context, cancellationToken);
        if (result.Card is not null)
        {
            if (result.UpdateForEveryone && !string.IsNullOrEmpty(activity.ReplyToId))
            {
                var update = TeamsMessenger.CardActivity(result.Card, "");
                update.Id = activity.ReplyToId;
                await turnContext.UpdateActivityAsync(update, cancellationToken);
            }
            return new AdaptiveCardInvokeResponse { StatusCode = 200, Type = "application/vnd.microsoft.card.adaptive", Value = result.Card };
        }
        return new AdaptiveCardInvokeResponse { StatusCode = 200, Type = "application/vnd.microsoft.activity.message", Value = result.Message ?? "Done." };
    }

    private static string Normalise(string? text) => (text ?? "").Trim().TrimEnd('.', '!').ToLowerInvariant();
}

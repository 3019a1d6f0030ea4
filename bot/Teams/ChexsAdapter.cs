using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;

namespace Chexs.Bot.Teams;

/// <summary>
/// CloudAdapter with our turn-error handling: log the exception, tell the user one plain sentence
/// (never the exception text) and clear the conversation's dialog state so the next message starts clean.
/// </summary>
public sealed class ChexsAdapter : CloudAdapter
{
    public const string ErrorMessage = "Sorry, something went wrong on my side. Please try again, or type 'help'.";

    public ChexsAdapter(BotFrameworkAuthentication auth, ILogger<ChexsAdapter> logger, ConversationState conversationState)
        : base(auth, logger)
    {
        OnTurnError = async (turnContext, exception) =>
        {
            logger.LogError(exception, "Unhandled error in a {ActivityType} turn (conversation {ConversationId})",
                turnContext.Activity?.Type, turnContext.Activity?.Conversation?.Id);
            try
            {
                await conversationState.DeleteAsync(turnContext);
            }
            catch (Exception clearError)
            {
                logger.LogError(clearError, "Could not clear conversation state after an error");
            }
            try
            {
                if (turnContext.Activity?.Type == Microsoft.Bot.Schema.ActivityTypes.Message)
                {
                    await turnContext.SendActivityAsync(ErrorMessage);
                }
            }
            catch (Exception sendError)
            {
                logger.LogError(sendError, "Could not tell the user about an error");
            }
        };
    }
}

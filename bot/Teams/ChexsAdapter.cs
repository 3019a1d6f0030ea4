using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;

namespace Chexs.Bot.Teams;

/// <summary>
/// CloudAdapter with our turn-error handling: log the exception, tell the user one plain sentence
/// (never the exception text) and clear the conversation's dialog state so the next message starts clean —
/// a dialog that threw would likely throw again on every message. Not when the turn lost a race for the
/// state (an ETag conflict) or was cancelled: then the stored state is sound and is what the person is in
/// the middle of, so it is kept.
/// </summary>
public sealed class ChexsAdapter : CloudAdapter
{
    public const string ErrorMessage = "Sorry, something went wrong on my side. Please try again, or type 'help'.";

    public ChexsAdapter(BotFrameworkAuthentication auth, ILogger<ChexsAdapter> logger, ConversationState conversationState)
        : base(auth, new QuietTokenRefusals(logger))
    {
        OnTurnError = async (turnContext, exception) =>
        {
            logger.LogError(exception, "Unhandled error in a {ActivityType} turn (conversation {ConversationId})",
                turnContext.Activity?.Type, turnContext.Activity?.Conversation?.Id);
            if (exception is not (Storage.ETagConflictException or OperationCanceledException))
            {
                try
                {
                    await conversationState.DeleteAsync(turnContext);
                }
                catch (Exception clearError)
                {
                    logger.LogError(clearError, "Could not clear conversation state after an error");
                }
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

    /// <summary>
    /// The SDK logs every request it refuses for a bad token at Error, with the whole stack trace. Anyone can
    /// send those as fast as they like, and a refusal is the caller's problem: Hosting.RefusedRequests logs each
    /// once, as a rate-limited Warning, so the SDK's line becomes Debug. Everything else the SDK logs is unchanged.
    /// </summary>
    private sealed class QuietTokenRefusals(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Error && IsTokenRefusal(exception, state?.ToString()))
            {
                logLevel = LogLevel.Debug;
                if (!inner.IsEnabled(logLevel)) return;
            }
            inner.Log(logLevel, eventId, state, exception, formatter);
        }

        private static bool IsTokenRefusal(Exception? exception, string? message) =>
            exception is UnauthorizedAccessException
            || (message?.StartsWith(typeof(UnauthorizedAccessException).FullName!, StringComparison.Ordinal) ?? false);
    }
}

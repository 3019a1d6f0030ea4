using System.Diagnostics;
using Chexs.Bot.Dialogs.Conversations;
using Microsoft.Bot.Builder;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Telemetry;

/// <summary>
/// A span around every turn (messages, card clicks, installs, proactive sends). It names what kind of
/// turn it was and which command or card verb it carried, from fixed vocabularies only: the text a
/// person typed can name a pupil, so it is never recorded.
/// </summary>
public sealed class TurnTelemetryMiddleware : Microsoft.Bot.Builder.IMiddleware
{
    public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken = default)
    {
        var a = turnContext.Activity;
        using var activity = ChexsTelemetry.Source.StartActivity($"bot.turn {a?.Type}", ActivityKind.Server);
        if (activity is not null && a is not null)
        {
            activity.SetTag("chexs.activity.type", a.Type);
            activity.SetTag("chexs.channel", a.ChannelId);
            activity.SetTag("chexs.conversation.type", a.Conversation?.ConversationType ?? "personal");
            if (a.Name is { Length: > 0 } name) activity.SetTag("chexs.invoke.name", name);
            if (a.Type == Microsoft.Bot.Schema.ActivityTypes.Message && TypedCommand.Parse(a.Text) is { } command)
                activity.SetTag("chexs.command", command.Name);
            if (CardVerb(a.Value) is { } verb) activity.SetTag("chexs.card.verb", verb);
        }
        try
        {
            await next(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            ChexsTelemetry.Fail(activity, e);
            throw;
        }
    }

    /// <summary>Action.Execute verbs are ours (CardVerbs); anything else is left out.</summary>
    private static string? CardVerb(object? value)
    {
        var verb = value switch
        {
            JObject j => (string?)j["action"]?["verb"],
            _ => null,
        };
        return verb is { Length: > 0 and <= 64 } && verb.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-') ? verb : null;
    }
}

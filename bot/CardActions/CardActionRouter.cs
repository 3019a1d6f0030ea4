using Newtonsoft.Json.Linq;

namespace Chexs.Bot.CardActions;

/// <summary>
/// Dispatches Action.Execute clicks to the handler for their verb, after checking the data is the bot's own.
/// </summary>
public sealed class CardActionRouter
{
    /// <summary>Ids of inputs users fill in on our cards; they are not part of the signed data.</summary>
    public static readonly string[] UserInputIds = { "reason", "comment", "waitingRoom", "locked", "recording", "adultPresent", "newTime", "newDate", "newClock", "choice", "note" };

    private readonly Dictionary<string, ICardActionHandler> _handlers;
    private readonly CardActionSigner _signer;
    private readonly ILogger<CardActionRouter> _log;

    public CardActionRouter(IEnumerable<ICardActionHandler> handlers, CardActionSigner signer, ILogger<CardActionRouter> log)
    {
        _handlers = handlers.SelectMany(h => h.Verbs.Select(v => (v, h))).ToDictionary(x => x.v, x => x.h, StringComparer.Ordinal);
        _signer = signer;
        _log = log;
    }

    public async Task<CardActionResult> HandleAsync(CardActionContext context, CancellationToken ct)
    {
        if (!_handlers.TryGetValue(context.Verb, out var handler))
        {
            return CardActionResult.Say("That button is no longer something I can act on. Type 'help' to see what I can do.");
        }
        if (!_signer.Verify(context.Data, UserInputIds) || (string?)context.Data["verb"] != context.Verb)
        {
            _log.LogWarning("Refused a '{Verb}' card action with altered or unsigned data from {User}", context.Verb, context.UserAadObjectId);
            return CardActionResult.Say("I can't act on that card: its details don't match what I sent. Nothing was changed. Please use the latest card, or type 'help'.");
        }
        return await handler.HandleAsync(context, ct);
    }
}

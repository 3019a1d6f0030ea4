using Newtonsoft.Json.Linq;

namespace Chexs.Bot.CardActions;

/// <summary>Who clicked which button on which card. No SDK types: handlers stay testable and portable.</summary>
public sealed record CardActionContext(
    string Verb,
    JObject Data,
    string UserAadObjectId,
    string UserName,
    string ConversationId,
    string ConversationType,
    /// <summary>The id of the message carrying the card (to update it for everyone).</summary>
    string? CardActivityId);

/// <summary>
/// What to show after a click. <see cref="Card"/> replaces the card for the person who clicked;
/// with <see cref="UpdateForEveryone"/> the message itself is updated so everyone sees the same.
/// </summary>
public sealed record CardActionResult(JObject? Card, string? Message = null, bool UpdateForEveryone = false)
{
    public static CardActionResult Say(string message) => new(null, message);

    /// <summary>A conversation to start in the clicker's chat after the click (e.g. "Raise a concern" begins the concern dialog).</summary>
    public DialogStart? Begin { get; init; }
}

/// <summary>Which dialog a click starts, and what it starts with (plain data: dialogs keep their own state).</summary>
public sealed record DialogStart(string DialogId, object? Options);

/// <summary>A handler for one Action.Execute verb (e.g. "approval.approve").</summary>
public interface ICardActionHandler
{
    IEnumerable<string> Verbs { get; }
    Task<CardActionResult> HandleAsync(CardActionContext context, CancellationToken ct);
}

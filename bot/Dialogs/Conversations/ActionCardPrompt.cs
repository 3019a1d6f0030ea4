using Chexs.Bot.CardActions;
using Chexs.Bot.Dialogs.Engine;
using Chexs.Bot.Dialogs.Prompts;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Dialogs.Conversations;

public sealed class ActionCardPromptOptions : PromptOptions
{
    /// <summary>The rendered (signed) card whose Action.Execute buttons answer the prompt.</summary>
    public JObject Card { get; set; } = new();
    /// <summary>Data fields a click must carry unchanged (e.g. the draft id), so a click on another booking's card is refused.</summary>
    public Dictionary<string, string> Expected { get; set; } = new();
    /// <summary>Typed words that stand for a button: each choice's Value is a verb.</summary>
    public List<Choice> Typed { get; set; } = new();
    /// <summary>Typed text that names no button ends the prompt with <see cref="PromptAnswers.TypedText"/> (the dialog reads it as a correction).</summary>
    public bool TypedTextEnds { get; set; }
}

/// <summary>
/// Sends an Adaptive Card and waits for one of its Action.Execute buttons (or a typed equivalent); ends
/// with the button's verb. A click is taken only when the card data is the bot's own (signature, expected
/// fields); the clicked card is then replaced by a copy without buttons, so it cannot be clicked twice.
/// </summary>
public sealed class ActionCardPrompt : Prompt<string, ActionCardPromptOptions>
{
    public const string Name = "conversations.actionCard";

    private readonly CardActionSigner _signer;

    public ActionCardPrompt(CardActionSigner signer) : base(Name, null) => _signer = signer;

    protected override string FormatHelp => "Press one of the card's buttons, or type the button's name.";

    protected override Recognition<string> Recognise(DialogContext dc, PromptState<ActionCardPromptOptions> state)
    {
        var options = state.Options;
        if (dc.Input.Data is { } data && (dc.Input.Verb ?? (string?)data["verb"]) is { } verb && Button(options.Card, verb) is { } button)
        {
            var signed = (JObject)data.DeepClone();
            signed.Remove(DialogInput.PromptIdField);
            if (!_signer.Verify(signed, CardActionRouter.UserInputIds) || (string?)signed["verb"] != verb
                || options.Expected.Any(e => (string?)signed[e.Key] != e.Value))
            {
                return Recognition<string>.Failure("I can't act on that card: its details don't match what I sent. Nothing was changed.");
            }
            if (dc.Turn.Activity.Type == ActivityTypes.Invoke)
            {
                InvokeReply.ReplaceCard(dc.Turn, InvokeReply.Frozen(options.Card, $"You chose: {(string?)button["title"]}"));
            }
            return Recognition<string>.Success(verb);
        }
        if (ChoiceRendering.Find(dc.Input.Answer, options.Typed) is { } typed)
        {
            return Recognition<string>.Success(typed.Value);
        }
        if (options.TypedTextEnds && dc.Input.Data is null && dc.Input.Answer is { Length: > 0 })
        {
            return Recognition<string>.Success(PromptAnswers.TypedText);
        }
        return Recognition<string>.Failure($"Please press one of the card's buttons, or type {ChoiceRendering.OneOf(options.Typed.Select(t => t.Display))} (or \"cancel\" to stop).");
    }

    protected override IActivity Question(DialogContext dc, PromptState<ActionCardPromptOptions> state, string? problem)
    {
        var card = (JObject)state.Options.Card.DeepClone();
        CardPrompt.StampPromptId(card, dc.InstanceId);
        var text = WithProblem(problem, state.Options.Text).Trim();
        var attachment = new Attachment { ContentType = Cards.CardTemplates.ContentType, Content = card };
        return MessageFactory.Attachment(attachment, string.IsNullOrEmpty(text) ? null : text);
    }

    private static JObject? Button(JObject card, string verb) =>
        card.Descendants().OfType<JObject>().FirstOrDefault(o => (string?)o["type"] == "Action.Execute" && (string?)o["verb"] == verb);
}

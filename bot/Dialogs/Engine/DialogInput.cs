using System.Globalization;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Dialogs.Engine;

/// <summary>
/// What the user sent this turn, however they sent it: typed text, a card's Action.Submit / messageBack
/// value, or an Action.Execute invoke's data. Cards answer a prompt by putting <c>"answer": "…"</c> in
/// their data; prompts fill in <c>"promptId"</c> so a button from an earlier question can be told apart.
/// </summary>
public sealed record DialogInput(string? Text, JObject? Data, string? Verb)
{
    public const string AnswerField = "answer";
    public const string PromptIdField = "promptId";
    public const string AdaptiveCardActionInvoke = "adaptiveCard/action";

    public static readonly DialogInput None = new(null, null, null);

    /// <summary>The typed text, or else the card's "answer" field.</summary>
    public string? Answer =>
        !string.IsNullOrWhiteSpace(Text) ? Text.Trim()
        : Data?[AnswerField] is JValue v && v.Value is not null ? v.ToString(System.Globalization.CultureInfo.InvariantCulture).Trim()
        : null;

    /// <summary>
    /// Nothing here to read: no card data, and no text once whitespace, control and invisible formatting
    /// characters are set aside — a sticker, a picture or file, an empty message, a value that is not a card's.
    /// </summary>
    public bool IsUnreadable =>
        Data is null && (Text ?? "").All(c => char.IsWhiteSpace(c) || char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format);

    /// <summary>The prompt instance a card button was made for, if the card said.</summary>
    public string? PromptId => Data?[PromptIdField]?.Type == JTokenType.String ? (string?)Data[PromptIdField] : null;

    public static DialogInput From(IActivity activity)
    {
        if (activity is IInvokeActivity { Name: AdaptiveCardActionInvoke } invoke)
        {
            var action = AsObject(invoke.Value)?["action"] as JObject;
            return new DialogInput(null, action?["data"] as JObject, (string?)action?["verb"]);
        }
        if (activity is IMessageActivity message)
        {
            var text = message.Text;
            if (message.Recipient is not null && message.Entities?.Count > 0)
            {
                text = message.RemoveRecipientMention();
            }
            return new DialogInput(text, AsObject(message.Value), null);
        }
        return None;
    }

    private static JObject? AsObject(object? value) => value switch
    {
        null => null,
        JObject o => o,
        JToken => null,
        string s => TryParse(s),
        _ => JToken.FromObject(value) as JObject,
    };

    private static JObject? TryParse(string s)
    {
        try
        {
            return JToken.Parse(s) as JObject;
        }
        catch (Newtonsoft.Json.JsonReaderException)
        {
            return null;
        }
    }
}

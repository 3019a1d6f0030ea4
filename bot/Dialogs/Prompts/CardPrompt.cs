using Chexs.Bot.Dialogs.Engine;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Dialogs.Prompts;

public sealed class CardPromptOptions : PromptOptions
{
    /// <summary>The Adaptive Card to send (e.g. from CardTemplates.Render). Its submit/execute actions get "promptId" added.</summary>
    public JObject Card { get; set; } = new();
    /// <summary>Input ids that must be filled in.</summary>
    public List<string> Required { get; set; } = new();
}

/// <summary>
/// Sends an Adaptive Card form and waits for its Action.Submit / Action.Execute; ends with the submitted
/// data (a <see cref="JObject"/>, without "promptId"). Typed text instead of a submission is re-asked.
/// </summary>
public sealed class CardPrompt : Prompt<JObject, CardPromptOptions>
{
    public CardPrompt(string id, PromptValidator<JObject>? validator = null) : base(id, validator)
    {
    }

    protected override string FormatHelp => "Fill in the card and press its button.";

    protected override Recognition<JObject> Recognise(DialogContext dc, PromptState<CardPromptOptions> state)
    {
        if (dc.Input.Data is not { } data)
        {
            return Recognition<JObject>.Failure("Please fill in the card and press its button.");
        }
        var values = (JObject)data.DeepClone();
        values.Remove(DialogInput.PromptIdField);
        var missing = state.Options.Required.Where(k => string.IsNullOrWhiteSpace(values[k]?.ToString())).ToList();
        return missing.Count == 0
            ? Recognition<JObject>.Success(values)
            : Recognition<JObject>.Failure($"Please fill in: {string.Join(", ", missing)}.");
    }

    protected override IActivity Question(DialogContext dc, PromptState<CardPromptOptions> state, string? problem)
    {
        var card = (JObject)state.Options.Card.DeepClone();
        StampPromptId(card, dc.InstanceId);
        var attachment = new Attachment { ContentType = "application/vnd.microsoft.card.adaptive", Content = card };
        var text = WithProblem(problem, state.Options.Text);
        return MessageFactory.Attachment(attachment, string.IsNullOrEmpty(text) ? null : text);
    }

    /// <summary>Adds "promptId" to the data of every Action.Submit / Action.Execute in the card, however deeply nested.</summary>
    public static void StampPromptId(JToken token, string promptId)
    {
        if (token is JObject o)
        {
            if ((string?)o["type"] is "Action.Submit" or "Action.Execute")
            {
                if (o["data"] is not JObject data)
                {
                    data = new JObject();
                    o["data"] = data;
                }
                data[DialogInput.PromptIdField] = promptId;
            }
            foreach (var property in o.Properties())
            {
                StampPromptId(property.Value, promptId);
            }
        }
        else if (token is JArray a)
        {
            foreach (var item in a)
            {
                StampPromptId(item, promptId);
            }
        }
    }
}

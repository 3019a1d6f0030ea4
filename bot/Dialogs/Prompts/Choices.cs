using Chexs.Bot.Dialogs.Engine;
using Chexs.Bot.Dialogs.Parsing;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Dialogs.Prompts;

/// <summary>One option of a <see cref="ChoicePrompt"/>: <see cref="Value"/> is what the prompt returns.</summary>
public sealed class Choice
{
    public Choice()
    {
    }

    public Choice(string value, string? title = null, params string[] synonyms)
    {
        Value = value;
        Title = title;
        Synonyms = synonyms.ToList();
    }

    public string Value { get; set; } = "";
    /// <summary>Button text; defaults to <see cref="Value"/>.</summary>
    public string? Title { get; set; }
    /// <summary>Other words that pick this choice ("1:1" for "One-to-one").</summary>
    public List<string> Synonyms { get; set; } = new();

    [JsonIgnore]
    public string Display => string.IsNullOrEmpty(Title) ? Value : Title;
}

public enum ChoiceStyle
{
    /// <summary>Buttons for up to <see cref="ChoiceRendering.MaxButtons"/> choices, a numbered list beyond.</summary>
    Auto,
    /// <summary>A hero card with one messageBack button per choice (works in chats and channels).</summary>
    Buttons,
    /// <summary>Suggested-action chips under the message (Teams shows them in chats, not channels).</summary>
    SuggestedActions,
    /// <summary>A numbered list in the message text; answers by number or name.</summary>
    List,
}

/// <summary>How prompts draw their choices. Buttons carry {"answer": value, "promptId": instance} so stale clicks are caught.</summary>
public static class ChoiceRendering
{
    public const int MaxButtons = 6;

    public static IActivity Render(string text, IReadOnlyList<Choice> choices, ChoiceStyle style, string promptId)
    {
        if (style == ChoiceStyle.Auto)
        {
            style = choices.Count <= MaxButtons ? ChoiceStyle.Buttons : ChoiceStyle.List;
        }
        switch (style)
        {
            case ChoiceStyle.SuggestedActions:
                var chips = MessageFactory.Text(text);
                chips.SuggestedActions = new SuggestedActions
                {
                    Actions = choices.Select(c => new CardAction(ActionTypes.ImBack, title: c.Display, value: c.Value)).ToList(),
                };
                return chips;
            case ChoiceStyle.List:
                var lines = choices.Select((c, i) => $"{i + 1}. {c.Display}");
                return MessageFactory.Text($"{text}\n\n{string.Join("\n", lines)}");
            default:
                var card = new HeroCard
                {
                    Buttons = choices.Select(c => new CardAction(
                        ActionTypes.MessageBack,
                        title: c.Display,
                        text: c.Value,
                        displayText: c.Display,
                        value: new JObject { [DialogInput.AnswerField] = c.Value, [DialogInput.PromptIdField] = promptId })).ToList(),
                };
                return MessageFactory.Attachment(card.ToAttachment(), text);
        }
    }

    /// <summary>The choice an answer names: exact value, title or synonym; else its number; else the one choice containing it.</summary>
    public static Choice? Find(string? answer, IReadOnlyList<Choice> choices)
    {
        var a = TextTokens.Fold((answer ?? "").Trim()).TrimEnd('.', '!');
        if (a.Length == 0)
        {
            return null;
        }
        var exact = choices.Where(c => Same(c.Value, a) || Same(c.Display, a) || c.Synonyms.Any(s => Same(s, a))).ToList();
        if (exact.Count == 1)
        {
            return exact[0];
        }
        if (int.TryParse(a, out var n) && n >= 1 && n <= choices.Count)
        {
            return choices[n - 1];
        }
        if (a.Length >= 3)
        {
            var partial = choices.Where(c => TextTokens.Fold(c.Display).Contains(a, StringComparison.Ordinal) || TextTokens.Fold(c.Value).Contains(a, StringComparison.Ordinal)).ToList();
            if (partial.Count == 1)
            {
                return partial[0];
            }
        }
        return null;
    }

    public static string OneOf(IEnumerable<string> titles)
    {
        var list = titles.Select(t => $"\"{t}\"").ToList();
        return list.Count <= 1 ? string.Concat(list) : $"{string.Join(", ", list.Take(list.Count - 1))} or {list[^1]}";
    }

    private static bool Same(string candidate, string folded) => TextTokens.Fold(candidate.Trim()) == folded;
}

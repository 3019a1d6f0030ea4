using System.Globalization;
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
    /// <summary>Button text; defaults to <see cref="Value"/>. Keep it short (see <see cref="ChoiceRendering.MaxTitle"/>): details go in <see cref="Details"/>.</summary>
    public string? Title { get; set; }
    /// <summary>Other words that pick this choice ("1:1" for "One-to-one").</summary>
    public List<string> Synonyms { get; set; } = new();
    /// <summary>A line under the button with what tells this choice apart (date of birth, school, who takes part).</summary>
    public string? Details { get; set; }
    /// <summary>Words that single this choice out in a typed answer: "the one with Lily", "Wednesday's", "the 5pm one".</summary>
    public List<string> Keywords { get; set; } = new();

    [JsonIgnore]
    public string Display => string.IsNullOrEmpty(Title) ? Value : Title;
}

public enum ChoiceStyle
{
    /// <summary>Buttons for up to <see cref="ChoiceRendering.MaxButtons"/> choices, a numbered list beyond.</summary>
    Auto,
    /// <summary>An Adaptive Card with one Action.Execute button per choice, each on its own row (works in chats, channels and the Playground).</summary>
    Buttons,
    /// <summary>Suggested-action chips under the message (Teams shows them in chats, not channels).</summary>
    SuggestedActions,
    /// <summary>A numbered list in the message text; answers by number or name.</summary>
    List,
}

/// <summary>
/// How prompts draw their choices and read the answers. Buttons are Adaptive Card <c>Action.Execute</c> with data
/// <c>{"answer": value, "promptId": instance}</c>, so stale clicks are caught; not messageBack, which the Agents
/// Playground does not support, nor hero cards, whose buttons Teams cuts off after a few words. Each button sits on
/// its own row so a label is never squeezed, and what tells choices apart beyond the label goes in a line under it.
/// </summary>
public static class ChoiceRendering
{
    public const int MaxButtons = 6;
    /// <summary>The verb of every choice button; a click with it always belongs to the dialog engine.</summary>
    public const string Verb = "prompt.choice";
    /// <summary>
    /// Longest label Teams shows whole on a button in a chat-width card. Labels built here stay under it (details go
    /// under the button); a longer one is still sent whole, with the whole text repeated in the line beneath, so
    /// nothing is lost if Teams cuts the button short.
    /// </summary>
    public const int MaxTitle = 32;

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
                var lines = choices.Select((c, i) => $"{i + 1}. {c.Display}{(c.Details is { Length: > 0 } d ? $" — {d}" : "")}");
                return MessageFactory.Text($"{text}\n\n{string.Join("\n", lines)}");
            default:
                var attachment = new Attachment { ContentType = "application/vnd.microsoft.card.adaptive", Content = Card(choices, promptId) };
                return MessageFactory.Attachment(attachment, text);
        }
    }

    /// <summary>The buttons card: for each choice an ActionSet with one button, and its details (if any) beneath.</summary>
    public static JObject Card(IReadOnlyList<Choice> choices, string promptId)
    {
        var body = new JArray();
        foreach (var c in choices)
        {
            body.Add(new JObject
            {
                ["type"] = "ActionSet",
                ["spacing"] = body.Count == 0 ? "None" : "Small",
                ["actions"] = new JArray(new JObject
                {
                    ["type"] = "Action.Execute",
                    ["title"] = c.Display,
                    ["verb"] = Verb,
                    ["data"] = new JObject { [DialogInput.AnswerField] = c.Value, [DialogInput.PromptIdField] = promptId },
                }),
            });
            if ((c.Details is { Length: > 0 } ? c.Details : c.Display.Length > MaxTitle ? c.Display : null) is { } details)
            {
                body.Add(new JObject { ["type"] = "TextBlock", ["text"] = details, ["isSubtle"] = true, ["size"] = "Small", ["spacing"] = "None", ["wrap"] = true });
            }
        }
        return new JObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = "1.5",
            ["body"] = body,
        };
    }

    /// <summary>What a clicked choice card becomes: "You chose: …" and that choice's details, no buttons (so no second click).</summary>
    public static JObject Chosen(JObject card, JObject clickedAction)
    {
        var body = new JArray(new JObject { ["type"] = "TextBlock", ["text"] = $"You chose: {(string?)clickedAction["title"]}", ["weight"] = "Bolder", ["wrap"] = true });
        // The details line sits right after the clicked button's ActionSet.
        if (clickedAction.Ancestors().OfType<JObject>().FirstOrDefault(o => (string?)o["type"] == "ActionSet") is { Next: JObject next }
            && (string?)next["type"] == "TextBlock")
        {
            body.Add(next.DeepClone());
        }
        return new JObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = (string?)card["$schema"] ?? "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = (string?)card["version"] ?? "1.5",
            ["body"] = body,
        };
    }

    private static readonly Dictionary<string, int> Ordinals = new()
    {
        ["first"] = 1, ["1st"] = 1, ["top"] = 1, ["second"] = 2, ["2nd"] = 2, ["third"] = 3, ["3rd"] = 3, ["fourth"] = 4, ["4th"] = 4,
        ["fifth"] = 5, ["5th"] = 5, ["sixth"] = 6, ["6th"] = 6, ["seventh"] = 7, ["7th"] = 7, ["eighth"] = 8, ["8th"] = 8,
        ["ninth"] = 9, ["9th"] = 9, ["tenth"] = 10, ["10th"] = 10, ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4,
        ["five"] = 5, ["six"] = 6,
    };

    /// <summary>Words around an answer that single nothing out: "the one with …", "I meant …", "that's it, please".</summary>
    private static readonly HashSet<string> AnswerFiller = new()
    {
        "the", "one", "ones", "with", "on", "at", "in", "for", "of", "please", "pls", "i", "mean", "meant", "want", "wanted", "that", "that's",
        "thats", "it", "is", "its", "it's", "session", "call", "pupil", "choice", "option", "number", "no", "no.", "#", "a", "an", "and",
        "who", "whose", "which", "this", "yes", "yeah", "go", "pick", "choose", "select", "take", "thanks", "ta", "just", "her", "him", "them",
        "booked", "about", "from", "said", "says", "called", "named", "is", "was", "there", ",", "-", "year", "yr", "aged", "age", "old",
    };

    /// <summary>
    /// The choice an answer names: exactly (value, title or synonym); by number ("2", "#2", "option 2") or ordinal
    /// ("the second one", "2nd", "last"); as part of one title; or by the words that tell it apart ("the one with
    /// Lily", "Wednesday's", "the 5pm one", "Sam in year 11"). Null when nothing, or more than one, fits.
    /// </summary>
    public static Choice? Find(string? answer, IReadOnlyList<Choice> choices)
    {
        var a = TextTokens.Fold((answer ?? "").Trim()).TrimEnd('.', '!', '?').Trim();
        if (a.Length == 0 || choices.Count == 0)
        {
            return null;
        }
        var exact = choices.Where(c => Same(c.Value, a) || Same(c.Display, a) || c.Synonyms.Any(s => Same(s, a))).ToList();
        if (exact.Count == 1)
        {
            return exact[0];
        }
        var words = TextTokens.Split(a).Select(t => t.Bare).ToList();
        if (ByPosition(words, choices.Count) is { } index)
        {
            return choices[index];
        }
        if (a.Length >= 3)
        {
            var partial = choices.Where(c => TextTokens.Fold(c.Display).Contains(a, StringComparison.Ordinal) || TextTokens.Fold(c.Value).Contains(a, StringComparison.Ordinal)).ToList();
            if (partial.Count == 1)
            {
                return partial[0];
            }
        }
        return ByWords(words, choices);
    }

    /// <summary>"2", "#2", "number 2", "option two", "the second one", "2nd", "the last one": a position, or null.</summary>
    private static int? ByPosition(List<string> words, int count)
    {
        var significant = words.Where(w => !AnswerFiller.Contains(w) || Ordinals.ContainsKey(w) && w != "one").ToList();
        if (significant.Count == 0 && words.Contains("one") && words.Count == 1)
        {
            significant = ["one"];
        }
        if (significant.Count != 1)
        {
            return words.Count == 2 && words[0] is "the" && words[1] is "last" or "bottom" ? count - 1 : null;
        }
        var w = significant[0].TrimStart('#');
        if (w is "last" or "bottom" or "final")
        {
            return count - 1;
        }
        var n = int.TryParse(w, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number
            : Ordinals.TryGetValue(w, out var ordinal) ? ordinal
            : 0;
        return n >= 1 && n <= count ? n - 1 : null;
    }

    /// <summary>
    /// The one choice whose title, details or keywords contain every telling word of the answer. Every word, so that
    /// "change the time to 5pm" is not taken as the button "Change".
    /// </summary>
    private static Choice? ByWords(List<string> words, IReadOnlyList<Choice> choices)
    {
        var telling = words.Where(w => !AnswerFiller.Contains(w)).Select(Canonical).Distinct().ToList();
        if (telling.Count == 0)
        {
            return null;
        }
        var scored = choices.Select(c =>
        {
            var vocabulary = WordsOf(c);
            return (Choice: c, Score: telling.Count(vocabulary.Contains));
        }).ToList();
        var top = scored.Where(x => x.Score == telling.Count).ToList();
        return top.Count == 1 ? top[0].Choice : null;
    }

    private static HashSet<string> WordsOf(Choice c)
    {
        var text = string.Join(' ', new[] { c.Display, c.Details ?? "" }.Concat(c.Keywords).Concat(c.Synonyms));
        return TextTokens.Split(TextTokens.Fold(text)).Select(t => Canonical(t.Bare)).Where(w => w.Length > 0).ToHashSet();
    }

    private static readonly Dictionary<string, string> Canon = new()
    {
        ["mon"] = "monday", ["tue"] = "tuesday", ["tues"] = "tuesday", ["wed"] = "wednesday", ["weds"] = "wednesday",
        ["thu"] = "thursday", ["thur"] = "thursday", ["thurs"] = "thursday", ["fri"] = "friday", ["sat"] = "saturday", ["sun"] = "sunday",
        ["jan"] = "january", ["feb"] = "february", ["mar"] = "march", ["apr"] = "april", ["jun"] = "june", ["jul"] = "july",
        ["aug"] = "august", ["sep"] = "september", ["sept"] = "september", ["oct"] = "october", ["nov"] = "november", ["dec"] = "december",
        ["yr"] = "year",
    };

    /// <summary>One spelling per word: weekday and month names in full, "5pm" and "17:00" both as "17:00", "y8" as "year8".</summary>
    private static string Canonical(string word)
    {
        var w = word.Trim('.', ',', '(', ')', '·');
        if (Canon.TryGetValue(w, out var full))
        {
            return full;
        }
        if (w.Length >= 2 && w[0] == 'y' && w[1..].All(char.IsAsciiDigit))
        {
            return "year" + w[1..];
        }
        var clock = TextTokens.Split(w);
        if (clock.Count == 1 && TimeOf(w) is { } time)
        {
            return time;
        }
        return w;
    }

    private static string? TimeOf(string w)
    {
        var m = System.Text.RegularExpressions.Regex.Match(w, @"^([0-9]{1,2})(?:[:.]([0-9]{2}))?(am|pm)?$");
        if (!m.Success || !m.Groups[2].Success && !m.Groups[3].Success)
        {
            return null;
        }
        var h = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        var min = m.Groups[2].Success ? int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) : 0;
        if (m.Groups[3].Success)
        {
            if (h is < 1 or > 12) return null;
            h = h % 12 + (m.Groups[3].Value == "pm" ? 12 : 0);
        }
        return h <= 23 && min <= 59 ? $"{h:00}:{min:00}" : null;
    }

    public static string OneOf(IEnumerable<string> titles)
    {
        var list = titles.Select(t => $"\"{t}\"").ToList();
        return list.Count <= 1 ? string.Concat(list) : $"{string.Join(", ", list.Take(list.Count - 1))} or {list[^1]}";
    }

    private static bool Same(string candidate, string folded) => TextTokens.Fold(candidate.Trim()) == folded;
}

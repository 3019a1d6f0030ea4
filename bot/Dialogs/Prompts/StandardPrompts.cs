using Chexs.Bot.Dialogs.Engine;
using Chexs.Bot.Dialogs.Parsing;

namespace Chexs.Bot.Dialogs.Prompts;

/// <summary>
/// One of each prompt under a well-known id, without validators, for dialogs to begin by id.
/// A prompt that needs a validator (e.g. session length within G1) is registered separately under its own id.
/// </summary>
public static class StandardPrompts
{
    public const string Text = "prompt.text";
    public const string Choice = "prompt.choice";
    public const string Confirm = "prompt.confirm";
    public const string Number = "prompt.number";
    public const string DateTime = "prompt.datetime";
    public const string Duration = "prompt.duration";
    public const string Card = "prompt.card";

    public static IEnumerable<Dialog> Create(UkDateTimeParser parser) =>
    [
        new TextPrompt(Text),
        new ChoicePrompt(Choice),
        new ConfirmPrompt(Confirm),
        new NumberPrompt(Number),
        new DateTimePrompt(DateTime, parser),
        new DurationPrompt(Duration),
        new CardPrompt(Card),
    ];
}

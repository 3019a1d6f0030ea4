using Chexs.Bot.Dialogs.Engine;

namespace Chexs.Bot.Dialogs.Prompts;

/// <summary>Asks for free text; ends with the trimmed text (a card's "answer" field counts). Refuses an empty answer.</summary>
public sealed class TextPrompt : Prompt<string, PromptOptions>
{
    public TextPrompt(string id, PromptValidator<string>? validator = null) : base(id, validator)
    {
    }

    protected override string FormatHelp => "Type your answer as a message.";

    /// <summary>Only free text (a reason, a reference) keeps a command-like line; a name question lets it interrupt.</summary>
    public override bool WouldAccept(DialogContext dc) => dc.State<PromptState<PromptOptions>>().Options.FreeText;

    protected override Recognition<string> Recognise(DialogContext dc, PromptState<PromptOptions> state) =>
        dc.Input.Answer is { Length: > 0 } answer
            ? Recognition<string>.Success(answer)
            : Recognition<string>.Failure("I need a few words here — please type your answer.");
}

using Chexs.Bot.Dialogs.Engine;
using Microsoft.Bot.Schema;

namespace Chexs.Bot.Dialogs.Prompts;

public sealed class ChoicePromptOptions : PromptOptions
{
    public List<Choice> Choices { get; set; } = new();
    public ChoiceStyle Style { get; set; } = ChoiceStyle.Auto;
    /// <summary>Typed text that names no choice ends the prompt with <see cref="PromptAnswers.TypedText"/> instead of being refused.</summary>
    public bool TypedTextEnds { get; set; }
}

/// <summary>Offers a few choices as buttons (or a numbered list) and ends with the chosen <see cref="Choice.Value"/> (a string).</summary>
public sealed class ChoicePrompt : Prompt<string, ChoicePromptOptions>
{
    public ChoicePrompt(string id, PromptValidator<string>? validator = null) : base(id, validator)
    {
    }

    protected override string FormatHelp => "Press one of the buttons, or type its name, its number, or what tells it apart (\"the second one\", \"the one with Lily\").";

    protected override Recognition<string> Recognise(DialogContext dc, PromptState<ChoicePromptOptions> state)
    {
        var choices = state.Options.Choices;
        if (ChoiceRendering.Find(dc.Input.Answer, choices) is { } choice)
        {
            return Recognition<string>.Success(choice.Value);
        }
        if (state.Options.TypedTextEnds && dc.Input.Data is null && dc.Input.Answer is { Length: > 0 })
        {
            return Recognition<string>.Success(PromptAnswers.TypedText);
        }
        return Recognition<string>.Failure($"Please choose one of {ChoiceRendering.OneOf(choices.Select(c => c.Display))}, or type its number.");
    }

    protected override IActivity Question(DialogContext dc, PromptState<ChoicePromptOptions> state, string? problem) =>
        ChoiceRendering.Render(WithProblem(problem, state.Options.Text), state.Options.Choices, state.Options.Style, dc.InstanceId);
}

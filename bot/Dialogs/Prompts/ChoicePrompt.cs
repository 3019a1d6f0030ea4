using Chexs.Bot.Dialogs.Engine;
using Microsoft.Bot.Schema;

namespace Chexs.Bot.Dialogs.Prompts;

public sealed class ChoicePromptOptions : PromptOptions
{
    public List<Choice> Choices { get; set; } = new();
    public ChoiceStyle Style { get; set; } = ChoiceStyle.Auto;
}

/// <summary>Offers a few choices as buttons (or a numbered list) and ends with the chosen <see cref="Choice.Value"/> (a string).</summary>
public sealed class ChoicePrompt : Prompt<string, ChoicePromptOptions>
{
    public ChoicePrompt(string id, PromptValidator<string>? validator = null) : base(id, validator)
    {
    }

    protected override string FormatHelp => "Press one of the buttons, or type its name or number.";

    protected override Recognition<string> Recognise(DialogContext dc, PromptState<ChoicePromptOptions> state)
    {
        var choices = state.Options.Choices;
        return ChoiceRendering.Find(dc.Input.Answer, choices) is { } choice
            ? Recognition<string>.Success(choice.Value)
            : Recognition<string>.Failure($"Please choose one of {ChoiceRendering.OneOf(choices.Select(c => c.Display))}.");
    }

    protected override IActivity Question(DialogContext dc, PromptState<ChoicePromptOptions> state, string? problem) =>
        ChoiceRendering.Render(WithProblem(problem, state.Options.Text), state.Options.Choices, state.Options.Style, dc.InstanceId);
}

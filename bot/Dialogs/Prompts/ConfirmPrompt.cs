using Chexs.Bot.Dialogs.Engine;
using Chexs.Bot.Dialogs.Parsing;
using Microsoft.Bot.Schema;

namespace Chexs.Bot.Dialogs.Prompts;

public sealed class ConfirmPromptOptions : PromptOptions
{
    public string YesLabel { get; set; } = "Yes";
    public string NoLabel { get; set; } = "No";
    public ChoiceStyle Style { get; set; } = ChoiceStyle.Buttons;
}

/// <summary>Asks a yes/no question with two buttons; ends with a <see cref="bool"/>. Accepts "yes", "y", "ok", "sure", "no", "nope" and the button labels.</summary>
public sealed class ConfirmPrompt : Prompt<bool, ConfirmPromptOptions>
{
    private static readonly HashSet<string> Yes = new() { "yes", "y", "yeah", "yep", "yup", "ok", "okay", "sure", "confirm", "correct", "true", "yes please", "go ahead" };
    private static readonly HashSet<string> No = new() { "no", "n", "nope", "nah", "false", "no thanks", "don't", "dont" };

    public ConfirmPrompt(string id, PromptValidator<bool>? validator = null) : base(id, validator)
    {
    }

    protected override string FormatHelp => "Press Yes or No, or type \"yes\" or \"no\".";

    protected override Recognition<bool> Recognise(DialogContext dc, PromptState<ConfirmPromptOptions> state)
    {
        var a = TextTokens.Fold((dc.Input.Answer ?? "").Trim()).TrimEnd('.', '!');
        if (Yes.Contains(a) || a == TextTokens.Fold(state.Options.YesLabel))
        {
            return Recognition<bool>.Success(true);
        }
        if (No.Contains(a) || a == TextTokens.Fold(state.Options.NoLabel))
        {
            return Recognition<bool>.Success(false);
        }
        return Recognition<bool>.Failure($"Please answer \"{state.Options.YesLabel}\" or \"{state.Options.NoLabel}\".");
    }

    protected override IActivity Question(DialogContext dc, PromptState<ConfirmPromptOptions> state, string? problem)
    {
        var o = state.Options;
        return ChoiceRendering.Render(WithProblem(problem, o.Text), [new Choice("yes", o.YesLabel), new Choice("no", o.NoLabel)], o.Style, dc.InstanceId);
    }
}

using Chexs.Bot.Dialogs.Engine;
using Chexs.Bot.Dialogs.Parsing;

namespace Chexs.Bot.Dialogs.Prompts;

/// <summary>Asks how long something lasts ("45 min", "1 hour", "an hour and a half", or just "45"); ends with a <see cref="TimeSpan"/>.</summary>
public sealed class DurationPrompt : Prompt<TimeSpan, PromptOptions>
{
    public DurationPrompt(string id, PromptValidator<TimeSpan>? validator = null) : base(id, validator)
    {
    }

    protected override string FormatHelp => $"Type a length of time, like {DurationParser.Examples}. A number on its own is minutes.";

    protected override Recognition<TimeSpan> Recognise(DialogContext dc, PromptState<PromptOptions> state)
    {
        var reading = DurationParser.Read(dc.Input.Answer);
        return reading.IsValid ? Recognition<TimeSpan>.Success(reading.Value!.Value) : Recognition<TimeSpan>.Failure(reading.Error!);
    }
}

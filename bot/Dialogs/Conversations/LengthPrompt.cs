using Chexs.Bot.Dialogs.Engine;
using Chexs.Bot.Dialogs.Parsing;
using Chexs.Bot.Dialogs.Prompts;
using Chexs.Bot.Safeguarding;
using Microsoft.Bot.Schema;

namespace Chexs.Bot.Dialogs.Conversations;

/// <summary>
/// Asks how long a session lasts: buttons for the usual lengths (45 minutes first), any typed length
/// understood by <see cref="DurationParser"/>, and nothing longer than G1 allows.
/// </summary>
public sealed class LengthPrompt : Prompt<TimeSpan, PromptOptions>
{
    public const string Name = "conversations.length";
    public const int Usual = 45;

    private readonly SafeguardingOptions _policy;

    public LengthPrompt(SafeguardingOptions policy) : base(Name, (dc, length) => WithinG1(length, policy)) => _policy = policy;

    protected override string FormatHelp =>
        $"Press a button, or type a length like {DurationParser.Examples}. Sessions last at most {_policy.MaxSessionMinutes} minutes (G1).";

    protected override Recognition<TimeSpan> Recognise(DialogContext dc, PromptState<PromptOptions> state)
    {
        var reading = DurationParser.Read(dc.Input.Answer);
        return reading.IsValid ? Recognition<TimeSpan>.Success(reading.Value!.Value) : Recognition<TimeSpan>.Failure(reading.Error!);
    }

    protected override IActivity Question(DialogContext dc, PromptState<PromptOptions> state, string? problem)
    {
        var lengths = new[] { Usual, 30, 60 }.Where(m => m <= _policy.MaxSessionMinutes).Distinct();
        var choices = lengths.Select(m => new Choice($"{m} min", m == Usual ? $"{m} minutes (usual)" : $"{m} minutes")).ToList();
        return ChoiceRendering.Render(WithProblem(problem, state.Options.Text), choices, ChoiceStyle.Buttons, dc.InstanceId);
    }

    private static string? WithinG1(TimeSpan length, SafeguardingOptions policy) =>
        length.TotalMinutes > policy.MaxSessionMinutes
            ? $"G1: sessions last at most {policy.MaxSessionMinutes} minutes, and {UkDates.Duration(length)} is longer. Choose {policy.MaxSessionMinutes} minutes or less, or split it into two sessions."
            : length.TotalMinutes < 1 ? "A session must last at least a minute." : null;
}

using System.Text.RegularExpressions;
using Chexs.Bot.Dialogs.Engine;
using Chexs.Bot.Dialogs.Parsing;
using Chexs.Bot.Dialogs.Prompts;
using Microsoft.Bot.Schema;

namespace Chexs.Bot.Dialogs.Conversations;

/// <summary>
/// Asks for the date written on a form (a day that has already come): "today", "yesterday", "24/08",
/// "24/08/2026", "Mon". Ends with a <see cref="DateOnly"/>. A day and month without a year mean the most
/// recent such day, because a signed form is never dated in the future; a future date is refused.
/// </summary>
public sealed partial class FormDatePrompt : Prompt<DateOnly, PromptOptions>
{
    public const string Name = "conversations.formDate";

    private readonly UkDateTimeParser _parser;

    public FormDatePrompt(UkDateTimeParser parser) : base(Name, null) => _parser = parser;

    [GeneratedRegex(@"\b\d{4}\b|\d{1,2}[/.-]\d{1,2}[/.-]\d{2}\b")]
    private static partial Regex HasYear();

    [GeneratedRegex(@"\b(tomorrow|tmrw|tmw|tomoz|next)\b", RegexOptions.IgnoreCase)]
    private static partial Regex LooksForward();

    protected override string FormatHelp => "Type the date on the form, like \"today\", \"yesterday\" or \"24/08/2026\" (day/month/year).";

    protected override Recognition<DateOnly> Recognise(DialogContext dc, PromptState<PromptOptions> state)
    {
        var answer = (dc.Input.Answer ?? "").Trim();
        var today = DateOnly.FromDateTime(_parser.LocalNow);
        if (answer.Equals("yesterday", StringComparison.OrdinalIgnoreCase))
        {
            return Recognition<DateOnly>.Success(today.AddDays(-1));
        }
        var reading = _parser.Read(answer);
        if (!reading.IsValid || reading.Date is not { } date)
        {
            return Recognition<DateOnly>.Failure($"I couldn't read \"{answer}\" as a date. Type it like \"24/08/2026\" (day/month/year), \"today\" or \"yesterday\".");
        }
        if (date > today && !HasYear().IsMatch(answer) && !LooksForward().IsMatch(answer))
        {
            // The parser looks forward ("24/08" in November is next August, "Mon" is next Monday); a form date looks back.
            date = answer.Any(char.IsDigit) ? date.AddYears(-1) : date.AddDays(-7);
        }
        return date > today
            ? Recognition<DateOnly>.Failure($"{UkDates.LongDate(date)} hasn't happened yet. Give the date written on the form.")
            : Recognition<DateOnly>.Success(date);
    }

    protected override IActivity Question(DialogContext dc, PromptState<PromptOptions> state, string? problem) =>
        ChoiceRendering.Render(WithProblem(problem, state.Options.Text), [new Choice("today", "Today"), new Choice("yesterday", "Yesterday")], ChoiceStyle.Buttons, dc.InstanceId);
}

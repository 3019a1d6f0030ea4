using System.Globalization;
using Chexs.Bot.Dialogs.Engine;
using Chexs.Bot.Dialogs.Parsing;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace Chexs.Bot.Dialogs.Prompts;

public sealed class DateTimePromptOptions : PromptOptions
{
    /// <summary>Accept a moment that has already passed (off by default: sessions are in the future).</summary>
    public bool AllowPast { get; set; }
}

/// <summary>
/// Asks for a UK date and time (rules in <see cref="UkDateTimeParser"/>); ends with a <see cref="DateTimeOffset"/>.
/// A date without a time is kept and followed by "What time on …?"; a bare time then completes it.
/// </summary>
public sealed class DateTimePrompt : Prompt<DateTimeOffset, DateTimePromptOptions>
{
    private readonly UkDateTimeParser _parser;

    public DateTimePrompt(string id, UkDateTimeParser parser, PromptValidator<DateTimeOffset>? validator = null) : base(id, validator) =>
        _parser = parser;

    protected override string FormatHelp => $"Type a day and time, like {UkDateTimeParser.Examples}. Dates are day/month.";

    protected override Recognition<DateTimeOffset> Recognise(DialogContext dc, PromptState<DateTimePromptOptions> state)
    {
        var reading = _parser.ReadAnswer(dc.Input.Answer);
        if (!reading.IsValid)
        {
            return Recognition<DateTimeOffset>.Failure(reading.Error!);
        }
        if (reading.Start is null)
        {
            if (!state.Options.AllowPast && reading.Date!.Value < DateOnly.FromDateTime(_parser.LocalNow))
            {
                return Recognition<DateTimeOffset>.Failure($"{UkDates.LongDate(reading.Date.Value)} has already passed. Please give a day that's still to come.");
            }
            state.Pending = reading.Date!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            return Recognition<DateTimeOffset>.Ask(PendingQuestion(reading.Date.Value));
        }
        if (!reading.DateGiven && PendingDate(state) is { } date)
        {
            reading = _parser.At(date, reading.Time!.Value);
            if (!reading.IsValid)
            {
                return Recognition<DateTimeOffset>.Failure(reading.Error!);
            }
        }
        var start = reading.Start!.Value;
        if (!state.Options.AllowPast && start <= _parser.UtcNow)
        {
            return Recognition<DateTimeOffset>.Failure($"{UkDates.Short(start, _parser.Zone)} has already passed. Please give a time that's still to come.");
        }
        return Recognition<DateTimeOffset>.Success(start);
    }

    protected override IActivity Question(DialogContext dc, PromptState<DateTimePromptOptions> state, string? problem) =>
        MessageFactory.Text(WithProblem(problem, PendingDate(state) is { } date ? PendingQuestion(date) : state.Options.Text));

    private static string PendingQuestion(DateOnly date) => $"What time on {UkDates.LongDate(date)}? For example \"4pm\" or \"16:30\".";

    private static DateOnly? PendingDate(PromptState<DateTimePromptOptions> state) =>
        state.Pending is { } p ? DateOnly.ParseExact(p, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null;
}

using Chexs.Bot.Dialogs.Engine;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace Chexs.Bot.Dialogs.Prompts;

/// <summary>
/// Extra checks a prompt makes on a value it could read: null accepts it; a sentence rejects it and is
/// shown before the question is asked again (e.g. "Sessions can be at most 60 minutes (G1).").
/// </summary>
public delegate string? PromptValidator<in T>(DialogContext dc, T value);

/// <summary>
/// What every prompt is begun with (or a plain string, taken as <see cref="Text"/>). Persisted with the
/// prompt, so keep subclasses plain data.
/// </summary>
public class PromptOptions
{
    /// <summary>The question.</summary>
    public string Text { get; set; } = "";
    /// <summary>Replaces the prompt's own "I couldn't read that…" sentence on a re-ask (validator messages still show).</summary>
    public string? RetryText { get; set; }
    /// <summary>Shown for "help" before the prompt's own hint on what it accepts.</summary>
    public string? Help { get; set; }
    /// <summary>Unusable answers allowed before the prompt gives up and stops everything (nothing changed).</summary>
    public int MaxAttempts { get; set; } = 3;
}

/// <summary>A prompt's persisted state: its options, failed tries, and anything half-understood.</summary>
public sealed class PromptState<TOptions> where TOptions : PromptOptions, new()
{
    public TOptions Options { get; set; } = new();
    public int Failures { get; set; }
    /// <summary>Part of an answer kept for the next turn (DateTimePrompt: a date still needing a time, "yyyy-MM-dd").</summary>
    public string? Pending { get; set; }
}

/// <summary>What a prompt made of an answer: a value, a problem to explain, or a follow-up question (not a failure).</summary>
public readonly record struct Recognition<T>(T? Value, string? Error, string? FollowUp)
{
    public static Recognition<T> Success(T value) => new(value, null, null);
    public static Recognition<T> Failure(string error) => new(default, error, null);
    public static Recognition<T> Ask(string followUp) => new(default, null, followUp);
}

/// <summary>
/// Asks one question and ends with the answer as <typeparamref name="TValue"/>. An unusable answer is
/// explained and the question asked again; after <see cref="PromptOptions.MaxAttempts"/> unusable answers
/// the prompt gives up: every dialog is stopped with a clear message and nothing is changed.
/// "help" and "cancel" are handled by the <see cref="DialogRunner"/> before the prompt sees them.
/// </summary>
public abstract class Prompt<TValue, TOptions> : Dialog where TOptions : PromptOptions, new()
{
    private readonly PromptValidator<TValue>? _validator;

    protected Prompt(string id, PromptValidator<TValue>? validator) : base(id) => _validator = validator;

    /// <summary>One sentence on what this prompt accepts, shown for "help".</summary>
    protected abstract string FormatHelp { get; }

    protected abstract Recognition<TValue> Recognise(DialogContext dc, PromptState<TOptions> state);

    public override async Task<DialogTurnResult> BeginAsync(DialogContext dc, object? options, CancellationToken cancellationToken)
    {
        var state = dc.State<PromptState<TOptions>>();
        state.Options = options switch
        {
            TOptions typed => typed,
            string text => new TOptions { Text = text },
            null => new TOptions(),
            _ => throw new ArgumentException($"{GetType().Name} '{Id}' takes {typeof(TOptions).Name} or a string, not {options.GetType().Name}.", nameof(options)),
        };
        await dc.SendAsync(Question(dc, state, null), cancellationToken);
        return DialogTurnResult.Waiting;
    }

    public override async Task<DialogTurnResult> ContinueAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        var state = dc.State<PromptState<TOptions>>();
        var recognition = Recognise(dc, state);
        if (recognition.FollowUp is { } followUp)
        {
            await dc.SendAsync(followUp, cancellationToken);
            return DialogTurnResult.Waiting;
        }
        var problem = recognition.Error is not null
            ? state.Options.RetryText ?? recognition.Error
            : _validator?.Invoke(dc, recognition.Value!);
        if (problem is null)
        {
            return await dc.EndDialogAsync(recognition.Value, cancellationToken);
        }
        state.Failures++;
        if (state.Failures >= Math.Max(1, state.Options.MaxAttempts))
        {
            return await dc.CancelAllAsync($"{problem}\n\nSorry — that's {state.Failures} tries without an answer I can use.", cancellationToken);
        }
        await dc.SendAsync(Question(dc, state, problem), cancellationToken);
        return DialogTurnResult.Waiting;
    }

    public override Task RepromptAsync(DialogContext dc, CancellationToken cancellationToken) =>
        dc.SendAsync(Question(dc, dc.State<PromptState<TOptions>>(), null), cancellationToken);

    public override string? Help(DialogContext dc) =>
        dc.State<PromptState<TOptions>>().Options.Help is { Length: > 0 } help ? $"{help} {FormatHelp}" : FormatHelp;

    /// <summary>The question as an activity, with <paramref name="problem"/> (if any) said first.</summary>
    protected virtual IActivity Question(DialogContext dc, PromptState<TOptions> state, string? problem) =>
        MessageFactory.Text(WithProblem(problem, state.Options.Text));

    protected static string WithProblem(string? problem, string question) =>
        problem is null ? question : $"{problem}\n\n{question}";
}

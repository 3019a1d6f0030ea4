using Chexs.Bot.Dialogs.Engine;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

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
    /// <summary>The answer is free text (a reason, a form reference): never read as a new command, whatever its words.</summary>
    public bool FreeText { get; set; }
}

/// <summary>Results prompts share.</summary>
public static class PromptAnswers
{
    /// <summary>
    /// Returned by a prompt begun with "typed text ends it" (summary card, blocked choice) when the text matches no
    /// button: the dialog below reads <see cref="DialogInput.Answer"/> itself (a correction such as "make it 30 minutes").
    /// </summary>
    public const string TypedText = "\u2026typed";
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
            FreezeClickedCard(dc, state);
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

    public override bool WouldAccept(DialogContext dc)
    {
        // On a copy: recognising may keep half an answer in the state (a date still needing a time).
        var state = dc.State<PromptState<TOptions>>();
        var copy = JsonConvert.DeserializeObject<PromptState<TOptions>>(JsonConvert.SerializeObject(state, FrameJson.Settings), FrameJson.Settings) ?? new();
        var recognition = Recognise(dc, copy);
        return recognition.Error is null && !(recognition.Value is string s && s == PromptAnswers.TypedText);
    }

    /// <summary>
    /// A button of this question's card was clicked (an Action.Execute invoke): the card is replaced by a copy
    /// without buttons that says what was chosen, so it cannot be clicked again.
    /// </summary>
    private void FreezeClickedCard(DialogContext dc, PromptState<TOptions> state)
    {
        if (dc.Turn.Activity.Type != ActivityTypes.Invoke || InvokeReply.Card(dc.Turn) is not null || dc.Input.Data is not { } data)
        {
            return;
        }
        if (Question(dc, state, null) is not IMessageActivity { Attachments: [{ Content: JObject card }, ..] })
        {
            return;
        }
        var answer = (string?)data[DialogInput.AnswerField];
        var clicked = card.Descendants().OfType<JObject>()
            .FirstOrDefault(o => (string?)o["type"] == "Action.Execute" && (string?)o["data"]?[DialogInput.AnswerField] == answer);
        if (clicked is not null)
        {
            InvokeReply.ReplaceCard(dc.Turn, (string?)clicked["verb"] == ChoiceRendering.Verb
                ? ChoiceRendering.Chosen(card, clicked)
                : InvokeReply.Frozen(card, $"You chose: {(string?)clicked["title"]}"));
        }
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

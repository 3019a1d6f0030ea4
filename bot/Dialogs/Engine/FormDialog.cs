using Chexs.Bot.Dialogs.Prompts;

namespace Chexs.Bot.Dialogs.Engine;

/// <summary>Which prompt to begin for a slot, and with what options (a new options object each time: the form may prefix its Text).</summary>
public sealed record SlotQuestion(string PromptId, PromptOptions Options);

/// <summary>
/// One thing a <see cref="FormDialog{TForm}"/> needs. <see cref="IsMissing"/> says whether to ask;
/// <see cref="Ask"/> picks the prompt; <see cref="Accept"/> stores the prompt's result in the form and returns
/// null, or returns a sentence saying why the answer can't be used (the slot is then asked again).
/// Accept may fill other slots too (e.g. two pupils → a group session).
/// </summary>
public sealed class FormSlot<TForm> where TForm : class
{
    public FormSlot(string name, Func<TForm, bool> isMissing, Func<DialogContext, TForm, Task<SlotQuestion>> ask, Func<DialogContext, TForm, object?, Task<string?>> accept)
    {
        Name = name;
        IsMissing = isMissing;
        Ask = ask;
        Accept = accept;
    }

    public string Name { get; }
    public Func<TForm, bool> IsMissing { get; }
    /// <summary>Asynchronous: a question may read records (e.g. a pupil's guardians to choose from).</summary>
    public Func<DialogContext, TForm, Task<SlotQuestion>> Ask { get; }
    public Func<DialogContext, TForm, object?, Task<string?>> Accept { get; }

    /// <summary>A slot whose prompt returns <typeparamref name="TValue"/>, answered without reading records.</summary>
    public static FormSlot<TForm> Of<TValue>(string name, Func<TForm, bool> isMissing, Func<DialogContext, TForm, SlotQuestion> ask, Func<DialogContext, TForm, TValue, string?> accept) =>
        new(name, isMissing, (dc, form) => Task.FromResult(ask(dc, form)), (dc, form, result) => Task.FromResult(accept(dc, form, (TValue)result!)));

    /// <summary>A slot whose question or answer reads records.</summary>
    public static FormSlot<TForm> OfAsync<TValue>(string name, Func<TForm, bool> isMissing, Func<DialogContext, TForm, Task<SlotQuestion>> ask, Func<DialogContext, TForm, TValue, Task<string?>> accept) =>
        new(name, isMissing, ask, (dc, form, result) => accept(dc, form, (TValue)result!));
}

/// <summary>A form dialog's persisted state.</summary>
public sealed class FormState<TForm> where TForm : class, new()
{
    public TForm Form { get; set; } = new();
    /// <summary>Name of the slot whose prompt is open.</summary>
    public string? Asking { get; set; }
    /// <summary>Answers refused by <see cref="FormSlot{TForm}.Accept"/> for the current slot.</summary>
    public int Rejections { get; set; }
}

/// <summary>
/// Fills a plain form object by asking only for what is missing, in slot order. Begin it with a
/// partly filled <typeparamref name="TForm"/> (e.g. from a one-line command) to skip what is known; it
/// ends with the completed form as its result. <typeparamref name="TForm"/> is persisted between turns,
/// so it must be plain JSON-friendly data.
/// </summary>
public abstract class FormDialog<TForm> : Dialog where TForm : class, new()
{
    /// <summary>Refused answers for one slot before the form gives up (nothing changed).</summary>
    public const int MaxRejections = 3;

    protected FormDialog(string id) : base(id)
    {
    }

    /// <summary>The slots in the order they are asked.</summary>
    protected abstract IReadOnlyList<FormSlot<TForm>> Slots { get; }

    /// <summary>A few words on what is filled so far, used when the form is cancelled; null for none.</summary>
    protected virtual Task<string?> DescribeAsync(TForm form, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    /// <summary>Fills what the form can work out from records before it looks for the next missing slot (e.g. a programme every pupil is on).</summary>
    protected virtual Task CompleteFromRecordsAsync(TForm form, CancellationToken cancellationToken) => Task.CompletedTask;

    public override Task<DialogTurnResult> BeginAsync(DialogContext dc, object? options, CancellationToken cancellationToken)
    {
        dc.State<FormState<TForm>>().Form = options switch
        {
            TForm form => form,
            null => new TForm(),
            _ => throw new ArgumentException($"Form '{Id}' takes a {typeof(TForm).Name}, not {options.GetType().Name}.", nameof(options)),
        };
        return AskNextAsync(dc, cancellationToken);
    }

    public override async Task<DialogTurnResult> ResumeAsync(DialogContext dc, object? result, CancellationToken cancellationToken)
    {
        var state = dc.State<FormState<TForm>>();
        var slot = Slots.FirstOrDefault(s => s.Name == state.Asking)
            ?? throw new InvalidOperationException($"Form '{Id}' resumed while asking '{state.Asking}', which is not one of its slots.");
        if (await slot.Accept(dc, state.Form, result) is { } problem)
        {
            state.Rejections++;
            if (state.Rejections >= MaxRejections)
            {
                return await dc.CancelAllAsync($"{problem}\n\nSorry — that's {state.Rejections} tries without an answer I can use.", cancellationToken);
            }
            return await AskAsync(dc, slot, problem, cancellationToken);
        }
        state.Rejections = 0;
        return await AskNextAsync(dc, cancellationToken);
    }

    public override Task<string?> SummaryAsync(DialogContext dc, CancellationToken cancellationToken) => DescribeAsync(dc.State<FormState<TForm>>().Form, cancellationToken);

    /// <summary>Asks for the first missing slot, or ends with the form when nothing is missing.</summary>
    protected async Task<DialogTurnResult> AskNextAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        var state = dc.State<FormState<TForm>>();
        await CompleteFromRecordsAsync(state.Form, cancellationToken);
        if (Slots.FirstOrDefault(s => s.IsMissing(state.Form)) is { } slot)
        {
            return await AskAsync(dc, slot, null, cancellationToken);
        }
        state.Asking = null;
        return await dc.EndDialogAsync(state.Form, cancellationToken);
    }

    private async Task<DialogTurnResult> AskAsync(DialogContext dc, FormSlot<TForm> slot, string? problem, CancellationToken cancellationToken)
    {
        var state = dc.State<FormState<TForm>>();
        if (state.Asking != slot.Name)
        {
            state.Rejections = 0;
        }
        state.Asking = slot.Name;
        var question = await slot.Ask(dc, state.Form);
        if (problem is not null)
        {
            question.Options.Text = $"{problem}\n\n{question.Options.Text}";
        }
        return await dc.BeginDialogAsync(question.PromptId, question.Options, cancellationToken);
    }
}

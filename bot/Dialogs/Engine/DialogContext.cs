using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace Chexs.Bot.Dialogs.Engine;

/// <summary>
/// One turn's view of the dialog stack, handed to every <see cref="Dialog"/> method. Dialogs move the
/// conversation on with <see cref="BeginDialogAsync"/>, <see cref="EndDialogAsync"/>,
/// <see cref="ReplaceDialogAsync"/> and <see cref="CancelAllAsync"/>, and keep what they must remember
/// in <see cref="State{T}"/>.
/// </summary>
public sealed class DialogContext
{
    private readonly DialogSet _dialogs;
    private readonly DialogStack _stack;
    private DialogFrame? _current;

    internal DialogContext(DialogSet dialogs, ITurnContext turn, DialogStack stack, DialogInput input)
    {
        _dialogs = dialogs;
        _stack = stack;
        Turn = turn;
        Input = input;
    }

    public ITurnContext Turn { get; }

    /// <summary>What the user sent this turn (text or card data).</summary>
    public DialogInput Input { get; }

    /// <summary>How many dialogs are on the stack.</summary>
    public int Depth => _stack.Frames.Count;

    /// <summary>Id of the dialog on top of the stack, or null when none is active.</summary>
    public string? ActiveDialogId => Top?.DialogId;

    /// <summary>
    /// The running dialog's instance id. Put it in a card's submit data as "promptId" (prompts do this
    /// for you) so the runner can refuse that card's buttons once the question has moved on.
    /// </summary>
    public string InstanceId => (_current ?? throw NoCurrent()).InstanceId;

    private DialogFrame? Top => _stack.Frames.Count == 0 ? null : _stack.Frames[^1];

    /// <summary>
    /// The state object of the dialog whose method is running (created empty on first use). Change it in
    /// place; it is saved with the conversation at the end of the turn. It must serialise to plain JSON.
    /// </summary>
    public T State<T>() where T : class, new() => FrameJson.Load<T>(_current ?? throw NoCurrent());

    /// <summary>Pushes <paramref name="dialogId"/> and begins it; the caller is resumed with its result when it ends.</summary>
    public async Task<DialogTurnResult> BeginDialogAsync(string dialogId, object? options = null, CancellationToken cancellationToken = default)
    {
        var dialog = Find(dialogId);
        var frame = new DialogFrame { DialogId = dialogId, InstanceId = Guid.NewGuid().ToString("N") };
        _stack.Frames.Add(frame);
        return await RunAs(frame, () => dialog.BeginAsync(this, options, cancellationToken));
    }

    /// <summary>Ends the running dialog (which must be on top) and resumes the one below with <paramref name="result"/>.</summary>
    public async Task<DialogTurnResult> EndDialogAsync(object? result = null, CancellationToken cancellationToken = default)
    {
        PopCurrent();
        if (Top is not { } parent)
        {
            return DialogTurnResult.Complete(result);
        }
        var dialog = Find(parent.DialogId);
        return await RunAs(parent, () => dialog.ResumeAsync(this, result, cancellationToken));
    }

    /// <summary>Ends the running dialog without resuming its parent and begins <paramref name="dialogId"/> in its place.</summary>
    public Task<DialogTurnResult> ReplaceDialogAsync(string dialogId, object? options = null, CancellationToken cancellationToken = default)
    {
        PopCurrent();
        return BeginDialogAsync(dialogId, options, cancellationToken);
    }

    /// <summary>
    /// Drops every dialog (each gets <see cref="Dialog.OnCancelledAsync"/>). With <paramref name="lead"/>, tells the
    /// user: "{lead} I've stopped {purpose} ({summary}). Nothing has been changed."
    /// </summary>
    public async Task<DialogTurnResult> CancelAllAsync(string? lead = null, CancellationToken cancellationToken = default)
    {
        var message = lead is null ? null : await StoppedMessageAsync(lead, cancellationToken);
        for (var i = _stack.Frames.Count - 1; i >= 0; i--)
        {
            var frame = _stack.Frames[i];
            if (_dialogs.Find(frame.DialogId) is { } dialog)
            {
                await RunAs(frame, async () =>
                {
                    await dialog.OnCancelledAsync(this, cancellationToken);
                    return DialogTurnResult.Cancelled;
                });
            }
        }
        _stack.Frames.Clear();
        if (message is not null)
        {
            await SendAsync(message, cancellationToken);
        }
        return DialogTurnResult.Cancelled;
    }

    public Task SendAsync(string text, CancellationToken cancellationToken = default) =>
        Turn.SendActivityAsync(MessageFactory.Text(text), cancellationToken);

    public Task SendAsync(IActivity activity, CancellationToken cancellationToken = default) =>
        Turn.SendActivityAsync(activity, cancellationToken);

    // ---- Used by the runner ----

    internal Task<DialogTurnResult> ContinueActiveAsync(CancellationToken cancellationToken)
    {
        var top = Top!;
        return RunAs(top, () => Find(top.DialogId).ContinueAsync(this, cancellationToken));
    }

    internal Task RepromptActiveAsync(CancellationToken cancellationToken)
    {
        var top = Top!;
        return RunAs(top, async () =>
        {
            await Find(top.DialogId).RepromptAsync(this, cancellationToken);
            return DialogTurnResult.Waiting;
        });
    }

    internal string? ActiveInstanceId => Top?.InstanceId;

    /// <summary>Help for the current step: the first dialog from the top that offers some.</summary>
    internal string? StepHelp()
    {
        for (var i = _stack.Frames.Count - 1; i >= 0; i--)
        {
            var frame = _stack.Frames[i];
            if (_dialogs.Find(frame.DialogId) is { } dialog && RunAs(frame, () => dialog.Help(this)) is { } help)
            {
                return help;
            }
        }
        return null;
    }

    /// <summary>The purpose of the outermost dialog that states one, e.g. "booking a session"; null if none does.</summary>
    internal string? Purpose() =>
        _stack.Frames.Select(f => _dialogs.Find(f.DialogId)?.Purpose).FirstOrDefault(p => p is not null);

    /// <summary>
    /// What is under way, from the innermost dialog that can say ("booking Sam Patel's session": a form knows the
    /// pupils answered so far better than the dialog that began it), else the outermost purpose.
    /// </summary>
    internal async Task<string?> DoingAsync(CancellationToken cancellationToken)
    {
        foreach (var frame in Enumerable.Reverse(_stack.Frames))
        {
            if (_dialogs.Find(frame.DialogId) is { } dialog && (await RunAs(frame, () => dialog.DoingAsync(this, cancellationToken)) ?? dialog.Purpose) is { } doing)
            {
                return doing;
            }
        }
        return null;
    }

    /// <summary>Whether the dialog on top can use this turn's typed text as an answer (see <see cref="Dialog.WouldAccept"/>).</summary>
    internal bool TopWouldAccept()
    {
        var top = Top!;
        return RunAs(top, () => Find(top.DialogId).WouldAccept(this));
    }

    /// <summary>
    /// Ends the running dialog (on top) without resuming the one below, which asks its question again after
    /// <paramref name="message"/>. For side questions such as "stop and do this instead?" answered no.
    /// </summary>
    public async Task<DialogTurnResult> DismissAsync(string? message, CancellationToken cancellationToken = default)
    {
        PopCurrent();
        if (message is not null)
        {
            await SendAsync(message, cancellationToken);
        }
        if (Top is not null)
        {
            await RepromptActiveAsync(cancellationToken);
        }
        return DialogTurnResult.Waiting;
    }

    /// <summary>Ends the running dialog (on top) without resuming the one below, and gives this turn's input to that one instead.</summary>
    public Task<DialogTurnResult> PassToBelowAsync(CancellationToken cancellationToken = default)
    {
        PopCurrent();
        return Top is null ? Task.FromResult(DialogTurnResult.Empty) : ContinueActiveAsync(cancellationToken);
    }

    internal bool AllRegistered() => _stack.Frames.All(f => _dialogs.Find(f.DialogId) is not null);

    private async Task<string> StoppedMessageAsync(string lead, CancellationToken cancellationToken)
    {
        string? summary = null;
        foreach (var frame in _stack.Frames)
        {
            if (_dialogs.Find(frame.DialogId) is { } dialog && await RunAs(frame, () => dialog.SummaryAsync(this, cancellationToken)) is { Length: > 0 } s)
            {
                summary = s;
                break;
            }
        }
        var purpose = Purpose() ?? "what we were doing";
        var what = summary is null ? purpose : $"{purpose} ({summary})";
        return $"{lead} I've stopped {what}. Nothing has been changed.".TrimStart();
    }

    private void PopCurrent()
    {
        if (_current is null || !ReferenceEquals(_current, Top))
        {
            throw new InvalidOperationException("Only the dialog on top of the stack can end or replace itself.");
        }
        _stack.Frames.RemoveAt(_stack.Frames.Count - 1);
    }

    private Dialog Find(string id) =>
        _dialogs.Find(id) ?? throw new InvalidOperationException($"No dialog with id '{id}' is registered.");

    private async Task<T> RunAs<T>(DialogFrame frame, Func<Task<T>> call)
    {
        var previous = _current;
        _current = frame;
        try
        {
            return await call();
        }
        finally
        {
            _current = previous;
        }
    }

    private T RunAs<T>(DialogFrame frame, Func<T> call)
    {
        var previous = _current;
        _current = frame;
        try
        {
            return call();
        }
        finally
        {
            _current = previous;
        }
    }

    private static InvalidOperationException NoCurrent() => new("No dialog is running: State and InstanceId are only available inside a dialog's methods.");
}

using Microsoft.Bot.Builder;

namespace Chexs.Bot.Dialogs.Engine;

/// <summary>
/// Runs the dialog stack kept in <see cref="ConversationState"/> for each turn. The bot calls
/// <see cref="ContinueAsync"/> first; if it returns <see cref="DialogTurnStatus.Empty"/> no dialog was waiting
/// and the bot routes the message as a command (which may call <see cref="BeginAsync"/>). The caller saves
/// the conversation state at the end of the turn (ConversationState.SaveChangesAsync), as ChexsBot does.
///
/// While a dialog waits, two words work at any step: "cancel" (drops every dialog, says what was dropped,
/// changes nothing) and "help" (short help for the current step, then the same question again). A message
/// with nothing readable in it (see <see cref="DialogInput.IsUnreadable"/>) is answered with
/// <see cref="UnreadableReply"/> and the same question, and is not counted as a try.
/// </summary>
public sealed class DialogRunner
{
    public const string StateProperty = "DialogStack";
    public const string UnreadableReply =
        "I didn't understand that message: I can read typed text and my own buttons, but not pictures, files or empty messages. Here's where we are:";

    private static readonly HashSet<string> CancelWords = new(StringComparer.Ordinal)
    {
        "cancel", "stop", "quit", "exit", "abort", "cancel that", "never mind", "nevermind", "forget it",
    };
    private static readonly HashSet<string> HelpWords = new(StringComparer.Ordinal) { "help", "?", "help me", "what can i say" };

    private readonly IStatePropertyAccessor<DialogStack> _stack;
    private readonly IInterruptionReader? _interruptions;

    /// <param name="interruptions">
    /// Reads a typed line as a command of its own while a question waits; without one, every line goes to the waiting
    /// dialog. The set must then contain <see cref="ConfirmInterruptionDialog"/>.
    /// </param>
    public DialogRunner(ConversationState conversationState, DialogSet dialogs, IInterruptionReader? interruptions = null)
    {
        Dialogs = dialogs;
        _stack = conversationState.CreateProperty<DialogStack>(StateProperty);
        _interruptions = interruptions;
    }

    public DialogSet Dialogs { get; }

    public static bool IsCancel(string? text) => CancelWords.Contains(Normalise(text));

    public static bool IsHelp(string? text) => HelpWords.Contains(Normalise(text));

    /// <summary>Gives this turn's message to the waiting dialog, handling cancel, help and out-of-date card buttons.</summary>
    public Task<DialogTurnResult> ContinueAsync(ITurnContext turn, CancellationToken cancellationToken = default) =>
        RunAsync(turn, async dc =>
        {
            if (dc.Depth == 0)
            {
                if (dc.Input.PromptId is null)
                {
                    return DialogTurnResult.Empty;
                }
                await dc.SendAsync("That button belongs to a question that has already finished, so I've ignored it.", cancellationToken);
                return DialogTurnResult.Ignored;
            }
            if (!dc.AllRegistered())
            {
                // A stack saved by an older version of the bot names a dialog that no longer exists.
                return await dc.CancelAllAsync("Sorry, I lost track of where we were.", cancellationToken);
            }
            var answer = dc.Input.Answer;
            if (dc.Input.PromptId is { } promptId && promptId != dc.ActiveInstanceId)
            {
                await dc.SendAsync("That button belongs to an earlier question, so I've ignored it. Here's where we are:", cancellationToken);
                await dc.RepromptActiveAsync(cancellationToken);
                return DialogTurnResult.Waiting;
            }
            if (dc.Input.IsUnreadable)
            {
                // Nothing to answer with, so it is not a try at the question: the dialog stays exactly where it was.
                await dc.SendAsync(UnreadableReply, cancellationToken);
                await dc.RepromptActiveAsync(cancellationToken);
                return DialogTurnResult.Waiting;
            }
            if (IsCancel(answer))
            {
                return await dc.CancelAllAsync("OK.", cancellationToken);
            }
            if (IsHelp(answer))
            {
                var help = dc.StepHelp();
                var footer = (dc.Purpose() is { } purpose ? $"You're {purpose}. " : "") + "Type \"cancel\" to stop; nothing will be changed.";
                await dc.SendAsync(help is null ? footer : $"{help}\n\n{footer}", cancellationToken);
                await dc.RepromptActiveAsync(cancellationToken);
                return DialogTurnResult.Waiting;
            }
            // A new command typed while a question waits: run it (read-only) or ask before dropping what is under way.
            if (_interruptions is not null && dc.Input.Data is null && answer is { Length: > 0 } text
                && dc.ActiveDialogId != ConfirmInterruptionDialog.Name && !dc.TopWouldAccept()
                && await _interruptions.ReadAsync(dc, text, cancellationToken) is { } interruption)
            {
                return interruption.ReadOnly
                    ? DialogTurnResult.Interrupted(interruption)
                    : await dc.BeginDialogAsync(ConfirmInterruptionDialog.Name, interruption, cancellationToken);
            }
            return await dc.ContinueActiveAsync(cancellationToken);
        }, cancellationToken);

    /// <summary>After a read-only command ran in the middle of a question: "Back to booking a session:" and the question again.</summary>
    public Task<DialogTurnResult> ResumeAfterInterruptionAsync(ITurnContext turn, CancellationToken cancellationToken = default) =>
        RunAsync(turn, async dc =>
        {
            if (dc.Depth == 0)
            {
                return DialogTurnResult.Empty;
            }
            await dc.SendAsync($"Back to {await dc.DoingAsync(cancellationToken) ?? "where we were"}:", cancellationToken);
            await dc.RepromptActiveAsync(cancellationToken);
            return DialogTurnResult.Waiting;
        }, cancellationToken);

    /// <summary>
    /// Starts <paramref name="dialogId"/> as the only dialog. Anything unfinished is dropped silently (its
    /// <see cref="Dialog.OnCancelledAsync"/> runs); call <see cref="ContinueAsync"/> first to avoid that.
    /// </summary>
    public Task<DialogTurnResult> BeginAsync(ITurnContext turn, string dialogId, object? options = null, CancellationToken cancellationToken = default) =>
        RunAsync(turn, async dc =>
        {
            if (dc.Depth > 0)
            {
                await dc.CancelAllAsync(null, cancellationToken);
            }
            return await dc.BeginDialogAsync(dialogId, options, cancellationToken);
        }, cancellationToken);

    /// <summary>Drops every dialog; with <paramref name="lead"/> the user is told what was stopped.</summary>
    public Task<DialogTurnResult> CancelAllAsync(ITurnContext turn, string? lead = null, CancellationToken cancellationToken = default) =>
        RunAsync(turn, dc => dc.Depth == 0 ? Task.FromResult(DialogTurnResult.Empty) : dc.CancelAllAsync(lead, cancellationToken), cancellationToken);

    /// <summary>Id of the dialog waiting for an answer, or null.</summary>
    public async Task<string?> ActiveDialogIdAsync(ITurnContext turn, CancellationToken cancellationToken = default)
    {
        var stack = await _stack.GetAsync(turn, () => new DialogStack(), cancellationToken);
        return stack.Frames.Count == 0 ? null : stack.Frames[^1].DialogId;
    }

    private async Task<DialogTurnResult> RunAsync(ITurnContext turn, Func<DialogContext, Task<DialogTurnResult>> work, CancellationToken cancellationToken)
    {
        var stack = await _stack.GetAsync(turn, () => new DialogStack(), cancellationToken);
        var dc = new DialogContext(Dialogs, turn, stack, DialogInput.From(turn.Activity));
        var result = await work(dc);
        FrameJson.Flush(stack);
        await _stack.SetAsync(turn, stack, cancellationToken);
        return result;
    }

    private static string Normalise(string? text)
    {
        var t = (text ?? "").Trim().ToLowerInvariant();
        return t == "?" ? t : t.TrimEnd('.', '!', '?').Trim();
    }
}

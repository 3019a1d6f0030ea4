namespace Chexs.Bot.Dialogs.Engine;

public enum DialogTurnStatus
{
    /// <summary>No dialog was active: the turn is the bot's to route.</summary>
    Empty,
    /// <summary>A dialog asked something and waits for the next message.</summary>
    Waiting,
    /// <summary>The last dialog ended; <see cref="DialogTurnResult.Result"/> is its result.</summary>
    Complete,
    /// <summary>Everything was dropped (cancel, give-up); the user has been told.</summary>
    Cancelled,
    /// <summary>The runner answered the turn itself (a button from a conversation that has finished).</summary>
    Ignored,
    /// <summary>
    /// The message was a command of its own (<see cref="DialogTurnResult.Result"/> is the <see cref="Interruption"/>): the
    /// caller runs it. A read-only one leaves the waiting dialog in place, to be resumed with
    /// <see cref="DialogRunner.ResumeAfterInterruptionAsync"/>; otherwise the user has agreed to stop it and it is gone.
    /// </summary>
    Interrupted,
}

public sealed record DialogTurnResult(DialogTurnStatus Status, object? Result = null)
{
    public static readonly DialogTurnResult Empty = new(DialogTurnStatus.Empty);
    public static readonly DialogTurnResult Waiting = new(DialogTurnStatus.Waiting);
    public static readonly DialogTurnResult Cancelled = new(DialogTurnStatus.Cancelled);
    public static readonly DialogTurnResult Ignored = new(DialogTurnStatus.Ignored);
    public static DialogTurnResult Complete(object? result) => new(DialogTurnStatus.Complete, result);
    public static DialogTurnResult Interrupted(Interruption interruption) => new(DialogTurnStatus.Interrupted, interruption);
}

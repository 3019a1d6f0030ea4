namespace Chexs.Bot.Dialogs.Engine;

/// <summary>
/// One step of a conversation that may take several turns (a prompt, a form, a booking).
/// A dialog is a stateless singleton registered in a <see cref="DialogSet"/>; everything it must
/// remember between turns goes in its own state object, <see cref="DialogContext.State{T}"/>, which is
/// persisted as plain JSON with the conversation. Each method runs with that state in scope.
/// </summary>
public abstract class Dialog
{
    protected Dialog(string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        Id = id;
    }

    public string Id { get; }

    /// <summary>
    /// What stopping this dialog abandons, as a phrase that follows "I've stopped …" (e.g. "booking a session").
    /// The bottom-most dialog's purpose is used in cancel, give-up and help messages.
    /// </summary>
    public virtual string? Purpose => null;

    /// <summary>Called when the dialog is pushed. <paramref name="options"/> is whatever the caller passed (not persisted).</summary>
    public abstract Task<DialogTurnResult> BeginAsync(DialogContext dc, object? options, CancellationToken cancellationToken);

    /// <summary>Called with the user's next message (<see cref="DialogContext.Input"/>) while this dialog is on top.</summary>
    public virtual Task<DialogTurnResult> ContinueAsync(DialogContext dc, CancellationToken cancellationToken) =>
        dc.EndDialogAsync(null, cancellationToken);

    /// <summary>Called when a dialog this one began has ended, with that dialog's result.</summary>
    public virtual Task<DialogTurnResult> ResumeAsync(DialogContext dc, object? result, CancellationToken cancellationToken) =>
        dc.EndDialogAsync(result, cancellationToken);

    /// <summary>Asks the current question again (after "help" or an out-of-date card button).</summary>
    public virtual Task RepromptAsync(DialogContext dc, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Short help for the current step, or null to defer to the dialog below.</summary>
    public virtual string? Help(DialogContext dc) => null;

    /// <summary>A few words on what has been gathered so far, for "I've stopped booking a session (…)".</summary>
    public virtual Task<string?> SummaryAsync(DialogContext dc, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    /// <summary>
    /// Whether this turn's typed text is an answer this dialog can use. The runner asks before treating a line that
    /// reads like a command ("my sessions", "book a session …") as an interruption, so a prompt that understands the
    /// line keeps it. Must not change anything.
    /// </summary>
    public virtual bool WouldAccept(DialogContext dc) => false;

    /// <summary>
    /// What this dialog is in the middle of, for "Stop {doing} and … instead?" (e.g. "booking Sam Patel's session").
    /// Null defers to <see cref="Purpose"/>.
    /// </summary>
    public virtual Task<string?> DoingAsync(DialogContext dc, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    /// <summary>Called when the dialog is dropped by cancel or give-up: release anything held. Must not change records.</summary>
    public virtual Task OnCancelledAsync(DialogContext dc, CancellationToken cancellationToken) => Task.CompletedTask;
}

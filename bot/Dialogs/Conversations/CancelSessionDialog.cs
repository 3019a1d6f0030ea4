using Chexs.Bot.Dialogs.Engine;
using Chexs.Bot.Dialogs.Parsing;
using Chexs.Bot.Dialogs.Prompts;
using Chexs.Bot.Records;
using Chexs.Bot.Sessions;

namespace Chexs.Bot.Dialogs.Conversations;

/// <summary>"cancel session [S-XXXXX]": which session (asked when not given), "are you sure?", then <see cref="CancelSession.CancelOnRequestAsync"/>.</summary>
public sealed class CancelSessionDialog : Dialog
{
    public const string Name = "session.cancel";

    private readonly SessionQueries _sessions;
    private readonly CancelSession _booking;
    private readonly SessionCards _cards;
    private readonly MySessionsCard _list;

    public CancelSessionDialog(SessionQueries sessions, CancelSession booking, SessionCards cards, MySessionsCard list) : base(Name)
    {
        _sessions = sessions;
        _booking = booking;
        _cards = cards;
        _list = list;
    }

    public override string Purpose => "cancelling a session";

    public sealed class State
    {
        public string? SessionId { get; set; }
    }

    /// <param name="options">The line read as an <see cref="Utterance"/> (reference, pupils, day), or a typed reference.</param>
    public override Task<DialogTurnResult> BeginAsync(DialogContext dc, object? options, CancellationToken cancellationToken) =>
        dc.BeginDialogAsync(ChooseSessionDialog.Name, options is Utterance u
            ? ChooseSessionRequest.From(u.Slots, "cancel", u.Slots.When is { DateGiven: true, Date: { } day } ? day : null)
            : new ChooseSessionRequest(options as string, "cancel"), cancellationToken);

    public override Task<string?> DoingAsync(DialogContext dc, CancellationToken cancellationToken) =>
        Task.FromResult<string?>(dc.State<State>().SessionId is { } id ? $"cancelling {id}" : "cancelling a session");

    public override async Task<DialogTurnResult> ResumeAsync(DialogContext dc, object? result, CancellationToken cancellationToken)
    {
        var state = dc.State<State>();
        if (state.SessionId is null)
        {
            if (result is not string id)
            {
                return await dc.EndDialogAsync(null, cancellationToken);
            }
            state.SessionId = id;
            var session = (await _sessions.FindAsync(id, cancellationToken))!;
            var consequence = session.Status == SessionStatus.Scheduled
                ? "The guardians will get a cancellation email, the Zoom meeting will be deleted and your calendar updated."
                : "It is still waiting for approval, so nobody outside CHEXS has heard of it.";
            return await dc.BeginDialogAsync(StandardPrompts.Confirm, new ConfirmPromptOptions
            {
                Text = $"Cancel {id} ({session.Programme.Display()}, {_cards.WhenText(session)}, with {await _list.ParticipantsAsync(session, fullNames: true, cancellationToken)})? {consequence}",
                YesLabel = "Cancel it",
                NoLabel = "Keep it",
            }, cancellationToken);
        }
        if (result is not true)
        {
            await dc.SendAsync($"OK, {state.SessionId} stays as it is. Nothing was changed.", cancellationToken);
            return await dc.EndDialogAsync(null, cancellationToken);
        }
        var user = TurnUser.Of(dc.Turn);
        var cancelled = await _booking.CancelOnRequestAsync(state.SessionId, user.AadObjectId, $"Cancelled by {user.Name} in Teams", cancellationToken);
        await dc.SendAsync(cancelled
            ? $"Cancelled {state.SessionId}. Anyone who was told about it will be told it's off, and the Zoom meeting will be deleted."
            : $"{state.SessionId} was no longer booked, so nothing changed.", cancellationToken);
        return await dc.EndDialogAsync(state.SessionId, cancellationToken);
    }
}

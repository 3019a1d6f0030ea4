using Chexs.Bot.CardActions;
using Chexs.Bot.Cards;
using Chexs.Bot.Dialogs.Engine;
using Chexs.Bot.Records;
using Chexs.Bot.Sessions;
using Microsoft.Bot.Builder;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Dialogs.Conversations;

/// <summary>
/// Card buttons that do what a typed line does, so they need the turn rather than a card answer: "Book a session",
/// "My sessions", "Policy" (welcome, help, empty `my sessions`, the P15 banner) run the command as if typed, and
/// "Change and resend" on a rejected request opens the booking again, filled in with it. Signed like every card action.
/// While a question waits, a button does not quietly drop it: the person is asked to answer it or type the command.
/// </summary>
public sealed class CommandButtons
{
    /// <summary>What a button may run: the commands that name no pupil or session by themselves.</summary>
    private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal)
    {
        TypedCommand.Book, TypedCommand.MySessions, TypedCommand.Policy, TypedCommand.Help,
    };

    private readonly CardActionSigner _signer;
    private readonly DialogRunner _dialogs;
    private readonly ConversationCommands _commands;
    private readonly SessionQueries _sessions;
    private readonly TimeProvider _clock;

    public CommandButtons(CardActionSigner signer, DialogRunner dialogs, ConversationCommands commands, SessionQueries sessions, TimeProvider clock)
    {
        _signer = signer;
        _dialogs = dialogs;
        _commands = commands;
        _sessions = sessions;
        _clock = clock;
    }

    public static bool Handles(string? verb) => verb is CardVerbs.CommandRun or CardVerbs.BookingResend;

    /// <summary>Runs the button; returns the short text the click is answered with.</summary>
    public async Task<string> RunAsync(ITurnContext turn, string verb, JObject data, CancellationToken ct)
    {
        if (!_signer.Verify(data, CardActionRouter.UserInputIds) || (string?)data["verb"] != verb)
        {
            return "I can't act on that card: its details don't match what I sent. Nothing was changed. Please use the latest card, or type 'help'.";
        }
        var command = verb == CardVerbs.CommandRun ? (string?)data["command"] ?? "" : "change and resend";
        if (verb == CardVerbs.CommandRun && !Allowed.Contains(command))
        {
            return "That button is no longer something I can act on. Type 'help' to see what I can do.";
        }
        if (await _dialogs.ActiveDialogIdAsync(turn, ct) is not null)
        {
            var typed = verb == CardVerbs.CommandRun ? command : "cancel";
            await turn.SendActivityAsync(MessageFactory.Text(
                $"I'm still waiting for an answer to my last question. Answer it, or type \"{typed}\" to {(verb == CardVerbs.CommandRun ? "switch" : "stop it first")}."), ct);
            return "OK";
        }
        if (verb == CardVerbs.CommandRun)
        {
            await _commands.RouteAsync(turn, command, ct);
            return "OK";
        }
        await ResendAsync(turn, (string?)data["sessionId"] ?? "", ct);
        return "OK";
    }

    /// <summary>
    /// "Change and resend": a new booking (new reference) filled in from the rejected request, at the summary with
    /// Change / Confirm. Confirming judges it afresh and sends it for a fresh approval; nothing of the old one is reused.
    /// </summary>
    private async Task ResendAsync(ITurnContext turn, string sessionId, CancellationToken ct)
    {
        if (!ChatScope.IsPersonal(turn))
        {
            await turn.SendActivityAsync(ChatScope.PrivateOnlyMessage(turn, TypedCommand.Book), ct);
            return;
        }
        var user = TurnUser.Of(turn);
        var rejected = await _sessions.FindAsync(sessionId, ct);
        if (rejected is null || rejected.CreatedBy != user.AadObjectId)
        {
            await turn.SendActivityAsync(MessageFactory.Text($"I can't find a request {sessionId} of yours to send again. Type \"book session\" to start a new one."), ct);
            return;
        }
        if (rejected.Status != SessionStatus.Rejected)
        {
            await turn.SendActivityAsync(MessageFactory.Text($"Session {rejected.Id} is {rejected.Status.ToString().ToLowerInvariant()}, not rejected, so there is nothing to resend. Type \"my sessions\" to see yours."), ct);
            return;
        }
        var draft = new BookingDraft
        {
            Programme = rejected.Programme,
            PupilIds = rejected.PupilIds.ToList(),
            Start = rejected.Start > _clock.GetUtcNow() ? rejected.Start : null,
            Minutes = rejected.DurationMinutes,
            Kind = rejected.Kind,
        };
        await turn.SendActivityAsync(MessageFactory.Text(draft.Start is null
            ? $"Here is {rejected.Id} again as a new booking. Its time has passed, so I'll ask for a new one; change anything else before you send it."
            : $"Here is {rejected.Id} again as a new booking. Change what the manager asked for, then send it: it is checked again and goes for a fresh approval."), ct);
        await _dialogs.BeginAsync(turn, BookingDialog.Name, draft, ct);
    }
}

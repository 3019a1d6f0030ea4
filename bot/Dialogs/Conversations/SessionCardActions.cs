using Chexs.Bot.CardActions;
using Chexs.Bot.Cards;
using Chexs.Bot.Dialogs.Parsing;
using Chexs.Bot.Records;
using Chexs.Bot.Roles;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Sessions;

namespace Chexs.Bot.Dialogs.Conversations;

/// <summary>
/// Cancel and Reschedule on the my-sessions card. Each click replaces the card: first with "are you sure?"
/// (cancel) or "when to?" (reschedule), then with the refreshed list saying what happened. Only the
/// session's host or a manager may act, checked on every click.
/// </summary>
public sealed class SessionCardActions : ICardActionHandler
{
    private readonly SessionQueries _sessions;
    private readonly CancelSession _cancel;
    private readonly RescheduleSession _reschedule;
    private readonly IStaffDirectory _directory;
    private readonly MySessionsCard _list;
    private readonly SessionActionCards _cards;
    private readonly SessionCards _sessionCards;
    private readonly UkDateTimeParser _parser;

    public SessionCardActions(SessionQueries sessions, CancelSession cancel, RescheduleSession reschedule, IStaffDirectory directory, MySessionsCard list,
        SessionActionCards cards, SessionCards sessionCards, UkDateTimeParser parser)
    {
        _sessions = sessions;
        _cancel = cancel;
        _reschedule = reschedule;
        _directory = directory;
        _list = list;
        _cards = cards;
        _sessionCards = sessionCards;
        _parser = parser;
    }

    public IEnumerable<string> Verbs => [CardVerbs.SessionCancel, CardVerbs.SessionReschedule, CardVerbs.SessionList];

    public async Task<CardActionResult> HandleAsync(CardActionContext context, CancellationToken ct)
    {
        if (context.Verb == CardVerbs.SessionList)
        {
            // "Back to my sessions" from the start card: the clicker's own list, nothing else.
            return new CardActionResult(await _list.ForAsync(context.UserAadObjectId, context.ConversationType == "personal", ct: ct));
        }
        var id = (string?)context.Data["sessionId"] ?? "";
        var cancel = context.Verb == CardVerbs.SessionCancel;
        StaffRole? role;
        try
        {
            role = await _directory.GetRoleAsync(context.UserAadObjectId, ct);
        }
        catch (StaffDirectoryUnavailableException)
        {
            return CardActionResult.Say("I couldn't check your role just now, so nothing was changed. Please try again in a minute.");
        }
        var session = await _sessions.FindAsync(id, ct);
        if (SessionAccess.Refusal(session, id, context.UserAadObjectId, role, cancel ? "cancel" : "move") is { } refusal)
        {
            return CardActionResult.Say(refusal);
        }
        var fullNames = context.ConversationType == "personal";
        var step = (string?)context.Data[SessionActionCards.StepField];
        if (step == SessionActionCards.Keep)
        {
            return await ListAsync(context, fullNames, $"Nothing was changed: {id} stays as it was.", ct);
        }
        return cancel
            ? await CancelAsync(context, session!, step, fullNames, ct)
            : await RescheduleAsync(context, session!, step, fullNames, ct);
    }

    private async Task<CardActionResult> CancelAsync(CardActionContext context, Session session, string? step, bool fullNames, CancellationToken ct)
    {
        if (step != SessionActionCards.Confirm)
        {
            return new CardActionResult(_cards.ConfirmCancel(session));
        }
        var typed = ((string?)context.Data["reason"])?.Trim();
        var reason = string.IsNullOrEmpty(typed) ? $"Cancelled by {context.UserName} in Teams" : typed;
        var cancelled = await _cancel.CancelOnRequestAsync(session.Id, context.UserAadObjectId, reason, ct);
        return await ListAsync(context, fullNames, cancelled
            ? $"Cancelled {session.Id}.{(session.Status == SessionStatus.Scheduled ? " The guardians will be told and the Zoom meeting deleted." : "")}"
            : $"{session.Id} was no longer booked, so nothing changed.", ct);
    }

    private async Task<CardActionResult> RescheduleAsync(CardActionContext context, Session session, string? step, bool fullNames, CancellationToken ct)
    {
        if (step != SessionActionCards.Move)
        {
            return new CardActionResult(await _cards.AskNewTimeAsync(session, ct: ct));
        }
        var (newStart, problem) = _cards.NewStartFrom(context.Data, session, _parser);
        if (newStart is not { } start)
        {
            return new CardActionResult(await _cards.AskNewTimeAsync(session, [problem!], ct));
        }
        var outcome = await _reschedule.RescheduleAsync(session.Id, start, null, context.UserAadObjectId, ct);
        return outcome switch
        {
            RescheduleOutcome.Moved moved => await ListAsync(context, fullNames,
                $"Moved {session.Id} to {_sessionCards.WhenText(moved.Session)}.{(moved.Session.Status == SessionStatus.Scheduled ? " The guardians will get the new time by email." : "")}", ct),
            RescheduleOutcome.Blocked blocked => new CardActionResult(await _cards.AskNewTimeAsync(session,
                ["Nothing was moved:", .. blocked.Verdict.Blocks.Select(f => f.LineFor(fullNames ? Audience.Personal : Audience.Shared))], ct)),
            RescheduleOutcome.Refused refused => new CardActionResult(await _cards.AskNewTimeAsync(session, [$"Nothing was moved: {refused.Reason}"], ct)),
            _ => CardActionResult.Say("Nothing was changed."),
        };
    }

    private async Task<CardActionResult> ListAsync(CardActionContext context, bool fullNames, string notice, CancellationToken ct) =>
        new(await _list.ForAsync(context.UserAadObjectId, fullNames, notice, ct), notice);
}

using Chexs.Bot.CardActions;
using Chexs.Bot.Cards;
using Chexs.Bot.Records;
using Chexs.Bot.Sessions;

namespace Chexs.Bot.Dialogs.Conversations;

/// <summary>
/// Clicks on a booking-summary card after its conversation has moved on (a second Confirm, a click after
/// the bot restarted or the booking was cancelled). The live click goes to <see cref="BookingDialog"/>;
/// this only reports how that booking stands, so a double click can never book twice.
/// </summary>
public sealed class BookingCardActions : ICardActionHandler
{
    private readonly SessionQueries _sessions;
    private readonly SessionCards _cards;
    private readonly IBookingSeriesRepository _series;

    public BookingCardActions(SessionQueries sessions, SessionCards cards, IBookingSeriesRepository series)
    {
        _series = series;
        _sessions = sessions;
        _cards = cards;
    }

    public IEnumerable<string> Verbs => [CardVerbs.BookingConfirm, CardVerbs.BookingChange, CardVerbs.BookingCancel];

    public async Task<CardActionResult> HandleAsync(CardActionContext context, CancellationToken ct)
    {
        var id = (string?)context.Data["draftId"] ?? "";
        if (await _series.FindAsync(id, ct) is { } series)
        {
            // A series card clicked again: say how the series stands; it is never booked twice.
            return CardActionResult.Say(series.CreatedBy != context.UserAadObjectId
                ? "That booking card belongs to someone else. Nothing was changed."
                : $"Series {series.Id} is already booked or waiting for approval ({series.SessionIds.Count} dates). Type \"my sessions\" to see it.");
        }
        var session = await _sessions.FindAsync(id, ct);
        if (session is null)
        {
            return CardActionResult.Say("That booking is no longer open, so nothing was booked. Type \"book session\" to start again.");
        }
        if (session.CreatedBy != context.UserAadObjectId)
        {
            return CardActionResult.Say("That booking card belongs to someone else. Nothing was changed.");
        }
        var result = session.Status switch
        {
            // The card replaces the summary: the same confirmation the host saw, without the passcode.
            SessionStatus.Scheduled => new CardActionResult(
                await _cards.ConfirmationAsync(session, inHostsPersonalChat: context.ConversationType == "personal", includePasscode: false, ct),
                $"Session {session.Id} is already booked."),
            SessionStatus.AwaitingApproval => CardActionResult.Say($"Session {session.Id} is already waiting for a manager's approval (P10). There's nothing more to do for now."),
            _ => CardActionResult.Say($"Session {session.Id} is {session.Status.ToString().ToLowerInvariant()}. Type \"book session\" to book a new one."),
        };
        return result;
    }
}

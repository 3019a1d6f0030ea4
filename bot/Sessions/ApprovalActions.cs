using Chexs.Bot.CardActions;
using Chexs.Bot.Cards;

namespace Chexs.Bot.Sessions;

/// <summary>
/// Approve / Reject on the approval-request card (P10). The card is replaced for everyone with the
/// outcome; a refused click (not a manager, own booking, no reason) leaves the card as it was.
/// </summary>
public sealed class ApprovalActions : ICardActionHandler
{
    private readonly SessionBooking _booking;
    private readonly SessionCards _cards;

    public ApprovalActions(SessionBooking booking, SessionCards cards)
    {
        _booking = booking;
        _cards = cards;
    }

    public IEnumerable<string> Verbs => new[] { CardVerbs.ApprovalApprove, CardVerbs.ApprovalReject };

    public async Task<CardActionResult> HandleAsync(CardActionContext context, CancellationToken ct)
    {
        var sessionId = (string?)context.Data["sessionId"] ?? "";
        var approve = context.Verb == CardVerbs.ApprovalApprove;
        var reason = (string?)context.Data["reason"];
        var outcome = await _booking.DecideAsync(sessionId, context.UserAadObjectId, context.UserName, approve, reason, ct);
        Telemetry.BookingMetrics.RecordApproval(outcome);
        return outcome switch
        {
            ApprovalOutcome.Approved a => new CardActionResult(_cards.ApprovalOutcome(a.Session), UpdateForEveryone: true),
            ApprovalOutcome.Rejected r => new CardActionResult(_cards.ApprovalOutcome(r.Session), UpdateForEveryone: true),
            ApprovalOutcome.AlreadyDecided d when d.Session.Approval is not null => new CardActionResult(_cards.ApprovalOutcome(d.Session), "This request was already decided.", UpdateForEveryone: true),
            ApprovalOutcome.AlreadyDecided d => CardActionResult.Say($"Session {d.Session.Id} is now {d.Session.Status.ToString().ToLowerInvariant()}; there is nothing left to decide."),
            ApprovalOutcome.Refused f => CardActionResult.Say(f.Reason),
            ApprovalOutcome.NotMade n => CardActionResult.Say(n.Reason),
            _ => CardActionResult.Say("Nothing was changed."),
        };
    }
}

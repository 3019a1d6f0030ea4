using Chexs.Bot.CardActions;
using Chexs.Bot.Cards;

namespace Chexs.Bot.Sessions;

/// <summary>
/// Approve / Reject on the approval-request card (P10). The card is replaced for everyone with the
/// outcome; a refused click (not a manager, own booking, no reason) leaves the card as it was.
/// </summary>
public sealed class ApprovalActions : ICardActionHandler
{
    private readonly DecideApproval _approval;
    private readonly SessionCards _cards;

    public ApprovalActions(DecideApproval approval, SessionCards cards)
    {
        _approval = approval;
        _cards = cards;
    }

    public IEnumerable<string> Verbs => new[] { CardVerbs.ApprovalApprove, CardVerbs.ApprovalReject };

    public async Task<CardActionResult> HandleAsync(CardActionContext context, CancellationToken ct)
    {
        var sessionId = (string?)context.Data["sessionId"] ?? "";
        var approve = context.Verb == CardVerbs.ApprovalApprove;
        var reason = (string?)context.Data["reason"];
        var outcome = await _approval.DecideAsync(sessionId, context.UserAadObjectId, context.UserName, approve, reason, ct);
        Telemetry.BookingMetrics.RecordApproval(outcome);
        return outcome switch
        {
            ApprovalOutcome.Approved a => new CardActionResult(await _cards.ApprovalOutcomeAsync(a.Session, ct), UpdateForEveryone: true),
            ApprovalOutcome.Rejected r => new CardActionResult(await _cards.ApprovalOutcomeAsync(r.Session, ct), UpdateForEveryone: true),
            ApprovalOutcome.AlreadyDecided d when d.Session.Approval is not null => new CardActionResult(await _cards.ApprovalOutcomeAsync(d.Session, ct), "This request was already decided.", UpdateForEveryone: true),
            ApprovalOutcome.AlreadyDecided d => CardActionResult.Say($"Session {d.Session.Id} is now {d.Session.Status.ToString().ToLowerInvariant()}; there is nothing left to decide."),
            ApprovalOutcome.Refused f => CardActionResult.Say(f.Reason),
            ApprovalOutcome.NotMade n => CardActionResult.Say(n.Reason),
            _ => CardActionResult.Say("Nothing was changed."),
        };
    }
}

using Chexs.Bot.CardActions;
using Chexs.Bot.Cards;

namespace Chexs.Bot.Sessions;

/// <summary>
/// Approve (with an optional comment) / Reject (with its reason) on the approval-request card (P10). The card is
/// replaced for everyone with the outcome — full names when it was in the manager's own 1:1 chat, initials in the
/// managers' channel (G6); a refused click (not a manager, own booking, no reason) leaves the card as it was.
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
        // Approve sends the optional comment; Reject its reason (never the other box's text).
        var reason = (string?)context.Data[approve ? "comment" : "reason"];
        var outcome = await _approval.DecideAsync(sessionId, context.UserAadObjectId, context.UserName, approve, reason, ct);
        Telemetry.BookingMetrics.RecordApproval(outcome);
        var privateChat = context.ConversationType == "personal";
        return outcome switch
        {
            ApprovalOutcome.Approved a => new CardActionResult(await _cards.ApprovalOutcomeAsync(a.Session, privateChat, ct), UpdateForEveryone: true),
            ApprovalOutcome.Rejected r => new CardActionResult(await _cards.ApprovalOutcomeAsync(r.Session, privateChat, ct), UpdateForEveryone: true),
            ApprovalOutcome.AlreadyDecided d when d.Session.Approval is not null => new CardActionResult(await _cards.ApprovalOutcomeAsync(d.Session, privateChat, ct), "This request was already decided.", UpdateForEveryone: true),
            ApprovalOutcome.AlreadyDecided d => CardActionResult.Say($"Session {d.Session.Id} is now {d.Session.Status.ToString().ToLowerInvariant()}; there is nothing left to decide."),
            ApprovalOutcome.Refused f => CardActionResult.Say(f.Reason),
            ApprovalOutcome.NotMade n => CardActionResult.Say(n.Reason),
            _ => CardActionResult.Say("Nothing was changed."),
        };
    }
}

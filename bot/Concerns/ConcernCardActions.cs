using Chexs.Bot.CardActions;
using Chexs.Bot.Cards;
using Chexs.Bot.Records;

namespace Chexs.Bot.Concerns;

/// <summary>
/// The concern buttons. "Raise a concern" (on a session's cards in the host's 1:1 chat) starts the concern dialog
/// about that session; the lead's card buttons append a dated entry (the typed "note" input) and show the card
/// again with it. Any click from a channel or group chat is refused without repeating anything.
/// </summary>
public sealed class ConcernCardActions(SafeguardingConcerns concerns, ConcernCards cards, IStaffRepository staff) : ICardActionHandler
{
    public IEnumerable<string> Verbs => [CardVerbs.ConcernRaise, CardVerbs.ConcernAcknowledge, CardVerbs.ConcernNote, CardVerbs.ConcernClose];

    public async Task<CardActionResult> HandleAsync(CardActionContext context, CancellationToken ct)
    {
        if (context.ConversationType is not ("personal" or ""))
        {
            return CardActionResult.Say(ConcernCommands.ChannelReply);
        }
        if (context.Verb == CardVerbs.ConcernRaise)
        {
            var sessionId = (string?)context.Data["sessionId"];
            return new CardActionResult(null, "Raising a safeguarding concern: I'll ask a few short questions in this chat.")
            {
                Begin = new DialogStart(RaiseConcernDialog.Name, new ConcernStart(sessionId)),
            };
        }
        if (!long.TryParse((string?)context.Data["concernId"], out var id))
        {
            return CardActionResult.Say("That card doesn't name a concern. Type \"concerns\" to see the open ones.");
        }
        var kind = context.Verb switch
        {
            CardVerbs.ConcernAcknowledge => ConcernEntryKind.Acknowledged,
            CardVerbs.ConcernClose => ConcernEntryKind.Closed,
            _ => ConcernEntryKind.Note,
        };
        // The role the bot synced from the directory on this very turn (ChexsBot checks it before any click is routed).
        var role = (await staff.FindAsync(context.UserAadObjectId, ct))?.Role ?? StaffRole.Staff;
        var text = (string?)context.Data["note"] ?? "";
        var (outcome, file) = await concerns.AddEntryAsync(id, kind, text, context.UserAadObjectId, context.UserName, role, ct);
        var said = ConcernCommands.Said(outcome, kind, ConcernReference.Of(id), file);
        if (outcome is EntryOutcome.Added && file is not null && concerns.IsLead(context.UserAadObjectId, role))
        {
            return new CardActionResult(cards.LeadCard(file), said);
        }
        return CardActionResult.Say(said);
    }
}

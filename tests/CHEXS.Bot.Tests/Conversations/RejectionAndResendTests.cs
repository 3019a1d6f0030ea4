using Chexs.Bot.Records;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Tests.Conversations;

/// <summary>
/// A rejection reaches the requester as a card with "Change and resend": the booking opens again filled in, and
/// sending it goes through every check and a fresh approval. Approving can carry an optional comment.
/// </summary>
public sealed class RejectionAndResendTests : IDisposable
{
    private readonly ConversationHarness _h = new();
    private readonly Chat _alex;
    private readonly Chat _morgan;

    public RejectionAndResendTests()
    {
        _alex = _h.Personal(Person.Alex);
        _morgan = _h.Personal(Person.Morgan);
    }

    public void Dispose() => _h.Dispose();

    private async Task<(Session Session, JObject Card)> RequestAsync(string line = "book session growth with Sam Patel and Sami Patil next Monday at 10 for 45 min")
    {
        var summary = await _alex.Say(line);
        await _alex.Click(summary.Card, "Send for approval");
        var session = _h.Db.Sessions.FindAll().Single(s => s.Status == SessionStatus.AwaitingApproval);
        var notice = _h.Db.Notices.FindAll().Last(n => n.CardJson is not null && n.Records.Contains(session.Id) && n.Recipient == Person.Morgan.AadObjectId);
        return (session, JObject.Parse(notice.CardJson!));
    }

    private JObject RejectionCardFor(Session s) =>
        JObject.Parse(_h.Db.Notices.FindAll().Single(n => n.Recipient == Person.Alex.AadObjectId && n.Records.Contains(s.Id) && n.CardJson is not null).CardJson!);

    [Fact]
    public async Task Rejection_reaches_the_requester_as_a_card_with_the_reason_and_Change_and_resend()
    {
        var (session, card) = await RequestAsync();

        await _morgan.Click(card, "Confirm rejection", new { reason = "Sami has exams that week" });

        var rejection = RejectionCardFor(session);
        var text = CardJson.Text(rejection);
        Assert.Contains($"Not approved: group session {session.Id}", text);
        Assert.Contains("Sami has exams that week", text);
        Assert.Contains("Morgan Manager", text);
        Assert.Contains("Sam Patel", text); // the requester's own 1:1 chat
        Assert.Equal(["Change and resend"], CardJson.Titles(rejection));
    }

    [Fact]
    public async Task Change_and_resend_opens_the_booking_filled_in_and_sending_it_checks_again_and_asks_for_a_fresh_approval()
    {
        var (session, card) = await RequestAsync();
        await _morgan.Click(card, "Confirm rejection", new { reason = "Make it Tuesday" });

        var resent = await _alex.Click(RejectionCardFor(session), "Change and resend");

        Assert.Contains($"Here is {session.Id} again as a new booking", resent.Text);
        var summary = resent.Cards.Single(c => CardJson.Text(c).Contains("Check this booking"));
        Assert.Contains("Sam Patel", CardJson.Text(summary));
        Assert.Contains("Sami Patil", CardJson.Text(summary));
        Assert.Contains("Monday", CardJson.Text(summary));
        var changed = await _alex.Say("Tuesday instead");
        var sent = await _alex.Click(changed.Cards.Last(), "Send for approval");

        var fresh = _h.Db.Sessions.FindAll().Single(s => s.Id != session.Id);
        Assert.Equal(SessionStatus.AwaitingApproval, fresh.Status);
        Assert.Equal(DayOfWeek.Tuesday, fresh.Start.DayOfWeek);
        Assert.Equal(SessionStatus.Rejected, _h.Db.Sessions.FindById(session.Id).Status);
        Assert.Contains("for approval (P10)", sent.Text);
        Assert.Contains(_h.Db.Notices.FindAll(), n => n.Recipient == Person.Morgan.AadObjectId && n.Records.Contains(fresh.Id) && n.CardJson is not null);
    }

    [Fact]
    public async Task A_resent_booking_is_judged_again_so_a_rule_that_now_fails_blocks_it()
    {
        var (session, card) = await RequestAsync();
        await _morgan.Click(card, "Confirm rejection", new { reason = "Not this week" });
        // Since the request, Sami Patil's consents were withdrawn: the resend must see it.
        var sami = session.PupilIds[1];
        foreach (var consent in _h.Db.Consents.FindAll().Where(c => c.PupilId == sami).ToList())
        {
            _h.Db.Consents.Delete(consent.Id);
        }

        var resent = await _alex.Click(RejectionCardFor(session), "Change and resend");

        Assert.Contains("P4", resent.Text + string.Join("\n", resent.Cards.Select(CardJson.Text)));
        Assert.Single(_h.Db.Sessions.FindAll());
    }

    [Fact]
    public async Task Only_the_requester_can_resend_and_only_a_rejected_request()
    {
        var (session, card) = await RequestAsync();
        await _morgan.Click(card, "Confirm rejection", new { reason = "No" });
        var rejection = RejectionCardFor(session);

        var other = await _h.Personal(Person.Riley).Click(rejection, "Change and resend");

        Assert.Contains($"I can't find a request {session.Id} of yours", other.Text);
        Assert.Single(_h.Db.Sessions.FindAll());
    }

    [Fact]
    public async Task Approving_with_a_comment_passes_it_on_and_without_one_is_fine()
    {
        var (session, card) = await RequestAsync();

        var approved = await _morgan.Click(card, "Confirm approval", new { comment = "Remember the second adult" });

        Assert.Equal(SessionStatus.Scheduled, _h.Db.Sessions.FindById(session.Id).Status);
        Assert.Contains("Comment: Remember the second adult", CardJson.Text(approved.ReplacedCard!));
        Assert.Contains(_h.Db.Notices.FindAll(), n => n.Recipient == Person.Alex.AadObjectId && (n.Text ?? "").Contains("Their comment: Remember the second adult"));
    }
}

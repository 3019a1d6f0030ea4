using Microsoft.Extensions.DependencyInjection;
using Chexs.Bot.Invitations;
using Chexs.Bot.Notices;
using Chexs.Bot.Records;
using Chexs.Bot.Storage;
using Chexs.Bot.Teams;
using Chexs.Bot.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Tests.Conversations;

/// <summary>
/// P10: a group session's approval card, clicked by managers and others through ChexsBot's invoke path
/// (CardActionRouter → ApprovalActions): the card is replaced for everyone, the requester hears, and
/// only one decision is ever made.
/// </summary>
public sealed class ApprovalTests : IDisposable
{
    private readonly ConversationHarness _h = new();
    private readonly Chat _alex;
    private readonly Chat _morgan;

    public ApprovalTests()
    {
        _alex = _h.Personal(Person.Alex);
        _morgan = _h.Personal(Person.Morgan);
    }

    public void Dispose() => _h.Dispose();

    /// <summary>Books a group session as <paramref name="who"/> and returns it with the approval card queued for the manager(s).</summary>
    private async Task<(Session Session, JObject Card)> RequestGroupAsync(Chat? who = null)
    {
        who ??= _alex;
        var summary = await who.Say("book session growth with Sam Patel and Sami Patil next Monday at 10 for 45 min");
        await who.Click(summary.Card, "Send for approval");
        var session = _h.OnlySession();
        var notice = _h.Db.Notices.FindAll().Single(n => n.CardJson is not null);
        return (session, JObject.Parse(notice.CardJson!));
    }

    private Session Reload(Session s) => _h.Db.Sessions.FindById(s.Id);

    private IReadOnlyList<string> NoticeTextsFor(string recipient) =>
        _h.Db.Notices.Find(n => n.Recipient == recipient && n.Text != null).Select(n => n.Text!).ToList();

    [Fact]
    public async Task A_manager_approves_the_meeting_is_made_invitations_queued_the_card_updated_for_everyone_and_the_requester_told()
    {
        var (session, card) = await RequestGroupAsync();

        var approved = await _morgan.Click(card, "Confirm approval", cardActivityId: "approval-card-7");

        var now = Reload(session);
        Assert.Equal(SessionStatus.Scheduled, now.Status);
        Assert.NotNull(now.Meeting);
        Assert.Equal((true, Person.Morgan.AadObjectId), (now.Approval!.Approved, now.Approval.DecidedBy));
        Assert.Equal(3, // Sam Patel's two guardians and Sami Patil's one
            _h.Db.GuardianEmails.Count(e => e.SessionId == session.Id && e.Kind == InvitationKind.Invitation));

        var outcome = approved.ReplacedCard!;
        Assert.Contains($"Approved: group session {session.Id}", CardJson.Text(outcome));
        Assert.Contains("Morgan Manager", CardJson.Text(outcome));
        Assert.Empty(CardJson.Titles(outcome));
        var update = Assert.Single(_morgan.Updates);
        Assert.Equal("approval-card-7", update.Id);
        Assert.Equal(outcome.ToString(), update.Card!.ToString());

        Assert.Contains(NoticeTextsFor(Person.Alex.AadObjectId), t => t.Contains($"Your group session {session.Id}") && t.Contains("was approved by Morgan Manager"));
        Assert.Contains("Sam Patel", CardJson.Text(outcome)); // Morgan's own 1:1 chat: names in full
        Assert.DoesNotContain(now.Meeting!.Passcode, approved.Everything);
    }

    [Fact]
    public async Task Approval_in_the_managers_channel_updates_the_card_there()
    {
        var (session, card) = await RequestGroupAsync();
        var jordanInChannel = _h.Channel(Person.Jordan, "19:chexs-staff-managers@thread.tacv2");

        var approved = await jordanInChannel.Click(card, "Confirm approval", cardActivityId: "managers-card-1");

        Assert.Equal(SessionStatus.Scheduled, Reload(session).Status);
        Assert.Equal("managers-card-1", Assert.Single(jordanInChannel.Updates).Id);
        Assert.Contains("Jordan Lead", CardJson.Text(approved.ReplacedCard!));
    }

    [Fact]
    public async Task A_member_of_staff_who_is_not_a_manager_is_refused_and_nothing_changes()
    {
        var (session, card) = await RequestGroupAsync();
        var riley = _h.Personal(Person.Riley);

        var refused = await riley.Click(card, "Confirm approval");

        Assert.Equal("P10: only a CHEXS manager can approve or reject a group session. Nothing was changed.", refused.InvokeMessage);
        Assert.Equal(SessionStatus.AwaitingApproval, Reload(session).Status);
        Assert.Null(Reload(session).Approval);
        Assert.Empty(riley.Updates);

        var requester = await _alex.Click(card, "Confirm approval");
        Assert.Equal("P10: only a CHEXS manager can approve or reject a group session. Nothing was changed.", requester.InvokeMessage);
        Assert.Equal(SessionStatus.AwaitingApproval, Reload(session).Status);
    }

    [Fact]
    public async Task Someone_who_is_neither_staff_nor_manager_gets_the_polite_refusal()
    {
        var (session, card) = await RequestGroupAsync();
        var refused = await _h.Personal(Person.Casey).Click(card, "Confirm approval");

        Assert.Equal(Chexs.Bot.Teams.ChexsBot.NotStaffReply, refused.InvokeMessage);
        Assert.Equal(SessionStatus.AwaitingApproval, Reload(session).Status);
    }

    [Fact]
    public async Task A_manager_cannot_approve_their_own_booking_but_another_manager_can()
    {
        // Morgan hosts too here: give Morgan a Zoom user so the booking itself is allowed (P2).
        var morganRecord = _h.Db.Staff.FindById(Person.Morgan.AadObjectId);
        morganRecord.ZoomUserId = "morgan.manager@chexs.example";
        _h.Db.Staff.Update(morganRecord);
        var (session, card) = await RequestGroupAsync(_morgan);
        Assert.Equal(Chexs.Bot.Notices.StaffNotice.Managers, _h.Db.Notices.FindAll().Single(n => n.CardJson is not null).Recipient);

        var own = await _morgan.Click(card, "Confirm approval");
        Assert.Equal("P10: nobody approves their own booking. Another manager needs to decide this one. Nothing was changed.", own.InvokeMessage);
        Assert.Equal(SessionStatus.AwaitingApproval, Reload(session).Status);

        var jordan = await _h.Personal(Person.Jordan).Click(card, "Confirm approval");
        Assert.Contains("Approved", CardJson.Text(jordan.ReplacedCard!));
        Assert.Equal(Person.Jordan.AadObjectId, Reload(session).Approval!.DecidedBy);
    }

    [Fact]
    public async Task A_double_click_or_a_second_manager_sees_the_decision_already_made_and_makes_no_second_one()
    {
        var (session, card) = await RequestGroupAsync();
        await _morgan.Click(card, "Confirm approval");
        var meeting = Reload(session).Meeting!.MeetingId;
        var emails = _h.Db.GuardianEmails.Count();

        var again = await _morgan.Click(card, "Confirm approval");
        var jordan = await _h.Personal(Person.Jordan).Click(card, "Confirm rejection", new { reason = "Too many sessions this week" });

        foreach (var late in new[] { again, jordan })
        {
            var shown = CardJson.Text(late.ReplacedCard!);
            Assert.Contains($"Approved: group session {session.Id}", shown);
            Assert.Contains("Morgan Manager", shown);
        }
        var now = Reload(session);
        Assert.Equal(SessionStatus.Scheduled, now.Status);
        Assert.Equal(Person.Morgan.AadObjectId, now.Approval!.DecidedBy);
        Assert.Equal(meeting, now.Meeting!.MeetingId);
        Assert.Equal(emails, _h.Db.GuardianEmails.Count());
        Assert.Single(_h.Db.Audit.Find(a => a.Action == "session.booked"));
    }

    [Fact]
    public async Task Rejecting_without_a_reason_is_refused()
    {
        var (session, card) = await RequestGroupAsync();

        var refused = await _morgan.Click(card, "Confirm rejection", new { reason = "   " });

        Assert.Equal("Please give a reason for rejecting, so the requester knows what to change. Nothing was changed.", refused.InvokeMessage);
        Assert.Equal(SessionStatus.AwaitingApproval, Reload(session).Status);
        Assert.Empty(_morgan.Updates);
    }

    [Fact]
    public async Task Rejecting_with_a_reason_ends_the_booking_and_tells_the_requester_why()
    {
        var (session, card) = await RequestGroupAsync();

        var rejected = await _morgan.Click(card, "Confirm rejection", new { reason = "Sami has exams that week" });

        var now = Reload(session);
        Assert.Equal(SessionStatus.Rejected, now.Status);
        Assert.Null(now.Meeting);
        Assert.Empty(_h.Db.GuardianEmails.FindAll());
        var shown = CardJson.Text(rejected.ReplacedCard!);
        Assert.Contains($"Rejected: group session {session.Id}", shown);
        Assert.Contains("Reason: Sami has exams that week", shown);
        Assert.Single(_morgan.Updates);
        Assert.Contains(NoticeTextsFor(Person.Alex.AadObjectId), t => t.Contains("was not approved by Morgan Manager: Sami has exams that week"));
    }

    [Fact]
    public async Task An_approval_card_with_altered_data_is_refused()
    {
        var (session, card) = await RequestGroupAsync();
        var data = (JObject)CardJson.Action(card, "Confirm approval")["data"]!.DeepClone();
        data["sessionId"] = "S-OTHER";

        var refused = await _morgan.Execute("approval.approve", data);

        Assert.StartsWith("I can't act on that card: its details don't match what I sent.", refused.InvokeMessage);
        Assert.Equal(SessionStatus.AwaitingApproval, Reload(session).Status);
    }

    [Fact]
    public async Task A_managers_waiting_dialog_does_not_swallow_an_approval_click()
    {
        var (session, card) = await RequestGroupAsync();
        await _morgan.Say("book session");   // Morgan is half-way through something else

        var approved = await _morgan.Click(card, "Confirm approval");

        Assert.Contains("Approved", CardJson.Text(approved.ReplacedCard!));
        Assert.Equal(SessionStatus.Scheduled, Reload(session).Status);
        // Pupils are asked for first now (the programme is worked out from them), so that question is still waiting.
        var stillAsking = await _morgan.Say("help");
        Assert.StartsWith("Who is the session with?", stillAsking.Texts[^1]);
    }

    [Fact]
    public async Task The_request_reaches_the_managers_chat_and_after_approval_the_requester_hears_and_gets_the_confirmation_card_in_theirs()
    {
        await using var connector = await FakeBotConnector.StartAsync();
        var alex = _h.Personal(Person.Alex, connector.ServiceUrl);
        var morgan = _h.Personal(Person.Morgan, connector.ServiceUrl);
        await morgan.Say("hi");   // Morgan has a 1:1 chat with the bot, so the request can go there
        var worker = ActivatorUtilities.CreateInstance<NoticeDeliveryWorker>(_h.Bot.Services);

        var summary = await alex.Say("book session growth with Sam Patel and Sami Patil next Monday at 10 for 45 min");
        await alex.Click(summary.Card, "Send for approval");
        Assert.Equal(1, await worker.RunOnceAsync(default));

        var request = Assert.Single(connector.Sent);
        Assert.Equal("a:personal-chat-with-morgan", request.ConversationId);
        var approved = await morgan.Click(request.Card!, "Confirm approval", cardActivityId: request.ActivityId);
        Assert.Equal(request.ActivityId, Assert.Single(morgan.Updates).Id);
        Assert.Contains("Approved", CardJson.Text(approved.ReplacedCard!));

        Assert.Equal(2, await worker.RunOnceAsync(default));
        var toAlex = connector.Sent.Where(s => s.ConversationId == "a:personal-chat-with-alex").ToList();
        Assert.Equal(2, toAlex.Count);
        Assert.Contains(toAlex, s => s.Text.Contains("was approved by Morgan Manager"));
        var confirmation = toAlex.Select(s => s.Card).Single(c => c is not null)!;
        var session = _h.OnlySession();
        Assert.Contains("Session booked", CardJson.Text(confirmation));
        Assert.Contains("- Sam Patel", CardJson.Text(confirmation));
        Assert.Contains("P10: group session", CardJson.Text(confirmation));
        Assert.DoesNotContain(session.Meeting!.Passcode, string.Concat(connector.Sent.Select(s => s.AllText)));
        Assert.Equal(confirmation.ToString(Newtonsoft.Json.Formatting.None), session.ConfirmationCardJson);
    }
}

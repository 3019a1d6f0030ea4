using Chexs.Bot.CardActions;
using Chexs.Bot.Cards;
using Chexs.Bot.Records;
using Chexs.Bot.Sessions;
using Newtonsoft.Json.Linq;
using static Chexs.Bot.Tests.Sessions.SessionWorld;

namespace Chexs.Bot.Tests.Sessions;

/// <summary>
/// Approve / Reject clicks as Teams delivers them: the data of the approval-request card the bot sent
/// (signed by CardTemplates), through the CardActionRouter to ApprovalActions.
/// </summary>
public sealed class ApprovalActionsTests
{
    private static async Task<(string SessionId, JObject Card)> RequestAsync(SessionWorld w, BookingRequest? request = null)
    {
        request ??= Group();
        Assert.IsType<BookingOutcome.AwaitingApproval>(await w.Booking.BookAsync(request, CancellationToken.None));
        var notice = w.Db.Notices.Find(n => n.Records.Contains(request.SessionId) && n.CardJson != null).Single();
        return (request.SessionId, JObject.Parse(notice.CardJson!));
    }

    /// <summary>What Teams sends back for a button: its data, plus the card's inputs unless the action leaves them out.</summary>
    private static JObject Clicked(JObject card, string verb, string? reason = null)
    {
        // Approve and Reject each sit in their own Action.ShowCard.
        var action = card.Descendants().OfType<JObject>().Single(a => (string?)a["type"] == "Action.Execute" && (string?)a["verb"] == verb);
        var data = (JObject)action["data"]!.DeepClone();
        if (reason is not null) data["reason"] = reason;
        return data;
    }

    private static Task<CardActionResult> Click(SessionWorld w, string verb, JObject data, string who, string name) =>
        w.Bot.Get<CardActionRouter>().HandleAsync(
            new CardActionContext(verb, data, who, name, "a:personal-chat", "personal", "1700000000001"), CancellationToken.None);

    private static string Text(JObject card) => string.Join("\n", card.Descendants().OfType<JProperty>()
        .Where(p => p.Name is "text" or "value" or "title").Select(p => (string?)p.Value));

    [Fact]
    public async Task Approve_on_the_card_books_the_session_and_replaces_the_card_for_everyone()
    {
        await using var w = await StartAsync();
        var (sessionId, card) = await RequestAsync(w);

        var result = await Click(w, CardVerbs.ApprovalApprove, Clicked(card, CardVerbs.ApprovalApprove), Morgan, "Morgan Manager");

        Assert.True(result.UpdateForEveryone);
        Assert.Null(result.Message);
        var text = Text(result.Card!);
        Assert.Contains($"Approved: group session {sessionId}", text);
        Assert.Contains("Morgan Manager", text);
        Assert.Contains("Mon 2 Nov 2026, 9:00am", text);
        // Clicked in Morgan's own 1:1 chat: the outcome names the pupils in full there (initials in a channel: G6).
        Assert.Contains("Sam Patel", text);
        Assert.DoesNotContain(result.Card!.Descendants().OfType<JObject>(), o => (string?)o["type"] == "Action.Execute");
        Assert.Equal(SessionStatus.Scheduled, w.Session(sessionId)!.Status);
        Assert.Single(w.Zoom.For("create"));
    }

    [Fact]
    public async Task Reject_with_a_reason_typed_on_the_card_ends_the_request_and_shows_the_reason()
    {
        await using var w = await StartAsync();
        var (sessionId, card) = await RequestAsync(w);

        var result = await Click(w, CardVerbs.ApprovalReject, Clicked(card, CardVerbs.ApprovalReject, reason: "Two pupils have exams that week."), Jordan, "Jordan Lead");

        Assert.True(result.UpdateForEveryone);
        var text = Text(result.Card!);
        Assert.Contains($"Rejected: group session {sessionId}", text);
        Assert.Contains("Reason: Two pupils have exams that week.", text);
        Assert.Contains("Jordan Lead", text);
        Assert.Equal(SessionStatus.Rejected, w.Session(sessionId)!.Status);
        Assert.Empty(w.Zoom.Requests);
    }

    [Fact]
    public async Task Reject_without_a_reason_leaves_the_card_as_it_was()
    {
        await using var w = await StartAsync();
        var (sessionId, card) = await RequestAsync(w);

        var result = await Click(w, CardVerbs.ApprovalReject, Clicked(card, CardVerbs.ApprovalReject, reason: ""), Morgan, "Morgan Manager");

        Assert.Null(result.Card);
        Assert.False(result.UpdateForEveryone);
        Assert.Contains("give a reason", result.Message);
        Assert.Equal(SessionStatus.AwaitingApproval, w.Session(sessionId)!.Status);
    }

    [Fact]
    public async Task A_click_by_someone_who_may_not_decide_is_answered_privately_and_changes_nothing()
    {
        await using var w = await StartAsync();
        var (sessionId, card) = await RequestAsync(w);

        var visitor = await Click(w, CardVerbs.ApprovalApprove, Clicked(card, CardVerbs.ApprovalApprove), Casey, "Casey Visitor");
        var requester = await Click(w, CardVerbs.ApprovalApprove, Clicked(card, CardVerbs.ApprovalApprove), Alex, "Alex Host");

        foreach (var result in new[] { visitor, requester })
        {
            Assert.Null(result.Card);
            Assert.False(result.UpdateForEveryone);
            Assert.StartsWith("P10:", result.Message);
        }
        Assert.Equal(SessionStatus.AwaitingApproval, w.Session(sessionId)!.Status);
        Assert.Empty(w.Zoom.Requests);
    }

    [Fact]
    public async Task A_second_click_shows_the_decision_already_made()
    {
        await using var w = await StartAsync();
        var (_, card) = await RequestAsync(w);
        var data = Clicked(card, CardVerbs.ApprovalApprove);
        await Click(w, CardVerbs.ApprovalApprove, data, Morgan, "Morgan Manager");

        var second = await Click(w, CardVerbs.ApprovalApprove, data, Jordan, "Jordan Lead");

        Assert.True(second.UpdateForEveryone);
        Assert.Equal("This request was already decided.", second.Message);
        Assert.Contains("Morgan Manager", Text(second.Card!)); // who really decided
        Assert.DoesNotContain("Jordan Lead", Text(second.Card!));
        Assert.Single(w.Zoom.For("create"));
    }

    [Fact]
    public async Task A_click_whose_session_id_was_altered_is_refused_before_any_decision()
    {
        await using var w = await StartAsync();
        var (first, card) = await RequestAsync(w);
        var (second, _) = await RequestAsync(w, Group(start: Thursday4pm.AddDays(1)));
        var tampered = Clicked(card, CardVerbs.ApprovalApprove);
        tampered["sessionId"] = second;

        var result = await Click(w, CardVerbs.ApprovalApprove, tampered, Morgan, "Morgan Manager");

        Assert.Null(result.Card);
        Assert.Contains("its details don't match what I sent", result.Message);
        Assert.Equal(SessionStatus.AwaitingApproval, w.Session(first)!.Status);
        Assert.Equal(SessionStatus.AwaitingApproval, w.Session(second)!.Status);
        Assert.Empty(w.Zoom.Requests);
    }

    [Fact]
    public async Task Approve_data_sent_with_the_reject_verb_is_refused()
    {
        await using var w = await StartAsync();
        var (sessionId, card) = await RequestAsync(w);

        var result = await Click(w, CardVerbs.ApprovalReject, Clicked(card, CardVerbs.ApprovalApprove, reason: "sneaky"), Morgan, "Morgan Manager");

        Assert.Contains("its details don't match what I sent", result.Message);
        Assert.Equal(SessionStatus.AwaitingApproval, w.Session(sessionId)!.Status);
    }

    [Fact]
    public async Task An_approval_Zoom_cannot_carry_out_keeps_the_card_so_someone_can_try_again()
    {
        await using var w = await StartAsync();
        var (sessionId, card) = await RequestAsync(w);
        w.Zoom.Script("create", Tests.Zoom.Fault.ServerError(503));

        var result = await Click(w, CardVerbs.ApprovalApprove, Clicked(card, CardVerbs.ApprovalApprove), Morgan, "Morgan Manager");

        Assert.Null(result.Card);
        Assert.False(result.UpdateForEveryone);
        Assert.Contains("NOT booked", result.Message);
        Assert.Equal(SessionStatus.AwaitingApproval, w.Session(sessionId)!.Status);
    }

    [Fact]
    public async Task A_click_on_a_request_cancelled_since_says_there_is_nothing_to_decide()
    {
        await using var w = await StartAsync();
        var (sessionId, card) = await RequestAsync(w);
        Assert.True(await w.Booking.CancelAsync(sessionId, Alex, "No longer needed", CancellationToken.None));

        var result = await Click(w, CardVerbs.ApprovalApprove, Clicked(card, CardVerbs.ApprovalApprove), Morgan, "Morgan Manager");

        Assert.Null(result.Card);
        Assert.Equal($"Session {sessionId} is now cancelled; there is nothing left to decide.", result.Message);
        Assert.Empty(w.Zoom.Requests);
    }
}

using Chexs.Bot.Invitations;
using Chexs.Bot.Records;
using Chexs.Bot.Tests.Safeguarding;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Tests.Conversations;

/// <summary>
/// Weekly series in the 1:1 chat: the series card (which dates pass, which are blocked with rule, who and fix), booking the
/// dates that pass, a series that cannot be read as asked, a group series approved once, and "my sessions" showing a
/// series as one entry from which one date or the rest is cancelled.
/// </summary>
public sealed class SeriesConversationTests : IDisposable
{
    private const string IssueLine = "book session growth with Sam Patel every Tuesday at 4pm for 6 weeks";

    private readonly ConversationHarness _h = new();
    private readonly Chat _alex;

    public SeriesConversationTests() => _alex = _h.Personal(Person.Alex);

    public void Dispose() => _h.Dispose();

    private static DateTimeOffset Local(int y, int mo, int d, int h, int mi = 0) => PolicyScenario.Local(y, mo, d, h, mi);

    private async Task<JObject> SeriesCardAsync(string line)
    {
        var asked = await _alex.Say(line);
        Assert.Equal("How long should it be?", asked.Texts[^1]);
        return (await _alex.Press(asked, "45 minutes (usual)")).Card;
    }

    /// <summary>The <paramref name="index"/>th Action.Execute titled <paramref name="title"/> (a card can have a Cancel per date).</summary>
    private static JObject Nth(JObject card, string title, int index) =>
        card.Descendants().OfType<JObject>().Where(o => (string?)o["type"] == "Action.Execute" && (string?)o["title"] == title).ElementAt(index);

    private Task<Replies> ClickNth(JObject card, string title, int index)
    {
        var action = Nth(card, title, index);
        return _alex.Execute((string)action["verb"]!, (JObject)action["data"]!.DeepClone());
    }

    [Fact]
    public async Task The_issue_s_line_shows_six_Tuesdays_and_books_them_as_one_series()
    {
        var card = await SeriesCardAsync(IssueLine);

        var text = CardJson.Text(card);
        Assert.Equal("Check this series", (string?)card["body"]![0]!["text"]);
        Assert.Contains("Every Tuesday, 4:00pm to 4:45pm (UK time), 6 dates from Tue 1 Dec 2026 to Tue 5 Jan 2027", text);
        Assert.Contains("Can be booked (6)", text);
        Assert.Contains("- Tuesday 5 January 2027, 4:00pm to 4:45pm (UK time)", text);
        Assert.Contains("I took \"every Tuesday for 6 weeks\" as 6 dates, the first on Tue 1 Dec 2026", text);
        Assert.Empty(_h.Db.Sessions.FindAll());

        var done = await _alex.Click(card, "Book all 6 dates");

        var sessions = _h.Db.Sessions.FindAll().OrderBy(s => s.Start).ToList();
        Assert.Equal(6, sessions.Count);
        var seriesId = Assert.Single(sessions.Select(s => s.SeriesId).Distinct());
        Assert.StartsWith("R-", seriesId);
        Assert.All(sessions, s => Assert.Equal(SessionStatus.Scheduled, s.Status));
        Assert.Equal(Local(2026, 12, 1, 16), sessions[0].Start);
        Assert.Contains($"Booked series {seriesId}: 6 Growth Programme sessions.", done.Text);
        Assert.Contains($"({sessions[5].Id})", done.Text);
        Assert.Contains("One e-mail listing every date is on its way to 2 parent/guardian addresses", done.Text);
        Assert.Equal(2, _h.Db.GuardianEmails.Count(e => e.SessionId == seriesId)); // Sam's two guardians, one e-mail each
    }

    [Fact]
    public async Task A_date_blocked_by_a_clash_is_shown_with_its_rule_and_fix_and_the_others_can_be_booked()
    {
        var single = await _alex.Say("book session growth with Sam Patel on 8 Dec at 4pm for 45 min");
        await _alex.Click(single.Card, "Confirm");

        var card = await SeriesCardAsync(IssueLine);

        var text = CardJson.Text(card);
        Assert.Contains("Can be booked (5)", text);
        Assert.Contains("Blocked, will not be booked (1)", text);
        Assert.Contains("**Tuesday 8 December 2026, 4:00pm to 4:45pm (UK time)**", text);
        Assert.Contains("**D1** Sam Patel is already booked in session", text);
        Assert.Contains("To fix it:", text);

        var done = await _alex.Click(card, "Book the 5 dates that pass");
        Assert.Contains("Not booked: Tue 8 Dec 2026 (D1).", done.Text);
        Assert.Equal(5, _h.Db.Sessions.Count(s => s.SeriesId != null));
    }

    [Fact]
    public async Task A_series_without_an_end_is_asked_about_plainly_and_a_typed_length_shows_the_dates()
    {
        var replies = await _alex.Say("book session growth with Sam Patel every Tuesday at 4pm, 45 min");

        Assert.Contains("I can't book this series as asked (\"every Tuesday\"): How long should the series run?", replies.Text);
        Assert.Contains("Nothing has been booked.", replies.Text);

        var card = (await _alex.Say("for 3 weeks")).Card;
        Assert.Contains("Can be booked (3)", CardJson.Text(card));
        Assert.Empty(_h.Db.Sessions.FindAll());
    }

    [Fact]
    public async Task Twenty_seven_weeks_is_refused_saying_the_limit_and_why()
    {
        var replies = await _alex.Say("book session growth with Sam Patel every Tuesday at 4pm for 27 weeks, 45 min");

        Assert.Contains("A series can have at most 26 dates (half a school year of weekly sessions), and this one would have 27.", replies.Text);
        Assert.Empty(_h.Db.Sessions.FindAll());
    }

    [Fact]
    public async Task A_group_series_is_sent_for_one_approval_and_the_manager_s_one_click_books_every_date()
    {
        var card = await SeriesCardAsync("book group session growth with Sam Patel and Sami Patil every Monday at 10 for 3 weeks");
        Assert.Contains("must approve it once, for all its dates", CardJson.Text(card));

        var sent = await _alex.Click(card, "Send 3 dates for approval");

        Assert.Contains("for one approval (P10)", sent.Text);
        var notice = Assert.Single(_h.Db.Notices.FindAll(), n => n.CardJson is not null);
        var approval = JObject.Parse(notice.CardJson!);
        Assert.Contains("Group series needs approval: 3 dates", CardJson.Text(approval));

        var morgan = _h.Personal(Person.Morgan);
        var approved = await morgan.Click(approval, "Confirm approval");

        Assert.Contains("Approved", CardJson.Text(approved.ReplacedCard!));
        Assert.All(_h.Db.Sessions.FindAll(), s => Assert.Equal(SessionStatus.Scheduled, s.Status));
        Assert.Equal(3, _h.Db.Sessions.Count());
    }

    [Fact]
    public async Task My_sessions_shows_a_series_as_one_entry_and_one_date_then_the_rest_can_be_cancelled()
    {
        var single = await _alex.Say("book session growth with Lily Evans tomorrow at 4pm for 45 min");
        await _alex.Click(single.Card, "Confirm");
        await _alex.Click(await SeriesCardAsync("book session growth with Sam Patel every Tuesday at 4pm for 3 weeks"), "Book all 3 dates");
        var dates = _h.Db.Sessions.Find(s => s.SeriesId != null).OrderBy(s => s.Start).ToList();

        var list = (await _alex.Say("my sessions")).Card;

        var text = CardJson.Text(list);
        Assert.Contains($"**Growth Programme** · Weekly series {dates[0].SeriesId}", text);
        Assert.Contains("One-to-one with Sam Patel · 3 dates to come", text);
        Assert.Contains($"Tue 1 Dec 2026, 4:00pm ({dates[0].Id})", text);
        Assert.Contains($"Tue 15 Dec 2026, 4:00pm ({dates[2].Id})", text);
        Assert.Single(CardJson.Titles(list), t => t == "Cancel the rest of the series");
        Assert.Contains("with Lily Evans", text); // the single session is still listed as before

        // One date: the same Cancel as any session.
        var sure = await ClickNth(list, "Cancel", 1); // the series comes first: [0] 1 Dec, [1] 8 Dec, [2] 15 Dec, then Lily's
        Assert.Contains($"Cancel session {dates[1].Id}?", CardJson.Text(sure.ReplacedCard!));
        var afterOne = await _alex.Click(sure.ReplacedCard!, "Cancel the session");
        Assert.Equal(SessionStatus.Cancelled, _h.Db.Sessions.FindById(dates[1].Id).Status);
        Assert.Contains("2 dates to come", CardJson.Text(afterOne.ReplacedCard!));
        var cancelledId = dates[1].Id;
        Assert.Equal(InvitationKind.Cancelled, _h.Db.GuardianEmails.Find(e => e.SessionId == cancelledId).First().Kind);

        // The rest.
        var rest = await _alex.Click(afterOne.ReplacedCard!, "Cancel the rest of the series");
        Assert.Contains($"Cancel the rest of series {dates[0].SeriesId}?", CardJson.Text(rest.ReplacedCard!));
        var afterRest = await _alex.Click(rest.ReplacedCard!, "Cancel these dates");

        Assert.Contains($"Cancelled the rest of series {dates[0].SeriesId}: 2 dates ({dates[0].Id}, {dates[2].Id}).", CardJson.Text(afterRest.ReplacedCard!));
        Assert.All(dates, d => Assert.Equal(SessionStatus.Cancelled, _h.Db.Sessions.FindById(d.Id).Status));
        Assert.DoesNotContain("Cancel the rest of the series", CardJson.Titles(afterRest.ReplacedCard!));
    }

    [Fact]
    public async Task Cancel_the_rest_is_refused_to_someone_who_neither_hosts_nor_manages()
    {
        await _alex.Click(await SeriesCardAsync("book session growth with Sam Patel every Tuesday at 4pm for 2 weeks"), "Book all 2 dates");
        var list = (await _alex.Say("my sessions")).Card;

        var riley = _h.Personal(Person.Riley);
        var refused = await riley.Click(list, "Cancel the rest of the series");

        Assert.Contains("Only the series' host or a manager can cancel series", refused.InvokeMessage);
        Assert.All(_h.Db.Sessions.FindAll(), s => Assert.Equal(SessionStatus.Scheduled, s.Status));
    }
}

using Chexs.Bot.Invitations;
using Chexs.Bot.Notices;
using Chexs.Bot.Records;
using Chexs.Bot.Tests.Safeguarding;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Tests.Conversations;

/// <summary>"book session": every path of the booking conversation, through ChexsBot and the real services.</summary>
public sealed class BookingTests : IDisposable
{
    private const string SamTomorrow = "book session growth with Sam Patel tomorrow 4pm for 45 min";

    private readonly ConversationHarness _h = new();
    private readonly Chat _alex;

    public BookingTests() => _alex = _h.Personal(Person.Alex);

    public void Dispose() => _h.Dispose();

    private static DateTimeOffset Local(int y, int mo, int d, int h, int mi = 0) => PolicyScenario.Local(y, mo, d, h, mi);

    private static void SummaryShows(JObject card, params string[] parts)
    {
        Assert.Equal("Check this booking", (string?)card["body"]![0]!["text"]);
        var text = CardJson.Text(card);
        foreach (var part in parts) Assert.Contains(part, text);
    }

    [Fact]
    public async Task One_line_fills_every_slot_and_Confirm_books_a_one_to_one_with_the_confirmation_card_in_the_1to1_chat()
    {
        var summary = await _alex.Say(SamTomorrow);

        var card = summary.Card;
        SummaryShows(card, "Growth Programme", "Thursday 26 November 2026, 4:00pm to 4:45pm (UK time)", "45 minutes", "One-to-one", "- Sam Patel");
        Assert.Equal(["Confirm", "Change", "Cancel"], CardJson.Titles(card));
        Assert.Empty(summary.Texts);
        Assert.Empty(_h.Db.Sessions.FindAll());

        var confirmed = await _alex.Click(card, "Confirm");

        var session = _h.OnlySession();
        Assert.Equal((SessionStatus.Scheduled, Programme.Growth, SessionKind.OneToOne, 45, Person.Alex.AadObjectId, Person.Alex.AadObjectId),
            (session.Status, session.Programme, session.Kind, session.DurationMinutes, session.HostId, session.CreatedBy));
        Assert.Equal(["P-0001"], session.PupilIds);
        Assert.Equal(Local(2026, 11, 26, 16), session.Start);
        Assert.Equal((string)CardJson.Action(card, "Confirm")["data"]!["draftId"]!, session.Id);

        // The confirmation card: full name and passcode, in the host's own 1:1 chat.
        var confirmation = confirmed.Card;
        var text = CardJson.Text(confirmation);
        Assert.Contains("Session booked", text);
        Assert.Contains(session.Id, text);
        Assert.Contains("- Sam Patel", text);
        Assert.Contains($"Meeting passcode: {session.Meeting!.Passcode}", text);
        Assert.Contains("P7:", text);
        Assert.DoesNotContain(session.Meeting.JoinUrl, confirmed.Everything);
        Assert.Contains("on its way to 2 parent/guardian email addresses", confirmed.Text);

        // The stored copy is the card as sent, minus the passcode.
        Assert.NotNull(session.ConfirmationCardJson);
        Assert.Contains("Sam Patel", session.ConfirmationCardJson);
        Assert.DoesNotContain(session.Meeting.Passcode, session.ConfirmationCardJson);

        // The clicked summary is replaced by a copy without buttons.
        Assert.Empty(CardJson.Titles(confirmed.ReplacedCard!));
        Assert.Contains("You chose: Confirm", CardJson.Text(confirmed.ReplacedCard!));

        Assert.Equal(2, _h.Db.GuardianEmails.Count(e => e.SessionId == session.Id && e.Kind == InvitationKind.Invitation));
        Assert.Contains(_h.Db.Audit.FindAll(), a => a.Action == "session.booked" && a.Records.Contains(session.Id));
    }

    [Fact]
    public async Task Slot_by_slot_asks_only_for_what_is_missing_with_buttons_where_choices_are_few()
    {
        // Pupils first now: the programme is worked out from their records and asked only when they differ.
        var who = await _alex.Say("book session");
        Assert.StartsWith("Who is the session with?", who.Text);

        var when = await _alex.Say("Sam Patel");
        Assert.StartsWith("When should it start?", when.Text);

        var length = await _alex.Say("Tue 16:30");
        Assert.Equal("How long should it be?", length.Text);
        Assert.Equal(["45 minutes (usual)", "30 minutes", "60 minutes"], length.ButtonTitles);

        var summary = await _alex.Press(length, "45 minutes (usual)");
        SummaryShows(summary.Card, "Growth Programme", "Tuesday 1 December 2026, 4:30pm to 5:15pm (UK time)", "One-to-one", "- Sam Patel",
            "Growth Programme: the programme Sam Patel is on");

        var booked = await _alex.Say("yes");
        Assert.Contains("Session booked", CardJson.Text(booked.Card));
        Assert.Equal(SessionStatus.Scheduled, _h.OnlySession().Status);
    }

    [Fact]
    public async Task The_programme_is_asked_with_buttons_only_when_the_pupils_records_do_not_settle_it()
    {
        var programme = await _alex.Say("book session with Sam Patel and Zara Ahmed");
        Assert.Equal("Which programme is the session for? (Sam Patel: Growth; Zara Ahmed: Afterschool Leadership)", Assert.Single(programme.Texts));
        Assert.Equal(["Growth Programme", "Afterschool Leadership Programme"], programme.ButtonTitles);

        var when = await _alex.Press(programme, "Growth Programme");
        Assert.StartsWith("When should it start?", when.Text);
    }

    [Fact]
    public async Task An_ambiguous_name_is_asked_about_with_a_button_per_pupil()
    {
        var which = await _alex.Say("book session growth with SP tomorrow 4pm for 45 min");

        Assert.Equal("\"SP\" could be more than one pupil. Which did you mean?", which.Text);
        // Labels say what differs (age, school year) and are short enough for Teams; the school and the rest sit underneath.
        Assert.Equal(["Sam Patel (15, Y11)", "Sami Patil (14, Y10)"], which.ButtonTitles.Order());
        Assert.All(which.ButtonDetails, d => Assert.Contains("Northfield Academy", d));

        var summary = await _alex.Press(which, "Sami Patil (14, Y10)");
        SummaryShows(summary.Card, "- Sami Patil");
        Assert.DoesNotContain("Sam Patel", CardJson.Text(summary.Card));
    }

    [Fact]
    public async Task A_typo_close_to_two_pupils_is_ambiguous_too()
    {
        var which = await _alex.Say("book session growth with Sam Patil tomorrow 4pm for 45 min");
        Assert.Contains("could be more than one pupil", which.Text);
        Assert.Equal(2, which.Buttons.Count);
    }

    [Fact]
    public async Task An_unknown_pupil_is_named_and_asked_for_again()
    {
        var asked = await _alex.Say("book session growth with Nobody Known tomorrow 4pm for 45 min");

        Assert.Equal("I can't find a pupil called \"Nobody Known\". Check the spelling, or type their full name.", asked.Texts[0]);
        Assert.StartsWith("Who is the session with?", asked.Texts[1]);

        var again = await _alex.Say("Zebedee");
        Assert.StartsWith("I can't find a pupil called \"Zebedee\"", again.Text);
        Assert.Contains("Who is the session with?", again.Text);

        var summary = await _alex.Say("sam patel");
        SummaryShows(summary.Card, "- Sam Patel", "Thursday 26 November 2026, 4:00pm");
    }

    [Fact]
    public async Task An_invalid_date_is_explained_and_asked_again_and_nothing_typed_before_is_lost()
    {
        await _alex.Say("book session growth with Sam Patel for 45 min");

        var bad = await _alex.Say("31/02 4pm");
        Assert.Contains("31/02", bad.Text);
        Assert.Contains("When should it start?", bad.Text);

        var past = await _alex.Say("25/11 9am");
        Assert.Contains("has already passed", past.Text);

        var summary = await _alex.Say("tomorrow 4pm");
        SummaryShows(summary.Card, "Growth Programme", "- Sam Patel", "45 minutes", "Thursday 26 November 2026, 4:00pm");
    }

    [Fact]
    public async Task Three_unusable_answers_give_up_clearly_and_book_nothing()
    {
        await _alex.Say("book session growth with Sam Patel for 45 min");
        await _alex.Say("whenever");
        await _alex.Say("soonish");
        var gaveUp = await _alex.Say("later");

        Assert.Contains("Sorry — that's 3 tries without an answer I can use.", gaveUp.Text);
        Assert.Contains("I've stopped booking a session (Growth Programme, Sam Patel). Nothing has been changed.", gaveUp.Text);
        Assert.Empty(_h.Db.Sessions.FindAll());

        // The conversation is free again: the next message is a command, not an answer.
        var help = await _alex.Say("help");
        Assert.Contains("book session", CardJson.Text(help.Card));
    }

    [Fact]
    public async Task Cancel_midway_stops_and_says_what_was_dropped()
    {
        await _alex.Say("book session growth with Sam Patel");
        var stopped = await _alex.Say("cancel");

        Assert.Equal("OK. I've stopped booking a session (Growth Programme, Sam Patel). Nothing has been changed.", stopped.Text);
        Assert.Empty(_h.Db.Sessions.FindAll());
        Assert.Empty(_h.Db.Notices.FindAll());
    }

    [Fact]
    public async Task Help_midway_explains_the_step_and_asks_the_same_question_again()
    {
        await _alex.Say("book session growth");
        var help = await _alex.Say("help");

        Assert.Contains("First names, initials and small typos are fine", help.Texts[0]);
        Assert.Contains("You're booking a session.", help.Texts[0]);
        Assert.StartsWith("Who is the session with?", help.Texts[1]);

        var next = await _alex.Say("Sam Patel");
        Assert.StartsWith("When should it start?", next.Text);
    }

    [Fact]
    public async Task Cancel_on_the_summary_card_books_nothing()
    {
        var summary = await _alex.Say(SamTomorrow);
        var cancelled = await _alex.Click(summary.Card, "Cancel");

        Assert.Equal("OK, I've stopped. Nothing was booked.", cancelled.Text);
        Assert.Empty(_h.Db.Sessions.FindAll());
        Assert.Empty(_h.Db.GuardianEmails.FindAll());

        // The card's Confirm, clicked later, finds nothing open and books nothing.
        var late = await _alex.Click(summary.Card, "Confirm");
        Assert.Equal("That booking is no longer open, so nothing was booked. Type \"book session\" to start again.", late.InvokeMessage);
        Assert.Empty(_h.Db.Sessions.FindAll());
    }

    [Fact]
    public async Task A_second_Confirm_click_shows_the_booking_already_made_and_books_nothing_more()
    {
        var summary = await _alex.Say(SamTomorrow);
        await _alex.Click(summary.Card, "Confirm");
        var session = _h.OnlySession();

        var again = await _alex.Click(summary.Card, "Confirm");

        Assert.Single(_h.Db.Sessions.FindAll());
        Assert.Equal(2, _h.Db.GuardianEmails.Count());
        Assert.Single(_h.Db.Audit.Find(a => a.Action == "session.booked"));
        var shown = CardJson.Text(again.ReplacedCard!);
        Assert.Contains("Session booked", shown);
        Assert.Contains(session.Id, shown);
        Assert.DoesNotContain(session.Meeting!.Passcode, again.Everything);
        Assert.Empty(again.Messages);
    }

    [Fact]
    public async Task Typing_confirm_twice_books_once()
    {
        await _alex.Say(SamTomorrow);
        await _alex.Say("confirm");
        var second = await _alex.Say("confirm");

        Assert.Single(_h.Db.Sessions.FindAll());
        Assert.Equal(ChexsBotReplies.Unknown, second.Text);
    }

    [Fact]
    public async Task Change_asks_which_field_asks_it_again_and_checks_again()
    {
        var summary = await _alex.Say(SamTomorrow);
        var which = await _alex.Click(summary.Card, "Change");
        Assert.Equal("What would you like to change?", which.Text);
        Assert.Equal(["Programme", "Pupils", "Day and time", "Length", "One-to-one or group"], which.ButtonTitles);

        var when = await _alex.Press(which, "Day and time");
        Assert.StartsWith("When should it start?", when.Text);

        var changed = await _alex.Say("Fri 10:00");
        SummaryShows(changed.Card, "Friday 27 November 2026, 10:00am to 10:45am (UK time)", "- Sam Patel", "45 minutes");

        await _alex.Click(changed.Card, "Confirm");
        Assert.Equal(Local(2026, 11, 27, 10), _h.OnlySession().Start);
    }

    [Fact]
    public async Task Change_pupils_re_infers_one_to_one_or_group()
    {
        var summary = await _alex.Say(SamTomorrow);
        var which = await _alex.Click(summary.Card, "Change");
        await _alex.Press(which, "Pupils");
        var changed = await _alex.Say("Sam Patel and Sami Patil");

        // Two pupils make it a group, which needs 24 hours' notice (G2): tomorrow 4pm still has it.
        SummaryShows(changed.Card, "Group of 2", "- Sam Patel", "- Sami Patil");
        Assert.Contains("Send for approval", CardJson.Titles(changed.Card));
    }

    [Theory]
    [InlineData("book session growth with Zara Ahmed tomorrow 4pm for 45 min", "P1", "Zara Ahmed is not on the Growth Programme")]
    [InlineData("book session growth with Ella Wright tomorrow 4pm for 45 min", "P4", "no consent covers Ella Wright")]
    [InlineData("book session growth with Mia Taylor tomorrow 4pm for 45 min", "P4", "there is no consent on record")]
    [InlineData("book session growth with Leo Okafor tomorrow 4pm for 45 min", "P4", "was withdrawn")]
    [InlineData("book session growth with Olivia Chen tomorrow 4pm for 45 min", "P5", "does not cover recording")]
    [InlineData("book session growth with Sam Patel and Jack Murphy next Monday at 10 for 45 min", "P10", "Jack Murphy's consent")]
    [InlineData("book session growth with Sam Patel tomorrow 4pm for 90 min", "G1", "sessions last at most 60 minutes; this one is 90")]
    [InlineData("book session growth with Sam Patel and Sami Patil today 4pm for 45 min", "G2", "group sessions need at least 24 hours notice")]
    public async Task Each_blocking_rule_is_shown_with_its_id_the_problem_and_the_fix(string line, string ruleId, string problem)
    {
        var blocked = await _alex.Say(line);

        var card = blocked.Cards[0];
        Assert.Equal("I can't book this session", (string?)card["body"]![0]!["text"]);
        var text = CardJson.Text(card);
        Assert.Contains($"**{ruleId}** ", text);
        Assert.Contains(problem, text);
        Assert.Contains("To fix it: ", text);
        Assert.Contains("Nothing has been booked.", text);
        Assert.Equal("Nothing has been booked. Would you like to change something, or stop here?", blocked.Text);
        Assert.Equal(["Change something", "Stop here"], blocked.ButtonTitles);
        Assert.Empty(_h.Db.Sessions.FindAll());
    }

    [Fact]
    public async Task Double_booking_the_host_is_blocked_with_D1()
    {
        var first = await _alex.Say(SamTomorrow);
        await _alex.Click(first.Card, "Confirm");
        var booked = _h.OnlySession();

        var clash = await _alex.Say("book session growth with Sami Patil tomorrow 4:30pm for 30 min");

        var text = CardJson.Text(clash.Cards[0]);
        Assert.Contains("**D1** Alex Host is already in session " + booked.Id, text);
        Assert.Contains("To fix it: Choose another time, or another host.", text);
        Assert.Single(_h.Db.Sessions.FindAll());
    }

    [Fact]
    public async Task A_blocked_booking_can_be_changed_into_an_allowed_one()
    {
        var blocked = await _alex.Say("book session growth with Sam Patel tomorrow 4pm for 90 min");
        var which = await _alex.Press(blocked, "Change something");
        var length = await _alex.Press(which, "Length");
        var summary = await _alex.Press(length, "45 minutes (usual)");

        SummaryShows(summary.Card, "45 minutes", "4:00pm to 4:45pm");
        await _alex.Click(summary.Card, "Confirm");
        Assert.Equal(45, _h.OnlySession().DurationMinutes);
    }

    [Fact]
    public async Task Stop_here_after_a_block_ends_the_booking()
    {
        var blocked = await _alex.Say("book session growth with Mia Taylor tomorrow 4pm for 45 min");
        var stopped = await _alex.Press(blocked, "Stop here");
        Assert.Contains("Nothing", stopped.Text);
        Assert.Empty(_h.Db.Sessions.FindAll());
        Assert.Contains("book session", CardJson.Text((await _alex.Say("help")).Card));
    }

    [Fact]
    public async Task The_length_question_refuses_more_than_G1_allows()
    {
        await _alex.Say("book session growth with Sam Patel tomorrow 4pm");
        var tooLong = await _alex.Say("2 hours");
        Assert.StartsWith("G1: sessions last at most 60 minutes, and 2 hours is longer.", tooLong.Text);
        Assert.Contains("How long should it be?", tooLong.Text);
        var summary = await _alex.Say("an hour");
        SummaryShows(summary.Card, "1 hour");
    }

    [Fact]
    public async Task An_under_14_participant_adds_the_P9_line_to_the_summary_and_the_checklist()
    {
        var summary = await _alex.Say("book session growth with Lily Evans tomorrow 4pm for 45 min");
        Assert.Contains("Under 14 on the session date: Lily Evans. An adult must be present or close by for the whole session (P9).", CardJson.Text(summary.Card));

        var booked = await _alex.Click(summary.Card, "Confirm");
        Assert.Contains("P9: a participant is under 14", CardJson.Text(booked.Card));
        Assert.True(_h.OnlySession().AdultPresenceRequired);
    }

    [Fact]
    public async Task A_group_is_sent_for_approval_to_the_line_manager_and_nothing_is_made_yet()
    {
        var summary = await _alex.Say("book session growth with Sam Patel and Sami Patil next Monday at 10 for 45 min");
        var card = summary.Card;
        SummaryShows(card, "Group of 2", "Group session: your line manager, Morgan Manager, must approve it before the meeting is created or any invitation is sent (P10).");
        Assert.Equal(["Send for approval", "Change", "Cancel"], CardJson.Titles(card));

        var sent = await _alex.Click(card, "Send for approval");

        var session = _h.OnlySession();
        Assert.Equal(SessionStatus.AwaitingApproval, session.Status);
        Assert.Equal(SessionKind.Group, session.Kind);
        Assert.Null(session.Meeting);
        Assert.Empty(_h.Db.GuardianEmails.FindAll());
        Assert.Equal($"I've sent session {session.Id} to Morgan Manager for approval (P10). Nothing is booked yet: no Zoom meeting is made and no guardian hears anything until a manager approves. I'll tell you here when they decide.", sent.Text);

        var notice = Assert.Single(_h.Db.Notices.FindAll());
        Assert.Equal(Person.Morgan.AadObjectId, notice.Recipient);
        var request = JObject.Parse(notice.CardJson!);
        Assert.Equal(["Approve", "Reject"], CardJson.Titles(request).Where(t => t is "Approve" or "Reject"));
        // Morgan's own 1:1 chat: who exactly, with age and school year ("S.P." would fit both Sam Patel and Sami Patil).
        Assert.Contains("Sam Patel (", notice.CardJson);
        Assert.Contains("Sami Patil (", notice.CardJson);
        Assert.DoesNotContain("S.P.", notice.CardJson);
    }

    [Fact]
    public async Task A_click_with_altered_card_data_is_refused_and_nothing_is_booked()
    {
        var summary = await _alex.Say(SamTomorrow);
        var data = (JObject)CardJson.Action(summary.Card, "Confirm")["data"]!.DeepClone();
        data["draftId"] = "S-HACKD";

        var refused = await _alex.Execute("booking.confirm", data);

        Assert.Contains("I can't act on that card: its details don't match what I sent. Nothing was changed.", refused.Text);
        Assert.Empty(_h.Db.Sessions.FindAll());

        // The real card still works.
        await _alex.Click(summary.Card, "Confirm");
        Assert.Equal(SessionStatus.Scheduled, _h.OnlySession().Status);
    }

    [Fact]
    public async Task The_review_warning_on_the_summary_does_not_stop_a_booking()
    {
        using var overdue = new ConversationHarness(reviewOverdue: true);
        var alex = overdue.Personal(Person.Alex);
        var summary = await alex.Say(SamTomorrow);

        // The day's banner comes first; the summary itself does not repeat P15.
        Assert.StartsWith("Policy review overdue (P15)", CardJson.Text(summary.Cards[0]));
        Assert.DoesNotContain("P15", CardJson.Text(summary.Cards[1]));
        await alex.Click(summary.Cards[1], "Confirm");
        Assert.Equal(SessionStatus.Scheduled, overdue.OnlySession().Status);
    }

    [Fact]
    public async Task When_Zoom_fails_the_reason_is_given_and_clearly_nothing_was_booked()
    {
        await using var zoom = await Chexs.Bot.Tests.Zoom.FakeZoomServer.StartAsync(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(ConversationHarness.DefaultNow));
        using var h = new ConversationHarness(settings: new Dictionary<string, string?>
        {
            ["Zoom:AccountId"] = Chexs.Bot.Tests.Zoom.FakeZoomServer.AccountId,
            ["Zoom:ClientId"] = Chexs.Bot.Tests.Zoom.FakeZoomServer.ClientId,
            ["Zoom:ClientSecret"] = Chexs.Bot.Tests.Zoom.FakeZoomServer.ClientSecret,
            ["Zoom:WebhookSecretToken"] = "webhook-secret",
            ["Zoom:ApiBaseUrl"] = zoom.ApiBaseUrl,
            ["Zoom:OAuthUrl"] = zoom.OAuthUrl,
        });
        zoom.Script("create", Chexs.Bot.Tests.Zoom.Fault.ServerError(503));
        var alex = h.Personal(Person.Alex);

        var summary = await alex.Say(SamTomorrow);
        var failed = await alex.Click(summary.Card, "Confirm");

        Assert.StartsWith("Nothing was booked: ", failed.Text);
        Assert.Empty(h.Db.Sessions.FindAll());
        Assert.Empty(h.Db.GuardianEmails.FindAll());
        Assert.Single(zoom.For("create"));
    }
}

internal static class ChexsBotReplies
{
    public const string Unknown = Chexs.Bot.Teams.ChexsBot.UnknownTextReply;
}

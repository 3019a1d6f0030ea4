using Chexs.Bot.Invitations;
using Chexs.Bot.Records;
using Chexs.Bot.Tests.Safeguarding;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Tests.Conversations;

/// <summary>"my sessions" with its Cancel / Reschedule buttons, and the typed "cancel session" and "reschedule session".</summary>
public sealed class SessionsTests : IDisposable
{
    private readonly ConversationHarness _h = new();
    private readonly Chat _alex;

    public SessionsTests() => _alex = _h.Personal(Person.Alex);

    public void Dispose() => _h.Dispose();

    private static DateTimeOffset Local(int y, int mo, int d, int h, int mi = 0) => PolicyScenario.Local(y, mo, d, h, mi);

    private async Task<Session> BookAsync(string line)
    {
        var summary = await _alex.Say(line);
        await _alex.Click(summary.Card, "Confirm");
        var session = _h.Db.Sessions.FindById((string)CardJson.Action(summary.Card, "Confirm")["data"]!["draftId"]!);
        Assert.Equal(SessionStatus.Scheduled, session.Status);
        return session;
    }

    /// <summary>As if the email worker had sent the invitations: later changes are then owed to the guardians.</summary>
    private void InvitationsSent()
    {
        foreach (var row in _h.Db.GuardianEmails.FindAll().ToList())
        {
            row.Status = OutboxStatus.Sent;
            _h.Db.GuardianEmails.Update(row);
        }
    }

    private Session Reload(Session s) => _h.Db.Sessions.FindById(s.Id);

    private static IReadOnlyList<JObject> Items(JObject mySessions) =>
        mySessions["body"]!.OfType<JObject>().Where(o => (string?)o["type"] == "Container").ToList();

    [Fact]
    public async Task My_sessions_lists_upcoming_sessions_soonest_first_with_full_names_and_a_cancel_and_reschedule_each()
    {
        var later = await BookAsync("book session growth with Sami Patil Fri 10:00 for 30 min");
        var sooner = await BookAsync("book session growth with Sam Patel tomorrow 4pm for 45 min");

        var list = (await _alex.Say("my sessions")).Card;

        Assert.Equal("Your sessions", (string?)list["body"]![0]!["text"]);
        var items = Items(list);
        Assert.Equal(2, items.Count);
        Assert.Contains(sooner.Id, CardJson.Text(items[0]));
        Assert.Contains("Sam Patel", CardJson.Text(items[0]));
        Assert.Contains(later.Id, CardJson.Text(items[1]));
        Assert.Equal(["Start meeting", "Reschedule", "Cancel", "Raise a concern", "Start meeting", "Reschedule", "Cancel", "Raise a concern"], CardJson.Titles(list));
        // The guardians the invitations went to, in full in this 1:1 chat.
        Assert.Contains("Invitations: ", CardJson.Text(items[0]));
    }

    [Fact]
    public async Task My_sessions_with_nothing_booked_says_so()
    {
        var list = (await _alex.Say("my sessions")).Card;
        Assert.Contains("You have no sessions today or coming up.", CardJson.Text(list));
        Assert.Equal(["Book a session"], CardJson.Titles(list));

        // The next step is one click: the booking starts and asks who it is with.
        var booking = await _alex.Click(list, "Book a session");
        Assert.Equal("OK", booking.InvokeMessage);
        Assert.Contains("pupil", booking.Text + string.Join("\n", booking.Cards.Select(CardJson.Text)), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Cancel_on_my_sessions_asks_first_then_cancels_with_the_reason_and_shows_the_refreshed_list()
    {
        var session = await BookAsync("book session growth with Sam Patel tomorrow 4pm for 45 min");
        InvitationsSent();
        var list = (await _alex.Say("my sessions")).Card;

        var sure = await _alex.Click(list, "Cancel");
        var confirm = sure.ReplacedCard!;
        Assert.Contains($"Cancel session {session.Id}?", CardJson.Text(confirm));
        Assert.Equal(SessionStatus.Scheduled, Reload(session).Status);

        var done = await _alex.Click(confirm, "Cancel the session", new { reason = "Sam is unwell" });

        Assert.Equal(SessionStatus.Cancelled, Reload(session).Status);
        Assert.Equal("Sam is unwell", Reload(session).CancelledReason);
        Assert.Equal(2, _h.Db.GuardianEmails.Count(e => e.SessionId == session.Id && e.Kind == InvitationKind.Cancelled));
        var refreshed = CardJson.Text(done.ReplacedCard!);
        Assert.Contains($"Cancelled {session.Id}.", refreshed);
        Assert.Contains("You have no sessions today or coming up.", refreshed);
    }

    [Fact]
    public async Task Keep_it_changes_nothing()
    {
        var session = await BookAsync("book session growth with Sam Patel tomorrow 4pm for 45 min");
        var sure = await _alex.Click((await _alex.Say("my sessions")).Card, "Cancel");
        var kept = await _alex.Click(sure.ReplacedCard!, "Keep it");

        Assert.Equal(SessionStatus.Scheduled, Reload(session).Status);
        Assert.Contains("Nothing was changed", CardJson.Text(kept.ReplacedCard!));
    }

    [Fact]
    public async Task Reschedule_on_my_sessions_takes_a_typed_time_explains_a_bad_one_and_moves_the_session()
    {
        var session = await BookAsync("book session growth with Sam Patel tomorrow 4pm for 45 min");
        InvitationsSent();
        var form = (await _alex.Click((await _alex.Say("my sessions")).Card, "Reschedule")).ReplacedCard!;
        Assert.Contains($"Move session {session.Id}", CardJson.Text(form));

        var unreadable = (await _alex.Click(form, "Move it", new { newTime = "whenever suits" })).ReplacedCard!;
        Assert.Contains("I couldn't read \"whenever suits\"", CardJson.Text(unreadable));
        Assert.Equal(Local(2026, 11, 26, 16), Reload(session).Start);

        var moved = await _alex.Click(unreadable, "Move it", new { newTime = "Fri 5pm" });

        Assert.Equal(Local(2026, 11, 27, 17), Reload(session).Start);
        Assert.Contains($"Moved {session.Id} to Friday 27 November 2026, 5:00pm to 5:45pm (UK time). The guardians will get the new time by email.", CardJson.Text(moved.ReplacedCard!));
        Assert.Equal(2, _h.Db.GuardianEmails.Count(e => e.SessionId == session.Id && e.Kind == InvitationKind.Rescheduled));
    }

    [Fact]
    public async Task Reschedule_to_a_time_the_policy_refuses_shows_why_and_moves_nothing()
    {
        var sam = await BookAsync("book session growth with Sam Patel tomorrow 4pm for 45 min");
        var sami = await BookAsync("book session growth with Sami Patil Fri 10:00 for 30 min");
        var list = (await _alex.Say("my sessions")).Card;
        var form = (await _alex.Click(list, "Reschedule")).ReplacedCard!;   // the first: Sam's

        var refused = (await _alex.Click(form, "Move it", new { newTime = "Fri 10:15" })).ReplacedCard!;

        var text = CardJson.Text(refused);
        Assert.Contains("Nothing was moved:", text);
        Assert.Contains($"D1: Alex Host is already in session {sami.Id}", text);
        Assert.Equal(Local(2026, 11, 26, 16), Reload(sam).Start);
    }

    [Fact]
    public async Task Only_the_host_or_a_manager_may_cancel_from_a_card()
    {
        var session = await BookAsync("book session growth with Sam Patel tomorrow 4pm for 45 min");
        var confirm = (await _alex.Click((await _alex.Say("my sessions")).Card, "Cancel")).ReplacedCard!;

        var riley = await _h.Personal(Person.Riley).Click(confirm, "Cancel the session");
        Assert.Equal($"Only the session's host or a manager can cancel session {session.Id}. Nothing was changed.", riley.InvokeMessage);
        Assert.Equal(SessionStatus.Scheduled, Reload(session).Status);

        var morgan = await _h.Personal(Person.Morgan).Click(confirm, "Cancel the session");
        Assert.Equal(SessionStatus.Cancelled, Reload(session).Status);
        Assert.Contains($"Cancelled {session.Id}.", CardJson.Text(morgan.ReplacedCard!));
    }

    [Fact]
    public async Task A_my_sessions_button_with_altered_data_is_refused()
    {
        var session = await BookAsync("book session growth with Sam Patel tomorrow 4pm for 45 min");
        var list = (await _alex.Say("my sessions")).Card;
        var data = (JObject)CardJson.Action(list, "Cancel")["data"]!.DeepClone();
        data["step"] = "confirm";   // skip the "are you sure?" by editing the button

        var refused = await _alex.Execute("session.cancel", data);

        Assert.StartsWith("I can't act on that card: its details don't match what I sent.", refused.InvokeMessage);
        Assert.Equal(SessionStatus.Scheduled, Reload(session).Status);
    }

    [Fact]
    public async Task Cancel_session_with_a_reference_asks_to_confirm_then_cancels()
    {
        var session = await BookAsync("book session growth with Sam Patel tomorrow 4pm for 45 min");

        var sure = await _alex.Say($"cancel session {session.Id.ToLowerInvariant()}");
        Assert.StartsWith($"Cancel {session.Id} (Growth Programme, Thursday 26 November 2026, 4:00pm to 4:45pm (UK time), with Sam Patel)?", sure.Text);
        Assert.Equal(["Cancel it", "Keep it"], sure.ButtonTitles);

        var done = await _alex.Press(sure, "Cancel it");
        Assert.StartsWith($"Cancelled {session.Id}.", done.Text);
        Assert.Equal(SessionStatus.Cancelled, Reload(session).Status);
        Assert.Equal("Cancelled by Alex Host in Teams", Reload(session).CancelledReason);
    }

    [Fact]
    public async Task Cancel_session_without_a_reference_asks_which_and_no_keeps_it()
    {
        var sam = await BookAsync("book session growth with Sam Patel tomorrow 4pm for 45 min");
        var sami = await BookAsync("book session growth with Sami Patil Fri 10:00 for 30 min");

        var which = await _alex.Say("cancel session");
        Assert.Equal("Which session do you want to cancel?", which.Text);
        Assert.Equal(2, which.Buttons.Count);
        // Labels are the day, time and pupil now (the reference is in the line under the button).
        Assert.Equal(["Thu 26 Nov 16:00 · Sam P.", "Fri 27 Nov 10:00 · Sami P."], which.ButtonTitles);
        var sure = await _alex.Press(which, "Fri 27 Nov 10:00 · Sami P.");
        Assert.StartsWith($"Cancel {sami.Id}", sure.Text);

        var kept = await _alex.Say("no");
        Assert.Equal($"OK, {sami.Id} stays as it is. Nothing was changed.", kept.Text);
        Assert.Equal(SessionStatus.Scheduled, Reload(sami).Status);
        Assert.Equal(SessionStatus.Scheduled, Reload(sam).Status);
    }

    [Fact]
    public async Task Cancel_session_refuses_what_it_cannot_find_or_may_not_touch()
    {
        Assert.Contains("You have no upcoming sessions to cancel.", (await _alex.Say("cancel session")).Text);
        Assert.Equal("I can't find session S-ZZZZZ. Type \"my sessions\" to see yours.", (await _alex.Say("cancel session S-ZZZZZ")).Text);
        // "cancel session tomorrow" now means tomorrow's session; a malformed reference is still pointed out.
        Assert.Contains("doesn't look like a session reference", (await _alex.Say("cancel session S-12345")).Text);

        var session = await BookAsync("book session growth with Sam Patel tomorrow 4pm for 45 min");
        var riley = await _h.Personal(Person.Riley).Say($"cancel session {session.Id}");
        Assert.Equal($"Only the session's host or a manager can cancel session {session.Id}. Nothing was changed.", riley.Text);
        Assert.Equal(SessionStatus.Scheduled, Reload(session).Status);
    }

    [Fact]
    public async Task Reschedule_session_with_a_reference_and_a_time_moves_it_in_one_line()
    {
        var session = await BookAsync("book session growth with Sam Patel tomorrow 4pm for 45 min");

        // Like cancel, a move is confirmed first: old time, new time, who will be told; nothing moves yet.
        var confirm = await _alex.Say($"reschedule session {session.Id} to Fri 5pm");
        Assert.Equal(Local(2026, 11, 26, 16), Reload(session).Start);
        var card = CardJson.Text(confirm.Card);
        Assert.Contains("Thursday 26 November 2026, 4:00pm to 4:45pm", card);
        Assert.Contains("Friday 27 November 2026, 5:00pm to 5:45pm", card);
        Assert.Contains("Priya Patel and Arjun Patel (Sam Patel's guardians) will get the new time by email", card);

        var moved = await _alex.Click(confirm.Card, "Move it");

        Assert.StartsWith($"Moved {session.Id} from Thursday 26 November 2026, 4:00pm to 4:45pm (UK time) to Friday 27 November 2026, 5:00pm to 5:45pm (UK time).", moved.Text);
        Assert.Equal(Local(2026, 11, 27, 17), Reload(session).Start);
    }

    [Fact]
    public async Task Reschedule_session_asks_the_time_and_after_a_refusal_asks_again()
    {
        var sam = await BookAsync("book session growth with Sam Patel tomorrow 4pm for 45 min");
        var sami = await BookAsync("book session growth with Sami Patil Fri 10:00 for 30 min");

        var which = await _alex.Say("reschedule session");
        var when = await _alex.Press(which, "Thu 26 Nov 16:00 · Sam P.");
        Assert.StartsWith($"When should {sam.Id} move to? It's now Thursday 26 November 2026, 4:00pm to 4:45pm (UK time).", when.Text);

        var refused = await _alex.Say("Fri 10:15");
        Assert.Contains($"**D1** Alex Host is already in session {sami.Id}", CardJson.Text(refused.Card));
        Assert.Equal("I can't move the session to that time", (string?)refused.Card["body"]![0]!["text"]);
        Assert.StartsWith("Nothing was moved. Give another time", refused.Text);

        var confirm = await _alex.Say("Fri 2pm");
        var moved = await _alex.Click(confirm.Card, "Move it");
        Assert.StartsWith($"Moved {sam.Id}", moved.Text);
        Assert.Equal(Local(2026, 11, 27, 14), Reload(sam).Start);
    }
}

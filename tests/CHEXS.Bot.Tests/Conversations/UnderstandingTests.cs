using Chexs.Bot.Records;
using Chexs.Bot.Tests.Safeguarding;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Tests.Conversations;

/// <summary>
/// Staff saying it their way (issue "Say it the way staff say it"): whole-line commands, UK times, interruptions,
/// typed corrections at the summary, choices told apart and answered in words, and the bot saying what it understood.
/// </summary>
public sealed class UnderstandingTests : IDisposable
{
    private const string SamTomorrow = "book session growth with Sam Patel tomorrow 4pm for 45 min";

    private readonly ConversationHarness _h = new();
    private readonly Chat _alex;

    public UnderstandingTests() => _alex = _h.Personal(Person.Alex);

    public void Dispose() => _h.Dispose();

    private static DateTimeOffset Local(int y, int mo, int d, int h, int mi = 0) => PolicyScenario.Local(y, mo, d, h, mi);

    private async Task<Session> BookAsync(string line)
    {
        var summary = await _alex.Say(line);
        await _alex.Click(summary.Card, "Confirm");
        return _h.Db.Sessions.FindById((string)CardJson.Action(summary.Card, "Confirm")["data"]!["draftId"]!);
    }

    [Theory]
    [InlineData("book Sam Patel tomorrow 4pm")]
    [InlineData("hello, can you book Sam Patel in for tomorrow at 4pm?")]
    [InlineData("schedule a session with Sam Patel tomorrow at 4pm")]
    [InlineData("could you set up a 1:1 with sam patel tomorrow at 4pm please")]
    [InlineData("Sam Patel 1:1 tomorrow 4pm")]
    public async Task Booking_lines_are_understood_however_they_are_put(string line)
    {
        var replies = await _alex.Say(line);
        Assert.DoesNotContain(ChexsBotReplies.Unknown, replies.Text);
        Assert.Equal("How long should it be?", replies.Texts[^1]);
        var summary = await _alex.Press(replies, "45 minutes (usual)");
        Assert.Contains("Thursday 26 November 2026, 4:00pm to 4:45pm", CardJson.Text(summary.Card));
        Assert.Contains("- Sam Patel", CardJson.Text(summary.Card));
    }

    [Theory]
    [InlineData("show my sessions")]
    [InlineData("what have I got coming up?")]
    [InlineData("can I see my bookings please")]
    public async Task Asking_for_the_list_in_other_words_shows_my_sessions(string line)
    {
        var replies = await _alex.Say(line);
        Assert.Equal("Your sessions", (string?)replies.Card["body"]![0]!["text"]);
    }

    [Fact]
    public async Task Cancel_with_a_reference_alone_is_understood()
    {
        var session = await BookAsync(SamTomorrow);
        var sure = await _alex.Say($"cancel {session.Id}");
        Assert.StartsWith($"Cancel {session.Id}", sure.Text);
        Assert.Equal(["Cancel it", "Keep it"], sure.ButtonTitles);
    }

    [Fact]
    public async Task UK_times_are_read_and_the_guess_is_said_back_on_the_summary()
    {
        var summary = await _alex.Say("book session with Lilly Evens next Tuesday at half four for 45 min");

        var text = CardJson.Text(summary.Card);
        Assert.Contains("Tuesday 1 December 2026, 4:30pm to 5:15pm", text);
        Assert.Contains("How I read your message", text);
        Assert.Contains("I took 'Lilly Evens' as Lily Evans (Growth, 12)", text);
        Assert.Contains("4:30pm — I took 'half four' as afternoon", text);
        Assert.Contains("Growth Programme: the programme Lily Evans is on", text);
    }

    [Fact]
    public async Task Words_that_were_not_used_are_said_on_the_summary()
    {
        var summary = await _alex.Say("book session growth with Sam Patel pronto tomorrow 4pm for 45 min");
        Assert.Contains("I didn't use: 'pronto'", CardJson.Text(summary.Card));
    }

    [Theory]
    [InlineData("book session with Sam Patel tomorrow at ٤pm for 45 min", 16, 0)]      // Arabic-Indic digits
    [InlineData("book session with Sam Patel tomorrow at ４:３０ｐｍ for 45 min", 16, 30)] // fullwidth
    [InlineData("book session with Sam Patel tomorrow at quarter to five for 45 min", 16, 45)]
    [InlineData("book session with Sam Patel tomorrow at noon for 45 min", 12, 0)]
    public async Task Times_in_other_scripts_and_words_are_read(string line, int hour, int minute)
    {
        await _alex.Click((await _alex.Say(line)).Card, "Confirm");
        Assert.Equal(Local(2026, 11, 26, hour, minute), _h.OnlySession().Start);
    }

    [Fact]
    public async Task Digits_that_make_no_time_are_refused_politely_never_an_error()
    {
        var replies = await _alex.Say("book session with Sam Patel tomorrow at ४:७५ for 45 min");   // Devanagari 4:75
        Assert.Contains("I couldn't read \"4:75\" as a time", replies.Text);
        Assert.DoesNotContain("error", replies.Text, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("When should it start?", replies.Texts[^1]);
    }

    [Fact]
    public async Task A_short_name_that_fits_two_pupils_is_asked_about_and_answered_in_words()
    {
        var which = await _alex.Say("book session with Sam tomorrow 4pm for 45 min");
        Assert.Equal("\"Sam\" could be more than one pupil. Which did you mean?", which.Text);
        Assert.Equal(["Sam Patel (15, Y11)", "Sami Patil (14, Y10)"], which.ButtonTitles);

        var summary = await _alex.Say("the second one");
        Assert.Contains("- Sami Patil", CardJson.Text(summary.Card));
    }

    [Theory]
    [InlineData("2")]
    [InlineData("2nd")]
    [InlineData("the second")]
    [InlineData("the one in year 10")]
    [InlineData("Sami")]
    [InlineData("the last one")]
    public async Task A_pupil_choice_is_answered_by_number_ordinal_or_what_tells_them_apart(string answer)
    {
        await _alex.Say("book session with SP tomorrow 4pm for 45 min");
        var summary = await _alex.Say(answer);
        Assert.Contains("- Sami Patil", CardJson.Text(summary.Card));
    }

    [Theory]
    [InlineData("the one with Sami")]
    [InlineData("Friday's")]
    [InlineData("the Friday one")]
    [InlineData("the 10am one")]
    [InlineData("second")]
    public async Task A_session_choice_is_answered_in_words(string answer)
    {
        await BookAsync(SamTomorrow);
        var sami = await BookAsync("book session growth with Sami Patil Fri 10:00 for 30 min");

        var which = await _alex.Say("cancel session");
        Assert.Equal(["Thu 26 Nov 16:00 · Sam P.", "Fri 27 Nov 10:00 · Sami P."], which.ButtonTitles);
        Assert.Contains(sami.Id, which.ButtonDetails[1]);

        var sure = await _alex.Say(answer);
        Assert.StartsWith($"Cancel {sami.Id}", sure.Text);
    }

    [Fact]
    public async Task A_clicked_choice_becomes_what_was_chosen_without_buttons()
    {
        var which = await _alex.Say("book session with SP tomorrow 4pm for 45 min");
        var clicked = await _alex.Press(which, "Sami Patil (14, Y10)");

        var frozen = clicked.ReplacedCard!;
        Assert.Empty(CardJson.Titles(frozen));
        Assert.Equal("You chose: Sami Patil (14, Y10)", (string?)frozen["body"]![0]!["text"]);
        Assert.Contains("Northfield Academy", (string?)frozen["body"]![1]!["text"]);
        Assert.DoesNotContain("Sam Patel", CardJson.Text(frozen));
    }

    [Fact]
    public async Task Cancel_names_the_session_by_pupil_and_day()
    {
        await BookAsync(SamTomorrow);
        var sami = await BookAsync("book session growth with Sami Patil Fri 10:00 for 30 min");

        var sure = await _alex.Say("can you cancel Sami's session on Friday please");
        Assert.StartsWith($"Cancel {sami.Id}", sure.Text);
    }

    [Fact]
    public async Task A_read_only_command_during_a_question_runs_and_the_question_resumes()
    {
        await BookAsync(SamTomorrow);
        await _alex.Say("book session with Sami Patil tomorrow");   // asks "What time?"

        var list = await _alex.Say("my sessions");

        Assert.Equal("Your sessions", (string?)list.Card["body"]![0]!["text"]);
        Assert.Equal("Back to booking Sami Patil's session:", list.Texts[^2]);
        Assert.StartsWith("When should it start?", list.Texts[^1]);
        var length = await _alex.Say("Friday at 2pm");
        Assert.Equal("How long should it be?", length.Text);
    }

    [Fact]
    public async Task Another_command_during_a_question_asks_before_stopping_and_no_carries_on()
    {
        var session = await BookAsync(SamTomorrow);
        await _alex.Say("book session with Sami Patil tomorrow");

        var asked = await _alex.Say($"cancel {session.Id}");
        Assert.Equal($"Stop booking Sami Patil's session and cancel {session.Id} instead?", asked.Text);
        Assert.Equal(["Yes, stop", "No, carry on"], asked.ButtonTitles);

        var carryOn = await _alex.Press(asked, "No, carry on");
        Assert.Equal("OK, let's carry on booking Sami Patil's session.", carryOn.Texts[0]);
        Assert.StartsWith("When should it start?", carryOn.Texts[^1]);
        Assert.Contains("You chose: No, carry on", CardJson.Text(carryOn.ReplacedCard!));
        Assert.Equal(SessionStatus.Scheduled, _h.OnlySession().Status);
    }

    [Fact]
    public async Task Yes_stops_what_was_under_way_and_runs_the_new_command()
    {
        var session = await BookAsync(SamTomorrow);
        await _alex.Say("book session with Sami Patil tomorrow");

        var asked = await _alex.Say($"cancel session {session.Id}");
        var switched = await _alex.Press(asked, "Yes, stop");

        Assert.Equal("OK. I've stopped booking a session (Growth Programme, Sami Patil). Nothing has been changed.", switched.Texts[0]);
        Assert.StartsWith($"Cancel {session.Id}", switched.Texts[^1]);
        var done = await _alex.Press(switched, "Cancel it");
        Assert.StartsWith($"Cancelled {session.Id}", done.Text);
    }

    [Fact]
    public async Task The_interruption_question_names_the_pupil_answered_in_the_form()
    {
        await _alex.Say("book session");
        await _alex.Say("Sami Patil");
        var asked = await _alex.Say("record consent");
        Assert.Equal("Stop booking Sami Patil's session and record a consent instead?", asked.Text);

        var answered = await _alex.Say("tomorrow at 3pm");   // neither yes nor no: an answer to the waiting question
        Assert.Equal("How long should it be?", answered.Text);
    }

    [Fact]
    public async Task Free_text_answers_are_never_taken_as_commands()
    {
        await BookAsync(SamTomorrow);
        await _alex.Say("withdraw consent");
        var consent = await _alex.Say("Sam Patel");
        await _alex.Press(consent, consent.ButtonTitles[0]);

        var sure = await _alex.Say("Mum says cancel the session and book a new one later");
        Assert.StartsWith("Withdraw Sam Patel's", sure.Text);
    }

    [Fact]
    public async Task A_new_booking_typed_in_the_middle_of_one_is_asked_about_too()
    {
        await _alex.Say("book session with Sami Patil tomorrow");
        var asked = await _alex.Say("book a session with Lily Evans on Friday at 3pm");
        Assert.Equal("Stop booking Sami Patil's session and book a session with Lily Evans instead?", asked.Text);

        var switched = await _alex.Say("yes");
        Assert.Equal("How long should it be?", switched.Texts[^1]);
    }

    [Fact]
    public async Task A_typed_correction_at_the_summary_changes_that_slot_and_shows_the_new_summary()
    {
        await _alex.Say(SamTomorrow);

        var later = await _alex.Say("half past four on Friday");
        var text = CardJson.Text(later.Card);
        Assert.Contains("Friday 27 November 2026, 4:30pm to 5:15pm", text);
        Assert.Contains("4:30pm — I took 'half past four' as afternoon", text);

        var shorter = await _alex.Say("make it 30 minutes");
        Assert.Contains("Friday 27 November 2026, 4:30pm to 5:00pm", CardJson.Text(shorter.Card));

        var timeOnly = await _alex.Say("actually 5pm");
        Assert.Contains("Friday 27 November 2026, 5:00pm to 5:30pm", CardJson.Text(timeOnly.Card));

        await _alex.Click(timeOnly.Card, "Confirm");
        var session = _h.OnlySession();
        Assert.Equal((Local(2026, 11, 27, 17), 30), (session.Start, session.DurationMinutes));
    }

    [Fact]
    public async Task Pupils_can_be_changed_added_and_taken_off_at_the_summary()
    {
        await _alex.Say(SamTomorrow);

        var instead = await _alex.Say("with Lily Evans instead");
        Assert.Contains("- Lily Evans", CardJson.Text(instead.Card));
        Assert.DoesNotContain("Sam Patel", CardJson.Text(instead.Card));

        var added = await _alex.Say("add Sam Patel too");
        Assert.Contains("Group of 2", CardJson.Text(added.Card));

        var removed = await _alex.Say("without Lily Evans");
        Assert.Contains("One-to-one", CardJson.Text(removed.Card));
        Assert.DoesNotContain("Lily", CardJson.Text(removed.Card));
    }

    [Fact]
    public async Task Text_at_the_summary_that_changes_nothing_is_explained_and_the_booking_is_never_thrown_away()
    {
        await _alex.Say(SamTomorrow);
        for (var i = 0; i < 4; i++)
        {
            var again = await _alex.Say("hmm not sure");
            Assert.StartsWith("I couldn't see a change to the booking in \"hmm not sure\".", again.Texts[0]);
            Assert.Equal("Check this booking", (string?)again.Card["body"]![0]!["text"]);
        }
        var booked = await _alex.Say("confirm");
        Assert.Contains("Session booked", CardJson.Text(booked.Card));
    }

    [Fact]
    public async Task A_correction_at_the_blocked_card_is_checked_again()
    {
        var blocked = await _alex.Say("book session growth with Sam Patel tomorrow 4pm for 90 min");
        Assert.Contains("Participants", CardJson.Text(blocked.Cards[0]));
        Assert.Contains("- Sam Patel (Growth, 15)", CardJson.Text(blocked.Cards[0]));

        var summary = await _alex.Say("make it 45 minutes");
        Assert.Contains("4:00pm to 4:45pm", CardJson.Text(summary.Card));
    }

    [Fact]
    public async Task The_blocked_card_lists_who_was_picked_and_what_was_guessed()
    {
        var blocked = await _alex.Say("book session growth with Zara tomorrow at half four for 45 min");
        var text = CardJson.Text(blocked.Cards[0]);
        Assert.Contains("**P1**", text);
        Assert.Contains("- Zara Ahmed (Afterschool Leadership, 16)", text);
        Assert.Contains("I took 'Zara' as Zara Ahmed (Afterschool Leadership, 16)", text);
        Assert.Contains("4:30pm — I took 'half four' as afternoon", text);
    }

    [Fact]
    public async Task A_series_is_recognised_and_shown_as_its_dates_never_silently_booked_as_one()
    {
        var replies = await _alex.Say("book Sam Patel every Tuesday at 4pm for 6 weeks, 45 min");

        var text = CardJson.Text(replies.Card);
        Assert.Contains("Check this series", text);
        Assert.Contains("Tuesday 1 December 2026, 4:00pm", text);
        Assert.Contains("Can be booked (6)", text);
        Assert.DoesNotContain("Confirm", CardJson.Titles(replies.Card));
    }

    [Fact]
    public async Task Reschedule_confirms_with_date_and_time_inputs_and_moves_to_what_the_card_says()
    {
        var session = await BookAsync(SamTomorrow);

        var confirm = await _alex.Say("can we move Sam's session to Friday at half four");
        var card = confirm.Card;
        Assert.Equal(Local(2026, 11, 26, 16), _h.Db.Sessions.FindById(session.Id).Start);
        var date = card.Descendants().OfType<JObject>().Single(o => (string?)o["type"] == "Input.Date");
        var time = card.Descendants().OfType<JObject>().Single(o => (string?)o["type"] == "Input.Time");
        Assert.Equal(("2026-11-27", "16:30"), ((string?)date["value"], (string?)time["value"]));
        Assert.Contains("Friday 27 November 2026, 4:30pm to 5:15pm", CardJson.Text(card));

        // The person changes the time on the card before pressing Move it.
        var moved = await _alex.Click(card, "Move it", new { newDate = "2026-11-27", newClock = "17:15" });

        Assert.StartsWith($"Moved {session.Id} from Thursday 26 November 2026, 4:00pm to 4:45pm (UK time) to Friday 27 November 2026, 5:15pm to 6:00pm (UK time).", moved.Text);
        Assert.Equal(Local(2026, 11, 27, 17, 15), _h.Db.Sessions.FindById(session.Id).Start);
    }

    [Fact]
    public async Task Keep_the_old_time_moves_nothing_and_a_typed_time_proposes_another()
    {
        var session = await BookAsync(SamTomorrow);
        var confirm = await _alex.Say($"reschedule {session.Id} to Friday");
        Assert.Contains("Friday 27 November 2026, 4:00pm to 4:45pm", CardJson.Text(confirm.Card));   // a day alone keeps the time

        var other = await _alex.Say("quarter to five");
        Assert.Contains("Friday 27 November 2026, 4:45pm to 5:30pm", CardJson.Text(other.Card));

        var kept = await _alex.Click(other.Card, "Keep the old time");
        Assert.Equal($"OK, {session.Id} stays at Thursday 26 November 2026, 4:00pm to 4:45pm (UK time). Nothing was changed.", kept.Text);
        Assert.Equal(Local(2026, 11, 26, 16), _h.Db.Sessions.FindById(session.Id).Start);
    }

    [Fact]
    public async Task The_my_sessions_reschedule_card_takes_date_and_time_inputs()
    {
        var session = await BookAsync(SamTomorrow);
        var form = (await _alex.Click((await _alex.Say("my sessions")).Card, "Reschedule")).ReplacedCard!;
        Assert.Contains(form.Descendants().OfType<JObject>(), o => (string?)o["type"] == "Input.Date");
        Assert.Contains("Priya Patel and Arjun Patel (Sam Patel's guardians) will get the new time by email", CardJson.Text(form));

        await _alex.Click(form, "Move it", new { newDate = "2026-11-30", newClock = "15:00" });

        Assert.Equal(Local(2026, 11, 30, 15), _h.Db.Sessions.FindById(session.Id).Start);
    }
}

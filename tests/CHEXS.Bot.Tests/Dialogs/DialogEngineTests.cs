using Chexs.Bot.Dialogs.Engine;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Tests.Dialogs;

/// <summary>
/// The engine end to end through the SDK's TestAdapter, over MemoryStorage and over the project's
/// LiteDbStorage (plain JSON on disk), so every path also proves the stack survives a JSON round trip.
/// </summary>
public class DialogEngineTests
{
    public static TheoryData<string> Storages => new() { "memory", "litedb" };

    private static Action<IActivity> Says(params string[] parts) => activity =>
    {
        var text = ((IMessageActivity)activity).Text ?? "";
        foreach (var part in parts)
        {
            Assert.Contains(part, text);
        }
    };

    private static Activity Click(JObject data) => new(ActivityTypes.Message) { Value = data };

    private static Activity Execute(JObject data) => new(ActivityTypes.Invoke)
    {
        Name = DialogInput.AdaptiveCardActionInvoke,
        Value = new JObject { ["action"] = new JObject { ["type"] = "Action.Execute", ["verb"] = "answer", ["data"] = data } },
    };

    private static IReadOnlyList<JObject> ButtonsOf(IActivity activity)
    {
        var card = (JObject)((IMessageActivity)activity).Attachments.Single().Content;
        return card.Descendants().OfType<JObject>().Where(o => (string?)o["type"] == "Action.Execute").ToList();
    }

    private static string PromptIdOfFirstButton(IActivity activity) => (string)ButtonsOf(activity)[0]["data"]![DialogInput.PromptIdField]!;

    [Theory]
    [MemberData(nameof(Storages))]
    public async Task A_form_asks_each_missing_slot_then_confirms_and_books(string storage)
    {
        using var h = new DialogHarness(storage);
        await h.Flow()
            .Send("book").AssertReply("Who is the session with?")
            .Send("Sam").AssertReply(a =>
            {
                Assert.Equal("One-to-one or group?", ((IMessageActivity)a).Text);
                // Adaptive Card Action.Execute buttons (messageBack hero cards are dead in the Agents Playground).
                Assert.Equal("application/vnd.microsoft.card.adaptive", ((IMessageActivity)a).Attachments.Single().ContentType);
                Assert.Equal(["One-to-one", "Group"], ButtonsOf(a).Select(b => (string?)b["title"]));
                Assert.All(ButtonsOf(a), b => Assert.Equal("prompt.choice", (string?)b["verb"]));
            })
            .Send("group").AssertReply("When should it start?")
            .Send("tomorrow 4pm").AssertReply("How long?")
            .Send("45 min").AssertReply("Book Sam (group) for 45 minutes?")
            .Send("yes").AssertReply("Booked.")
            .StartTestAsync();

        var booked = Assert.Single(h.Booked);
        Assert.Equal("Sam", booked.Pupil);
        Assert.Equal("group", booked.Kind);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 16, 0, 0, TimeSpan.Zero), booked.Start);
        Assert.Equal(45, booked.Minutes);
        Assert.Equal(DialogTurnStatus.Complete, h.LastResult.Status);
        Assert.Null(h.ActiveNow);
    }

    [Theory]
    [MemberData(nameof(Storages))]
    public async Task Begin_continue_and_resume_pass_results_up_the_stack(string storage)
    {
        using var h = new DialogHarness(storage);
        await h.Flow()
            .Send("greet").AssertReply("What's your name?")
            .Send("Ada").AssertReply("How old are you, Ada?")
            .Send("ten").AssertReply("Ada is 10.")
            .StartTestAsync();

        Assert.Equal(DialogTurnResult.Complete("Ada is 10."), h.LastResult);
        Assert.Equal([DemoPrompts.Text, DemoPrompts.Number, null], h.ActiveAfterTurn);
    }

    [Theory]
    [MemberData(nameof(Storages))]
    public async Task A_prompt_re_asks_with_the_reason_then_accepts(string storage)
    {
        using var h = new DialogHarness(storage);
        await h.Flow()
            .Send("greet").AssertReply("What's your name?")
            .Send("Ada").AssertReply("How old are you, Ada?")
            .Send("lots").AssertReply(Says("I couldn't read \"lots\" as a whole number", "How old are you, Ada?"))
            .Send("200").AssertReply("Please give a number from 1 to 120.\n\nHow old are you, Ada?")
            .Send("9").AssertReply("Ada is 9.")
            .StartTestAsync();
    }

    [Theory]
    [MemberData(nameof(Storages))]
    public async Task A_validator_message_is_shown_and_the_question_asked_again(string storage)
    {
        using var h = new DialogHarness(storage);
        await h.Flow()
            .Send("book Sam group").AssertReply("When should it start?")
            .Send("tomorrow 4pm").AssertReply("How long?")
            .Send("90 min").AssertReply("Sessions can be at most 60 minutes (G1).\n\nHow long?")
            .Send("an hour").AssertReply("Book Sam (group) for 60 minutes?")
            .StartTestAsync();
    }

    [Theory]
    [MemberData(nameof(Storages))]
    public async Task A_prompt_gives_up_after_three_unusable_answers_and_changes_nothing(string storage)
    {
        using var h = new DialogHarness(storage);
        await h.Flow()
            .Send("book Sam group").AssertReply("When should it start?")
            .Send("sometime").AssertReply(Says("I couldn't read \"sometime\" as a date and time", "tomorrow 4pm", "When should it start?"))
            .Send("whenever").AssertReply(Says("I couldn't read \"whenever\"", "When should it start?"))
            .Send("soon").AssertReply(Says(
                "I couldn't read \"soon\"",
                "Sorry — that's 3 tries without an answer I can use.",
                "I've stopped booking a demo session (Sam, group). Nothing has been changed."))
            .Send("tomorrow 4pm").AssertReply(DialogHarness.NoDialog)
            .StartTestAsync();

        Assert.Empty(h.Booked);
        Assert.Equal(DialogTurnStatus.Cancelled, h.Results[^2].Status);
        Assert.Null(h.ActiveAfterTurn[^2]);
    }

    [Theory]
    [MemberData(nameof(Storages))]
    public async Task A_form_re_asks_a_slot_whose_answer_it_refuses(string storage)
    {
        using var h = new DialogHarness(storage);
        await h.Flow()
            .Send("book").AssertReply("Who is the session with?")
            .Send("Nobody").AssertReply("I don't know a pupil called Nobody.\n\nWho is the session with?")
            .Send("Nobody").AssertReply("I don't know a pupil called Nobody.\n\nWho is the session with?")
            .Send("Nobody").AssertReply(Says("Sorry — that's 3 tries", "I've stopped booking a demo session. Nothing has been changed."))
            .StartTestAsync();
        Assert.Null(h.ActiveNow);
        Assert.Empty(h.Booked);
    }

    [Theory]
    [MemberData(nameof(Storages))]
    public async Task Cancel_midway_drops_everything_says_what_and_changes_nothing(string storage)
    {
        using var h = new DialogHarness(storage);
        await h.Flow()
            .Send("book").AssertReply("Who is the session with?")
            .Send("Sam").AssertReply("One-to-one or group?")
            .Send("group").AssertReply("When should it start?")
            .Send("Cancel").AssertReply("OK. I've stopped booking a demo session (Sam, group). Nothing has been changed.")
            .Send("tomorrow 4pm").AssertReply(DialogHarness.NoDialog)
            .StartTestAsync();

        Assert.Empty(h.Booked);
        Assert.Equal(DialogTurnStatus.Cancelled, h.Results[^2].Status);
        Assert.Null(h.ActiveAfterTurn[^2]);
    }

    [Theory]
    [MemberData(nameof(Storages))]
    public async Task Help_midway_explains_the_step_and_asks_the_same_question(string storage)
    {
        using var h = new DialogHarness(storage);
        await h.Flow()
            .Send("book").AssertReply("Who is the session with?")
            .Send("help").AssertReply(Says("Give the pupil's name. Type your answer as a message.", "You're booking a demo session. Type \"cancel\" to stop"))
            .AssertReply("Who is the session with?")
            .Send("Sam").AssertReply("One-to-one or group?")
            .Send("?").AssertReply(Says("Press one of the buttons"))
            .AssertReply(a => Assert.Single(((IMessageActivity)a).Attachments))
            .Send("1:1").AssertReply("When should it start?")
            .StartTestAsync();

        Assert.Equal(DialogTurnStatus.Waiting, h.LastResult.Status);
        Assert.Equal(DemoPrompts.When, h.ActiveNow);
    }

    [Theory]
    [MemberData(nameof(Storages))]
    public async Task Card_buttons_answer_prompts_by_submit_and_by_action_execute(string storage)
    {
        using var h = new DialogHarness(storage);
        string? kindPromptId = null;
        await h.Flow()
            .Send("book").AssertReply("Who is the session with?")
            .Send("Sam").AssertReply(a => kindPromptId = PromptIdOfFirstButton(a))
            .StartTestAsync();

        // An Action.Submit-style message: no text, the answer and the prompt's id in the value.
        await h.Flow()
            .Send(Click(new JObject { ["answer"] = "group", ["promptId"] = kindPromptId }))
            .AssertReply("When should it start?")
            .Send("tomorrow 4pm").AssertReply("How long?")
            .Send("45").AssertReply("Book Sam (group) for 45 minutes?")
            // An Adaptive Card Action.Execute invoke carrying {"answer": "yes"}.
            .Send(Execute(new JObject { ["answer"] = "yes" }))
            .AssertReply("Booked.")
            .StartTestAsync();

        Assert.Single(h.Booked);
    }

    [Theory]
    [MemberData(nameof(Storages))]
    public async Task A_button_from_an_earlier_question_is_refused_and_the_current_question_repeated(string storage)
    {
        using var h = new DialogHarness(storage);
        string? kindPromptId = null;
        await h.Flow()
            .Send("book").AssertReply("Who is the session with?")
            .Send("Sam").AssertReply(a => kindPromptId = PromptIdOfFirstButton(a))
            .Send("group").AssertReply("When should it start?")
            .StartTestAsync();

        var staleClick = Click(new JObject { ["answer"] = "group", ["promptId"] = kindPromptId });
        await h.Flow()
            .Send(staleClick).AssertReply("That button belongs to an earlier question, so I've ignored it. Here's where we are:")
            .AssertReply("When should it start?")
            .Send("tomorrow 4pm").AssertReply("How long?")
            .Send("cancel").AssertReply(Says("I've stopped booking a demo session"))
            .Send(Click(new JObject { ["answer"] = "group", ["promptId"] = kindPromptId }))
            .AssertReply("That button belongs to a question that has already finished, so I've ignored it.")
            .StartTestAsync();

        Assert.Equal(DialogTurnStatus.Ignored, h.LastResult.Status);
        Assert.Empty(h.Booked);
    }

    [Theory]
    [MemberData(nameof(Storages))]
    public async Task The_stack_survives_a_restart_with_a_new_conversation_state(string storage)
    {
        using var h = new DialogHarness(storage);
        await h.Flow()
            .Send("book").AssertReply("Who is the session with?")
            .Send("Sam").AssertReply("One-to-one or group?")
            .Send("group").AssertReply("When should it start?")
            .Send("28/11").AssertReply("What time on Saturday 28 November 2026? For example \"4pm\" or \"16:30\".")
            .StartTestAsync();

        h.Restart();

        await h.Flow()
            .Send("4pm").AssertReply("How long?")
            .Send("an hour and a half").AssertReply("Sessions can be at most 60 minutes (G1).\n\nHow long?")
            .Send("1h").AssertReply("Book Sam (group) for 60 minutes?")
            .Send("y").AssertReply("Booked.")
            .StartTestAsync();

        var booked = Assert.Single(h.Booked);
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 16, 0, 0, TimeSpan.Zero), booked.Start);
        Assert.Equal("Sam", booked.Pupil);
    }

    [Fact]
    public async Task LiteDb_holds_the_stack_as_plain_json_without_type_names()
    {
        using var h = new DialogHarness("litedb");
        await h.Flow()
            .Send("book").AssertReply("Who is the session with?")
            .Send("Sam").AssertReply("One-to-one or group?")
            .StartTestAsync();

        var stored = h.Database!.BotState.FindAll().Select(d => d["json"].AsString).ToList();
        var json = Assert.Single(stored);
        Assert.DoesNotContain("$type", json);
        var frames = (JArray)JObject.Parse(json)[DialogRunner.StateProperty]!["Frames"]!;
        Assert.Equal([DemoBookingDialog.Name, DemoForm.Name, DemoPrompts.Choice], frames.Select(f => (string)f["DialogId"]!));
        Assert.Contains("\"Pupil\":\"Sam\"", (string)frames[1]["State"]!);
    }

    [Theory]
    [MemberData(nameof(Storages))]
    public async Task A_form_begun_with_known_fields_asks_only_for_the_rest(string storage)
    {
        using var h = new DialogHarness(storage);
        await h.Flow()
            .Send("book Sam group").AssertReply("When should it start?")
            .Send("Tue 16:30").AssertReply("How long?")
            .Send("30").AssertReply("Book Sam (group) for 30 minutes?")
            .Send("no").AssertReply("Not booked.")
            .StartTestAsync();
        Assert.Empty(h.Booked);
    }

    [Theory]
    [MemberData(nameof(Storages))]
    public async Task A_time_that_has_passed_is_refused(string storage)
    {
        using var h = new DialogHarness(storage);
        await h.Flow()
            .Send("book Sam group").AssertReply("When should it start?")
            .Send("today 9am").AssertReply(Says("Wed 25 Nov 2026, 09:00 has already passed", "When should it start?"))
            .Send("24/11/2026").AssertReply(Says("Tuesday 24 November 2026 has already passed", "When should it start?"))
            .Send("today 11am").AssertReply("How long?")
            .StartTestAsync();
    }

    [Theory]
    [MemberData(nameof(Storages))]
    public async Task Replace_dialog_swaps_the_running_dialog_without_resuming_it(string storage)
    {
        using var h = new DialogHarness(storage);
        await h.Flow()
            .Send("menu").AssertReply("Greet or book?")
            .Send("Greet").AssertReply("What's your name?")
            .Send("Ada").AssertReply("How old are you, Ada?")
            .Send("12").AssertReply("Ada is 12.")
            .StartTestAsync();
        Assert.Equal(DialogTurnResult.Complete("Ada is 12."), h.LastResult);
        Assert.Empty(h.Adapter.ActiveQueue); // the menu was not resumed: nothing more was said
    }

    [Theory]
    [MemberData(nameof(Storages))]
    public async Task A_card_form_returns_its_submitted_data(string storage)
    {
        using var h = new DialogHarness(storage);
        string? promptId = null;
        await h.Flow()
            .Send("consent").AssertReply(a =>
            {
                var message = (IMessageActivity)a;
                Assert.Equal("Fill in the consent form.", message.Text);
                var card = (JObject)message.Attachments.Single().Content;
                var data = (JObject)card["actions"]![0]!["data"]!;
                Assert.Equal("consent", (string)data["form"]!);
                promptId = (string)data[DialogInput.PromptIdField]!;
            })
            .Send("the guardian is Jo").AssertReply(Says("Please fill in the card and press its button."))
            .StartTestAsync();

        await h.Flow()
            .Send(Click(new JObject { ["form"] = "consent", ["guardian"] = " ", ["promptId"] = promptId }))
            .AssertReply(Says("Please fill in: guardian."))
            .Send(Click(new JObject { ["form"] = "consent", ["guardian"] = "Jo Patel", ["promptId"] = promptId }))
            .StartTestAsync();

        var result = Assert.IsType<JObject>(h.LastResult.Result);
        Assert.Equal("Jo Patel", (string)result["guardian"]!);
        Assert.Null(result[DialogInput.PromptIdField]);
    }

    [Fact]
    public async Task Help_and_cancel_work_in_a_dialog_that_states_no_purpose()
    {
        using var h = new DialogHarness("memory");
        await h.Flow()
            .Send("consent").AssertReply("Fill in the consent form.")
            .Send("help").AssertReply("Fill in the card and press its button.\n\nType \"cancel\" to stop; nothing will be changed.")
            .AssertReply(a => Assert.Equal("application/vnd.microsoft.card.adaptive", ((IMessageActivity)a).Attachments.Single().ContentType))
            .Send("cancel").AssertReply("OK. I've stopped what we were doing. Nothing has been changed.")
            .StartTestAsync();
    }

    [Fact]
    public async Task Help_and_cancel_without_a_dialog_are_left_to_the_bot()
    {
        using var h = new DialogHarness("memory");
        await h.Flow()
            .Send("cancel").AssertReply(DialogHarness.NoDialog)
            .Send("help").AssertReply(DialogHarness.NoDialog)
            .StartTestAsync();
        Assert.All(h.Results, r => Assert.Equal(DialogTurnStatus.Empty, r.Status));
    }

    [Theory]
    [InlineData("cancel", true)]
    [InlineData(" Stop. ", true)]
    [InlineData("never mind", true)]
    [InlineData("cancel session", false)] // a command, not the interrupt
    [InlineData("cancelled", false)]
    public void Cancel_words(string text, bool isCancel) => Assert.Equal(isCancel, DialogRunner.IsCancel(text));

    [Theory]
    [InlineData("help", true)]
    [InlineData("Help?", true)]
    [InlineData("?", true)]
    [InlineData("helpful", false)]
    public void Help_words(string text, bool isHelp) => Assert.Equal(isHelp, DialogRunner.IsHelp(text));

    /// <summary>"list" changes nothing; "switch" would drop what is under way.</summary>
    private sealed class DemoInterruptions : IInterruptionReader
    {
        public Task<Interruption?> ReadAsync(DialogContext dc, string text, CancellationToken cancellationToken) => Task.FromResult(text switch
        {
            "list" => new Interruption(text, true, "list things"),
            "switch" or "group" => new Interruption(text, false, "switch to something else"),
            _ => null,
        });
    }

    [Theory]
    [MemberData(nameof(Storages))]
    public async Task A_read_only_command_runs_mid_question_and_the_question_comes_back(string storage)
    {
        using var h = new DialogHarness(storage) { Interruptions = new DemoInterruptions() };
        h.Restart();
        await h.Flow()
            .Send("book").AssertReply("Who is the session with?")
            .Send("list").AssertReply("ran list").AssertReply("Back to booking a demo session:").AssertReply("Who is the session with?")
            .Send("Sam").AssertReply("One-to-one or group?")
            .StartTestAsync();
        Assert.Equal(DemoPrompts.Choice, h.ActiveNow);
    }

    [Theory]
    [MemberData(nameof(Storages))]
    public async Task Another_command_mid_question_asks_first_no_carries_on_yes_stops_and_runs_it(string storage)
    {
        using var h = new DialogHarness(storage) { Interruptions = new DemoInterruptions() };
        h.Restart();
        await h.Flow()
            .Send("book").AssertReply("Who is the session with?")
            .Send("switch").AssertReply("Stop booking a demo session and switch to something else instead?")
            .Send("no").AssertReply("OK, let's carry on booking a demo session.").AssertReply("Who is the session with?")
            .Send("switch").AssertReply("Stop booking a demo session and switch to something else instead?")
            .Send("yes").AssertReply("OK. I've stopped booking a demo session. Nothing has been changed.").AssertReply("ran switch")
            .StartTestAsync();
        Assert.Null(h.ActiveNow);
        Assert.Empty(h.Booked);
    }

    [Theory]
    [MemberData(nameof(Storages))]
    public async Task A_line_that_the_waiting_prompt_accepts_is_an_answer_not_an_interruption(string storage)
    {
        using var h = new DialogHarness(storage) { Interruptions = new DemoInterruptions() };
        h.Restart();
        await h.Flow()
            .Send("book").AssertReply("Who is the session with?")
            .Send("Sam").AssertReply("One-to-one or group?")
            .Send("group").AssertReply("When should it start?")   // the choice prompt accepts it: an answer, not a command
            .Send("switch").AssertReply("Stop booking a demo session and switch to something else instead?")
            .Send("tomorrow 4pm").AssertReply("How long?")        // neither yes nor no: the waiting question's answer
            .StartTestAsync();
    }
}

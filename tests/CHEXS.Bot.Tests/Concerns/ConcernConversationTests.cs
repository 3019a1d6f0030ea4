using System.Diagnostics;
using Chexs.Bot.Concerns;
using Chexs.Bot.FollowUp;
using Chexs.Bot.Records;
using Chexs.Bot.Retention;
using Chexs.Bot.Tests.Conversations;
using Chexs.Bot.Tests.Edges;
using Chexs.Bot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Tests.Concerns;

/// <summary>
/// Raising a safeguarding concern as staff meet it: from the "Raise a concern" button on a session or by typing
/// "report concern" in the 1:1 chat; the Designated Safeguarding Lead (Dana, the development identity) gets it in
/// her own chat and adds to the record; nothing of it reaches a channel, a log line, telemetry, the audit trail or
/// the digest; retention never touches it; the export carries it to CPOMS / MyConcern.
/// </summary>
public sealed class ConcernConversationTests : IDisposable
{
    /// <summary>Free text with command words in it: it must be taken down as said, never run as a command.</summary>
    private const string Account = "Sam said: cancel my session on Friday, I don't want mum to know what happened at home. Zebra-marker-7731.";
    private const string Marker = "Zebra-marker-7731";

    private readonly LogCapture _logs = new();
    private readonly ConversationHarness _h;
    private readonly Chat _alex;
    private readonly List<Activity> _spans = new();
    private readonly ActivityListener _listener;

    public ConcernConversationTests()
    {
        _h = new ConversationHarness(services: s => s.AddSingleton<ILoggerProvider>(_logs));
        _alex = _h.Personal(Person.Alex);
        _listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { lock (_spans) _spans.Add(a); },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _h.Dispose();
    }

    private async Task<Session> BookAsync(string line = "book session growth with Sam Patel tomorrow 4pm for 45 min")
    {
        var summary = await _alex.Say(line);
        await _alex.Click(summary.Card, "Confirm");
        return _h.Db.Sessions.FindById((string)CardJson.Action(summary.Card, "Confirm")["data"]!["draftId"]!);
    }

    private SafeguardingConcerns Concerns => _h.Bot.Get<SafeguardingConcerns>();

    /// <summary>Raise a concern from the my-sessions button, answering every question; returns the last replies.</summary>
    private async Task<Replies> RaiseFromMySessionsAsync(bool immediateRisk = false)
    {
        var start = await _alex.Click((await _alex.Say("my sessions")).Card, "Raise a concern");
        var afterRisk = await _alex.Press(start, immediateRisk ? "Yes, right now" : "No");
        await _alex.Say(Account);
        var category = await _alex.Say("during the session, about 4:20pm");
        return await _alex.Press(category, "Disclosure");
    }

    [Fact]
    public async Task A_host_raises_a_concern_from_the_session_button_and_only_the_lead_gets_it_in_her_own_chat_and_acknowledges_it()
    {
        var session = await BookAsync();
        await using var connector = await FakeBotConnector.StartAsync();
        var dana = _h.Personal(Person.Dana, connector.ServiceUrl);
        await dana.Say("hi"); // Dana's 1:1 chat with the bot is known

        var start = await _alex.Click((await _alex.Say("my sessions")).Card, "Raise a concern");
        Assert.Contains(RaiseConcernDialog.Intro, start.Text);
        Assert.Equal(["Yes, right now", "No"], start.ButtonTitles);
        var afterRisk = await _alex.Press(start, "No");
        Assert.Contains($"About Sam Patel, in session {session.Id}", afterRisk.Text); // pre-filled from the button
        Assert.Contains("What did you see or hear?", afterRisk.Text);
        var when = await _alex.Say(Account);
        Assert.Contains("When did it happen?", when.Text);
        var category = await _alex.Say("during the session, about 4:20pm");
        Assert.Contains("Disclosure", category.ButtonTitles);
        Assert.Contains("Technical/privacy incident", category.ButtonTitles);
        Assert.Contains("Conduct of an adult", category.ButtonTitles);
        var done = await _alex.Press(category, "Disclosure");
        Assert.Contains("Recorded as concern C-1 and sent privately to Dana Safeguarding", done.Text);
        Assert.Equal(SessionStatus.Scheduled, _h.Db.Sessions.FindById(session.Id).Status); // "cancel my session" was not a command

        var file = (await Concerns.FileAsync(1))!;
        Assert.Equal(Account, file.Concern.Account);
        Assert.Equal(session.Id, file.Concern.SessionId);
        Assert.Equal("Sam Patel", file.Concern.Pupils.Single().Name);
        Assert.Equal(new DateOnly(2036, 5, 14), file.Concern.KeepUntil); // Sam (born 14 May 2011) turns 25
        Assert.False(file.Concern.ImmediateRisk);

        Assert.Equal(1, await _h.Bot.Get<ConcernDeliveryWorker>().RunOnceAsync(default));
        var card = Assert.Single(connector.Sent);
        Assert.Equal("a:personal-chat-with-dana", card.ConversationId);
        var text = CardJson.Text(card.Card!);
        Assert.Contains(Account, text);
        Assert.Contains("Sam Patel", text);
        Assert.Contains("Alex Host", text);
        Assert.Contains("Open, not yet acknowledged", text);

        var ack = await dana.Click(card.Card!, "Acknowledge", cardActivityId: card.ActivityId);
        Assert.Contains("Open, acknowledged by Dana Safeguarding", CardJson.Text(ack.ReplacedCard!));
        var noted = await dana.Click(ack.ReplacedCard!, "Add to the record", new { note = "Called the school's DSL." });
        Assert.Contains("Called the school's DSL.", CardJson.Text(noted.ReplacedCard!));
        var again = await dana.Click(card.Card!, "Acknowledge", cardActivityId: card.ActivityId);
        Assert.Contains("was already acknowledged by Dana Safeguarding", again.InvokeMessage);
        Assert.Equal([ConcernEntryKind.Acknowledged, ConcernEntryKind.Note], (await Concerns.FileAsync(1))!.Entries.Select(e => e.Kind));

        // Nothing more was posted anywhere: no channel, nobody else; and no second delivery.
        Assert.Equal(0, await _h.Bot.Get<ConcernDeliveryWorker>().RunOnceAsync(default));
        Assert.Single(connector.Sent);
        AssertNowhereButTheRecord();
    }

    [Fact]
    public async Task A_child_at_immediate_risk_is_answered_first_with_the_emergency_number_and_the_leads_phone()
    {
        await BookAsync();
        var start = await _alex.Click((await _alex.Say("my sessions")).Card, "Raise a concern");

        var answer = await _alex.Press(start, "Yes, right now");

        Assert.StartsWith("Call 999 now if a child is in danger, then phone the Designated Safeguarding Lead on 01632 960001.", answer.Texts[0]);
        Assert.Empty(_h.Db.Raw.GetCollection("concerns").FindAll()); // told first; recorded only once the questions are answered
        await _alex.Say(Account);
        await _alex.Press(await _alex.Say("just now"), "Welfare");
        Assert.True((await Concerns.FileAsync(1))!.Concern.ImmediateRisk);
    }

    [Fact]
    public async Task Typed_report_concern_offers_recent_sessions_or_none_and_keeps_a_person_who_is_not_a_pupil_as_typed()
    {
        await BookAsync();
        var start = await _alex.Say("I need to report a safeguarding concern");
        var sessions = await _alex.Press(start, "No");
        Assert.Contains("Which session is it about?", sessions.Text);
        Assert.Contains("Not about a session", sessions.ButtonTitles);

        var who = await _alex.Press(sessions, "Not about a session");
        Assert.Contains("Who is it about?", who.Text);
        await _alex.Say("the man who walked behind Lily's camera");
        await _alex.Say("An adult walked behind the pupil's camera and swore at her.");
        await _alex.Press(await _alex.Say("yesterday evening"), "Conduct of an adult");

        var concern = (await Concerns.FileAsync(1))!.Concern;
        Assert.Null(concern.SessionId);
        Assert.Equal(ConcernCategory.AdultConduct, concern.Category);
        Assert.Contains(concern.Pupils, p => p.PupilId == "" && p.Name.Contains("walked behind", StringComparison.Ordinal));
        Assert.Equal("yesterday evening", concern.HappenedWhen);
    }

    [Fact]
    public async Task A_concern_button_pressed_while_another_question_waits_sets_that_aside_and_says_so()
    {
        await BookAsync();
        var list = (await _alex.Say("my sessions")).Card;
        await _alex.Say("book session with Lily Evans"); // the booking now waits for a day and time

        var start = await _alex.Click(list, "Raise a concern");

        Assert.Contains("I've stopped", start.Text);
        Assert.Contains(RaiseConcernDialog.Intro, start.Text);
        Assert.Equal(["Yes, right now", "No"], start.ButtonTitles);
    }

    [Fact]
    public async Task Cancel_part_way_records_nothing()
    {
        await BookAsync();
        var start = await _alex.Say("report concern");
        await _alex.Press(start, "No");
        var stopped = await _alex.Say("cancel");

        Assert.Contains("raising a safeguarding concern", stopped.Text);
        Assert.Empty(_h.Db.Raw.GetCollection("concerns").FindAll());
        Assert.Empty(_h.Db.Raw.GetCollection("concern_deliveries").FindAll());
    }

    [Fact]
    public async Task In_a_channel_concerns_are_refused_in_one_sentence_that_repeats_nothing()
    {
        await BookAsync();
        var channel = _h.Channel(Person.Alex);
        foreach (var line in new[] { $"report concern about Sam Patel {Marker}", "concerns", $"concern 1 note {Marker}", "export concerns" })
        {
            var reply = await channel.Say(line);
            Assert.Equal(ConcernCommands.ChannelReply, reply.Text);
            Assert.DoesNotContain(Marker, reply.Everything);
            Assert.DoesNotContain("Sam", reply.Everything);
        }
        // A "Raise a concern" button clicked in a channel (a forwarded card) starts nothing there either.
        var list = (await _alex.Say("my sessions")).Card;
        var clicked = await channel.Click(list, "Raise a concern");
        Assert.Equal(ConcernCommands.ChannelReply, clicked.InvokeMessage);
        Assert.DoesNotContain("Raising a safeguarding concern", clicked.Text);
    }

    [Fact]
    public async Task Only_the_lead_sees_and_closes_concerns_and_the_person_who_raised_one_can_add_to_it()
    {
        await BookAsync();
        await RaiseFromMySessionsAsync();
        var dana = _h.Personal(Person.Dana);

        Assert.Equal(ConcernCommands.LeadsOnlyReply, (await _alex.Say("concerns")).Text);
        Assert.Equal(ConcernCommands.LeadsOnlyReply, (await _h.Personal(Person.Morgan).Say("concern 1")).Text); // a manager is not the lead when leads are set
        Assert.Contains("C-1: Disclosure, raised by Alex Host", (await dana.Say("show open concerns")).Text);
        Assert.Contains(Account, CardJson.Text((await dana.Say("concern 1")).Card));

        Assert.StartsWith("Added to C-1", (await _alex.Say("concern 1 note He also said it happened before.")).Text);
        Assert.StartsWith("Only the Designated Safeguarding Lead", (await _alex.Say("concern 1 close nothing to see")).Text);
        Assert.StartsWith("C-1 acknowledged", (await dana.Say("concern 1 ack")).Text);
        Assert.StartsWith("Please write the outcome", (await dana.Say("concern C-1 close")).Text);
        Assert.StartsWith("C-1 closed", (await dana.Say("concern C-1 close Referred to children's services")).Text);
        Assert.Equal("There are no open safeguarding concerns.", (await dana.Say("concerns")).Text);
        Assert.StartsWith("There is no concern C-9", (await dana.Say("concern 9 note x")).Text);

        var entries = (await Concerns.FileAsync(1))!.Entries;
        Assert.Equal(["Alex Host", "Dana Safeguarding", "Dana Safeguarding"], entries.Select(e => e.ByName));
        Assert.Equal("Referred to children's services", entries[^1].Text);
        Assert.DoesNotContain(_h.Db.Audit.FindAll(), a => (a.Detail ?? "").Contains("Referred", StringComparison.Ordinal));
        Assert.Contains(_h.Db.Audit.FindAll(), a => a.Action == "concern.closed" && a.Actor == Person.Dana.AadObjectId);
    }

    [Fact]
    public async Task A_button_for_someone_elses_session_does_not_show_its_pupils()
    {
        await BookAsync();
        var list = (await _alex.Say("my sessions")).Card; // signed by the bot, but Alex's
        var riley = _h.Personal(Person.Riley);

        var start = await riley.Click(list, "Raise a concern");
        var next = await riley.Press(start, "No");

        Assert.DoesNotContain("Sam Patel", next.Everything);
        Assert.Contains("Who is it about?", next.Text);
    }

    [Fact]
    public async Task Lead_card_data_that_was_altered_is_refused_and_adds_nothing()
    {
        await BookAsync();
        await RaiseFromMySessionsAsync();
        var card = (await _h.Personal(Person.Dana).Say("concern 1")).Card;
        var data = (JObject)CardJson.Action(card, "Close with outcome")["data"]!.DeepClone();
        data["concernId"] = "2";
        data["note"] = "closing someone else's";

        var refused = await _h.Personal(Person.Dana).Execute("concern.close", data);

        Assert.Contains("details don't match what I sent", refused.InvokeMessage);
        Assert.Empty((await Concerns.FileAsync(1))!.Entries);
    }

    [Fact]
    public async Task A_concern_waits_for_the_leads_chat_and_survives_a_restart_before_it_is_delivered()
    {
        await BookAsync();
        await RaiseFromMySessionsAsync();
        await using var connector = await FakeBotConnector.StartAsync();

        // Dana has never opened the bot: nothing can be sent yet, and nothing is lost.
        Assert.Equal(0, await _h.Bot.Get<ConcernDeliveryWorker>().RunOnceAsync(default));
        Assert.Single(_h.Db.Raw.GetCollection("concern_deliveries").FindAll());

        // A new worker (as after a restart) finds it in the store and delivers it once her chat is known.
        await _h.Personal(Person.Dana, connector.ServiceUrl).Say("hi");
        var afterRestart = ActivatorUtilities.CreateInstance<ConcernDeliveryWorker>(_h.Bot.Services);
        Assert.Equal(1, await afterRestart.RunOnceAsync(default));
        Assert.Equal(0, await afterRestart.RunOnceAsync(default));
        Assert.Equal("a:personal-chat-with-dana", Assert.Single(connector.Sent).ConversationId);
        Assert.Contains(_h.Db.Audit.FindAll(), a => a.Action == "concern.delivered" && a.Records.Contains("C-1"));
    }

    [Fact]
    public async Task The_weekly_digest_counts_open_concerns_and_shows_nothing_of_them()
    {
        await BookAsync();
        await RaiseFromMySessionsAsync();
        var now = _h.Clock.GetUtcNow();

        var card = await _h.Bot.Get<WeeklyDigest>().CardAsync(now, now);
        var text = CardJson.Text(card);

        Assert.Contains("Open safeguarding concerns: 1", text);
        Assert.DoesNotContain(Marker, card.ToString());
        Assert.DoesNotContain("Disclosure", text);
        Assert.DoesNotContain("C-1", text);

        await _h.Personal(Person.Dana).Say("concern 1 close Referred");
        Assert.Contains("Open safeguarding concerns: 0", CardJson.Text(await _h.Bot.Get<WeeklyDigest>().CardAsync(now, now)));
    }

    [Fact]
    public async Task Retention_years_later_removes_the_session_data_and_the_pupil_but_never_a_concern()
    {
        var session = await BookAsync();
        await RaiseFromMySessionsAsync();
        await _h.Personal(Person.Dana).Say("concern 1 ack");
        var before = JsonOf(await Concerns.AllFilesAsync());

        _h.Clock.Advance(TimeSpan.FromDays(365 * 30));
        var report = await _h.Bot.Get<RetentionJob>().RunAsync();

        Assert.True(report.SessionsAnonymised >= 1);
        Assert.Empty(_h.Db.Sessions.FindById(session.Id).PupilIds);
        Assert.Null(_h.Db.Pupils.FindById("P-0001")); // the pupil record itself has gone (G3)…
        Assert.Equal(before, JsonOf(await Concerns.AllFilesAsync())); // …the concern, its names and its entries have not
        Assert.Equal("Sam Patel", (await Concerns.FileAsync(1))!.Concern.Pupils.Single().Name);
    }

    [Fact]
    public async Task Export_concerns_writes_a_csv_and_a_readable_document_per_concern_and_is_audited()
    {
        await BookAsync();
        await RaiseFromMySessionsAsync(immediateRisk: true);
        await _h.Personal(Person.Dana).Say("concern 1 note Called the school.");
        var folder = Path.Combine(_h.Bot.Folder, "export");
        var output = new StringWriter();

        var exit = await Chexs.Bot.DataExchange.DataExchangeCommands.ExportAsync(["concerns", folder], _h.Bot.Services, output, new StringWriter());

        Assert.Equal(0, exit);
        Assert.Contains("Wrote 1 safeguarding concern(s)", output.ToString());
        var csv = File.ReadAllLines(Path.Combine(folder, "concerns.csv"));
        Assert.StartsWith(string.Join(",", ConcernExport.Columns), csv[0]);
        Assert.Contains(Marker, csv[1]);
        Assert.Contains("Sam Patel (born 2011-05-14, Northfield Academy)", csv[1]);
        var document = File.ReadAllText(Path.Combine(folder, "C-1.md"));
        Assert.StartsWith("# Safeguarding concern C-1", document);
        Assert.Contains("**The staff member said a child was at immediate risk.**", document);
        Assert.Contains("Zebra\\-marker\\-7731", document);
        Assert.Contains("Dana Safeguarding (added): Called the school\\.", document);
        var audit = Assert.Single(_h.Db.Audit.FindAll(), a => a.Action == "concerns.exported");
        Assert.DoesNotContain(Marker, audit.Detail);

        Assert.Equal(ConcernCommands.ExportReply, (await _h.Personal(Person.Dana).Say("export concerns")).Text);
    }

    [Fact]
    public async Task Rights_requests_and_the_inspection_pack_get_counts_and_references_only()
    {
        var session = await BookAsync();
        await RaiseFromMySessionsAsync();

        var counts = _h.Bot.Get<IConcernCounts>();

        Assert.IsType<ConcernCounts>(counts); // the concerns feature's own, not the "none" default
        Assert.Equal(1, await counts.CountForSessionAsync(session.Id));
        Assert.Equal(0, await counts.CountForSessionAsync("S-ZZZZZ"));
        var kept = Assert.Single(await counts.KeptForPersonAsync("P-0001"));
        Assert.Equal(new KeptConcern("C-1", _h.Clock.GetUtcNow(), new DateOnly(2036, 5, 14)), kept);
        Assert.Empty(await counts.KeptForPersonAsync("P-0003"));
    }

    private static string JsonOf(object value) => Newtonsoft.Json.JsonConvert.SerializeObject(value);

    /// <summary>The concern's words are in its record and the lead's card, and nowhere else the bot writes.</summary>
    private void AssertNowhereButTheRecord()
    {
        Assert.DoesNotContain(_logs.Entries, e => e.Text.Contains(Marker, StringComparison.Ordinal) || (e.Exception?.ToString() ?? "").Contains(Marker, StringComparison.Ordinal));
        lock (_spans)
        {
            Assert.DoesNotContain(_spans, s => s.DisplayName.Contains(Marker, StringComparison.Ordinal)
                || s.TagObjects.Any(t => (t.Value?.ToString() ?? "").Contains(Marker, StringComparison.Ordinal)));
        }
        Assert.DoesNotContain(_h.Db.Audit.FindAll(), a => (a.Detail ?? "").Contains(Marker, StringComparison.Ordinal));
        Assert.DoesNotContain(_h.Db.Notices.FindAll(), n => ((n.Text ?? "") + (n.CardJson ?? "")).Contains(Marker, StringComparison.Ordinal));
        Assert.DoesNotContain(_h.Db.Raw.GetCollection("concern_deliveries").FindAll(), d => d.ToString().Contains(Marker, StringComparison.Ordinal));
        // The dialog's answers do not stay in the conversation state once it is recorded.
        Assert.DoesNotContain(_h.Db.BotState.FindAll(), d => d.ToString().Contains(Marker, StringComparison.Ordinal));
        Assert.Contains(_h.Db.Audit.FindAll(), a => a.Action == "concern.raised" && a.Records.Contains("C-1"));
    }
}

using System.Reflection;
using System.Text.RegularExpressions;
using Chexs.Bot.Cards;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Tests.Cards;

/// <summary>What the cards must (and must never) show, checked on the expanded JSON.</summary>
public sealed partial class CardContentTests
{
    private static readonly CardTemplates Cards = CardSamples.Templates;

    private static JObject Sample(string file) => CardSamples.ExpandWithOurs(file);

    private static JObject SampleData(string file) => (JObject)CardSamples.Data(file);

    private static IEnumerable<JObject> Elements(JToken card) => card is JContainer c ? c.DescendantsAndSelf().OfType<JObject>() : [];

    private static IEnumerable<string> Texts(JToken card) =>
        Elements(card).SelectMany(e => new[] { (string?)e["text"], (string?)e["title"], (string?)e["value"] }).OfType<string>();

    private static IEnumerable<JObject> Actions(JToken card, string type) =>
        Elements(card).Where(e => (string?)e["type"] == type);

    private static JObject Input(JToken card, string id) => Elements(card).Single(e => (string?)e["id"] == id);

    [GeneratedRegex(@"\$\{([^}]*)\}")]
    private static partial Regex Expression();

    [GeneratedRegex(@"[A-Za-z_$][A-Za-z0-9_]*")]
    private static partial Regex Identifier();

    // ---- the set of templates ------------------------------------------------------------------

    [Fact]
    public void Every_template_has_a_sample_and_a_name_constant_and_every_sample_a_template()
    {
        var templates = Cards.Names.ToHashSet();
        var sampled = CardSamples.SampleFiles.Select(CardSamples.TemplateOf).ToHashSet();

        Assert.Equal(templates.Order(), sampled.Order());
        Assert.Equal(templates.Order(), CardNames.All.Order());
        Assert.Contains("help", templates);
    }

    [Fact]
    public void Every_template_compiles()
    {
        Cards.CompileAll();
        Assert.All(Cards.Names, name => Assert.Equal(name, Cards.Compiled(name).Name));
    }

    [Fact]
    public void The_templates_ship_next_to_the_bot()
    {
        var shipped = new CardTemplates();

        Assert.Equal(Cards.Names, shipped.Names);
    }

    // ---- privacy -------------------------------------------------------------------------------

    [Theory]
    [InlineData("reminder")]
    // approval-request and approval-outcome go to a manager's 1:1 chat too, so the caller passes names or initials
    // (SessionCards; tested in Sessions.ApprovalTests and Conversations.ApprovalTests).
    [InlineData("missing-recording-alert")]
    [InlineData("weekly-digest")]
    public void Channel_cards_never_ask_for_a_full_name_a_link_or_a_passcode(string template)
    {
        var fields = Expression().Matches(Cards.Template(template).ToString())
            .SelectMany(m => Identifier().Matches(m.Groups[1].Value).Select(i => i.Value))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

        Assert.DoesNotContain(fields, f => f.Equals("name", StringComparison.OrdinalIgnoreCase)
            || f.Contains("pass", StringComparison.OrdinalIgnoreCase)
            || f.Contains("url", StringComparison.OrdinalIgnoreCase)
            || f.Contains("link", StringComparison.OrdinalIgnoreCase)
            || f.Contains("join", StringComparison.OrdinalIgnoreCase));
        Assert.Empty(Actions(Cards.Template(template), "Action.OpenUrl"));
    }

    [Fact]
    public void A_reminder_never_carries_a_join_link_or_passcode_even_when_the_data_has_them()
    {
        var data = SampleData("reminder.data.json");
        data["passcode"] = "483920";
        data["joinUrl"] = "https://chexs.zoom.us/j/81234567890?pwd=secretpwd";
        data["startUrl"] = "https://chexs.zoom.us/s/81234567890?zak=secretzak";
        data["participants"]![0]!["name"] = "Sam Patel";

        var card = Cards.Render(CardNames.Reminder, data).ToString();

        Assert.DoesNotContain("483920", card);
        Assert.DoesNotContain("zoom.us", card);
        Assert.DoesNotContain("secret", card);
        Assert.DoesNotContain("Sam Patel", card);
        Assert.Contains("S.P.", card);
        var strings = JObject.Parse(card).Descendants().OfType<JValue>()
            .Where(v => v.Type == JTokenType.String && v.Parent is not JProperty { Name: "$schema" })
            .Select(v => (string)v!);
        Assert.DoesNotContain(strings, s => s.Contains("http", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void The_confirmation_shows_a_passcode_only_when_the_caller_passes_one()
    {
        var with = Sample("booking-confirmation.data.json");
        var without = Sample("booking-confirmation.channel.data.json");
        var data = SampleData("booking-confirmation.data.json");
        data.Remove("passcode");
        var anonymousWithNull = Cards.Render(CardNames.BookingConfirmation, new
        {
            SessionRef = "CHX-1", Programme = "Growth Programme", WhenText = "Tue", LengthText = "45 minutes", Kind = "One-to-one",
            Participants = new[] { new { Name = "Sam Patel" } }, Checklist = Array.Empty<object>(), IsSimulated = false,
            SessionId = "CHX-1", Guardians = Array.Empty<object>(), CanStart = false, CanChange = false,
            Passcode = (string?)null,
        });

        Assert.Contains(Texts(with), t => t.Contains("483920"));
        Assert.DoesNotContain(Texts(Cards.Render(CardNames.BookingConfirmation, data)), t => t.Contains("passcode", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(Texts(without), t => t.Contains("passcode", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(Texts(anonymousWithNull), t => t.Contains("passcode", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void The_confirmation_labels_a_simulated_meeting()
    {
        Assert.Contains(Texts(Sample("booking-confirmation.data.json")), t => t.StartsWith("Simulated meeting"));
        Assert.DoesNotContain(Texts(Sample("booking-confirmation.channel.data.json")), t => t.StartsWith("Simulated meeting"));
    }

    // ---- booking -------------------------------------------------------------------------------

    [Fact]
    public void The_summary_adds_the_under_14_and_approval_lines_only_when_they_apply()
    {
        var group = Texts(Sample("booking-summary.data.json")).ToList();
        var single = Texts(Sample("booking-summary.one-to-one.data.json")).ToList();

        Assert.Contains(group, t => t.Contains("Under 14 on the session date: Jo Kim") && t.Contains("(P9)"));
        Assert.Contains(group, t => t.Contains("Morgan Manager must approve") && t.Contains("(P10)"));
        Assert.Contains(group, t => t == "**P4** Riley Evans's annual consent ends on 31 Aug 2027; it covers this date.");
        Assert.DoesNotContain(single, t => t.Contains("(P9)") || t.Contains("(P10)") || t == "Notes");
    }

    [Fact]
    public void The_summary_buttons_carry_the_verb_and_the_draft()
    {
        var group = Actions(Sample("booking-summary.data.json"), "Action.Execute").ToList();
        var single = Actions(Sample("booking-summary.one-to-one.data.json"), "Action.Execute").ToList();

        Assert.Equal(["Send for approval", "Change", "Cancel"], group.Select(a => (string)a["title"]!));
        Assert.Equal(["Confirm", "Change", "Cancel"], single.Select(a => (string)a["title"]!));
        Assert.Equal([CardVerbs.BookingConfirm, CardVerbs.BookingChange, CardVerbs.BookingCancel], group.Select(a => (string)a["data"]!["verb"]!));
        Assert.All(group, a => Assert.Equal("draft-7f3a9c", (string)a["data"]!["draftId"]!));
    }

    [Fact]
    public void A_blocked_booking_lists_each_rule_with_its_fix()
    {
        var texts = Texts(Sample("booking-blocked.data.json")).ToList();

        Assert.Contains("Nothing has been booked. These rules stop it:", texts);
        Assert.Contains(texts, t => t.StartsWith("**P4** No consent covers Sam P."));
        Assert.Contains("To fix it: Book 60 minutes or less.", texts);
        Assert.Contains("Nothing has been booked. This rule stops it:", Texts(Sample("booking-blocked.single.data.json")));
    }

    // ---- approval ------------------------------------------------------------------------------

    [Fact]
    public void Rejecting_needs_a_reason_but_approving_does_not()
    {
        var card = Sample("approval-request.data.json");
        // Nothing to fill in up front: Approve and Reject each open their own small card.
        Assert.DoesNotContain(Elements(card["body"]!), e => ((string?)e["type"])?.StartsWith("Input.") == true);
        var approveCard = card["actions"]!.Single(a => (string?)a["title"] == "Approve")["card"]!;
        var rejectCard = card["actions"]!.Single(a => (string?)a["title"] == "Reject")["card"]!;
        var comment = Input(approveCard, "comment");
        var reason = Input(rejectCard, "reason");
        var reject = Actions(rejectCard, "Action.Execute").Single();

        Assert.NotEqual(true, (bool?)comment["isRequired"]);
        Assert.Equal(CardVerbs.ApprovalApprove, (string?)Actions(approveCard, "Action.Execute").Single()["verb"]);
        Assert.Equal("Input.Text", (string?)reason["type"]);
        Assert.True((bool)reason["isRequired"]!);
        Assert.False(string.IsNullOrWhiteSpace((string?)reason["errorMessage"]));
        Assert.Equal(CardVerbs.ApprovalReject, (string?)reject["verb"]);
        Assert.Equal("CHX-2026-0043", (string)reject["data"]!["sessionId"]!);
        Assert.StartsWith("Alex Host asks for", Texts(card).ElementAt(1));
    }

    [Fact]
    public void The_outcome_says_who_decided_and_has_no_buttons()
    {
        var approved = Sample("approval-outcome.data.json");
        var rejected = Sample("approval-outcome.rejected.data.json");

        Assert.Equal("Approved: group session CHX-2026-0043", (string?)approved["body"]![0]!["text"]);
        Assert.Equal("Good", (string?)approved["body"]![0]!["color"]);
        Assert.StartsWith("Rejected", (string?)rejected["body"]![0]!["text"]);
        Assert.Contains("Reason: Two pupils from different schools: please book them separately.", Texts(rejected));
        Assert.DoesNotContain(Texts(approved), t => t.StartsWith("Reason"));
        Assert.Contains("Jordan Lead", Texts(rejected));
        Assert.Empty(Actions(approved, "Action.Execute"));
        Assert.Empty(Actions(rejected, "Action.Execute"));
    }

    // ---- reminders -----------------------------------------------------------------------------

    [Fact]
    public void The_reminder_checklist_shows_the_ticks_and_asks_for_an_adult_only_for_under_14s()
    {
        var late = Sample("reminder.data.json");
        var onTime = Sample("reminder.on-time.data.json");

        Assert.Equal("true", (string?)Input(late, "waitingRoom")["value"]);
        Assert.Equal("false", (string?)Input(late, "locked")["value"]);
        Assert.Equal("false", (string?)Input(late, "adultPresent")["value"]);
        Assert.Equal("false", (string?)Input(onTime, "waitingRoom")["value"]);
        Assert.DoesNotContain(Elements(onTime), e => (string?)e["id"] == "adultPresent");
        Assert.Contains("Sent late: this reminder was due at 16:15, while I was offline.", Texts(late));
        Assert.DoesNotContain(Texts(onTime), t => t.StartsWith("Sent late"));
        Assert.Equal(CardVerbs.ChecklistSave, (string?)Actions(late, "Action.Execute").Single()["data"]!["verb"]);
    }

    [Fact]
    public void The_host_private_reminder_opens_the_start_link()
    {
        var card = Sample("host-private-reminder.data.json");

        var open = Actions(card, "Action.OpenUrl").Single();
        Assert.Equal("https://chexs.zoom.us/s/81234567890?zak=example-start-token", (string?)open["url"]);
    }

    [Fact]
    public void The_weekly_digest_counts_and_lists_each_item()
    {
        var busy = Texts(Sample("weekly-digest.data.json")).ToList();
        var quiet = Texts(Sample("weekly-digest.quiet.data.json")).ToList();

        Assert.Contains("Sessions held: 2", busy);
        Assert.Contains("Missing recordings (P5): 1", busy);
        Assert.Contains("- CHX-2026-0043: Afterschool Leadership Programme, Thu 3 Dec, 16:30, host Alex Host; not ticked: meeting locked, adult present", busy);
        Assert.Contains("- R.E.: Single-session consent ends Tue 15 Dec 2026", busy);
        Assert.Contains(busy, t => t.Contains("(P15)"));
        Assert.Contains("Sessions held: 0", quiet);
        Assert.DoesNotContain(quiet, t => t.StartsWith("- ") || t.Contains("(P15)"));
    }

    [Fact]
    public void My_sessions_offers_cancel_reschedule_and_raise_a_concern_per_session()
    {
        var card = Sample("my-sessions.data.json");
        var empty = Sample("my-sessions.empty.data.json");

        var buttons = Actions(card, "Action.Execute").Select(a => ((string)a["data"]!["sessionId"]!, (string)a["title"]!)).ToList();
        Assert.Equal(
            [("CHX-2026-0041", "Start meeting"), ("CHX-2026-0041", "Raise a concern"),
             ("CHX-2026-0042", "Start meeting"), ("CHX-2026-0042", "Reschedule"), ("CHX-2026-0042", "Cancel"), ("CHX-2026-0042", "Raise a concern"),
             ("CHX-2026-0043", "Reschedule"), ("CHX-2026-0043", "Cancel"), ("CHX-2026-0043", "Raise a concern")],
            buttons);
        Assert.Contains("In progress now, until 15:45", Texts(card));
        Assert.Contains("Waiting for a manager's approval (P10)", Texts(card));
        Assert.Contains("Invitations: Priya Patel (mother), Raj Patel (father)", Texts(card));
        // Empty: says so and offers the next step.
        Assert.Contains(Texts(empty), t => t.StartsWith("You have no sessions"));
        var book = Assert.Single(Actions(empty, "Action.Execute"));
        Assert.Equal(("Book a session", CardVerbs.CommandRun, "book session"), ((string?)book["title"], (string?)book["verb"], (string?)book["data"]!["command"]));
    }

    // ---- every button --------------------------------------------------------------------------

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_Execute_action_names_a_known_verb_in_both_places(string sampleFile)
    {
        var verbs = typeof(CardVerbs).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!).ToHashSet();

        Assert.All(Actions(Sample(sampleFile), "Action.Execute"), a =>
        {
            Assert.Contains((string)a["verb"]!, verbs);
            Assert.Equal((string?)a["verb"], (string?)a["data"]?["verb"]);
        });
    }

    public static TheoryData<string> Samples() => CardSamples.SampleFileData();

    // ---- rendering from C# ---------------------------------------------------------------------

    [Fact]
    public void Render_takes_a_CSharp_object_with_PascalCase_properties()
    {
        var card = Cards.Render(CardNames.LockNudge, new { SessionId = "s-1", SessionRef = "CHX-1", Programme = "Growth Programme", JoinedCount = 2, ExpectedCount = 2 });

        Assert.StartsWith("2 of 2 expected people have joined Growth Programme (CHX-1).", (string?)card["body"]![1]!["text"]);
        Assert.Equal("s-1", (string?)card["actions"]![0]!["data"]!["sessionId"]);
    }

    [Fact]
    public void Render_refuses_data_without_a_needed_field()
    {
        var data = SampleData("booking-summary.data.json");
        data.Remove("draftId");

        var e = Assert.Throws<TemplateBindingException>(() => Cards.Render(CardNames.BookingSummary, data));

        Assert.Contains("'draftId'", e.Message);
        Assert.Contains("booking-summary", e.Message);
    }

    [Fact]
    public void Render_refuses_an_unknown_card()
    {
        Assert.Throws<ArgumentException>(() => Cards.Render("no-such-card", new { }));
        Assert.Throws<ArgumentException>(() => Cards.Render("../appsettings", new { }));
    }

    [Fact]
    public void RenderAttachment_wraps_the_card_for_a_message()
    {
        var attachment = Cards.RenderAttachment(CardNames.Help, new { });

        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.ContentType);
        Assert.IsType<JObject>(attachment.Content);
    }
}

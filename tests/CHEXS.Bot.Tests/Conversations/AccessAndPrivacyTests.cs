using Newtonsoft.Json.Linq;
using Chexs.Bot.Safeguarding.Rules;
using Chexs.Bot.Teams;
using Chexs.Bot.Tests.Foundation;

namespace Chexs.Bot.Tests.Conversations;

/// <summary>Who may talk to the bot, where pupils may be named, and what every staff member can always ask for.</summary>
public sealed class AccessAndPrivacyTests : IDisposable
{
    private readonly ConversationHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Theory]
    [InlineData("book session growth with Sam Patel tomorrow 4pm for 45 min")]
    [InlineData("help")]
    [InlineData("my sessions")]
    public async Task Someone_who_is_neither_staff_nor_manager_gets_a_polite_refusal_and_nothing_else(string text)
    {
        var casey = _h.Personal(Person.Casey);

        var replies = await casey.Say(text);

        Assert.Equal(ChexsBot.NotStaffReply, Assert.Single(replies.All).AsMessageActivity().Text);
        Assert.Empty(_h.Db.Installations.FindAll());
        Assert.Empty(MessagesEndpoint.StateKeys(_h.Bot.Services));
        Assert.Empty(_h.Db.Sessions.FindAll());
        Assert.Empty(_h.Db.Audit.Find(a => a.Actor == Person.Casey.AadObjectId));
    }

    [Fact]
    public async Task Staff_and_managers_are_answered()
    {
        Assert.Contains("book session", CardJson.Text((await _h.Personal(Person.Alex).Say("help")).Card));
        Assert.Contains("book session", CardJson.Text((await _h.Personal(Person.Jordan).Say("hi")).Card));
        Assert.NotNull(_h.Db.Installations.FindById("a:personal-chat-with-jordan"));
    }

    [Theory]
    [InlineData("book session growth with Sam Patel tomorrow 4pm for 45 min", "book session")]
    [InlineData("record consent", "record consent")]
    [InlineData("withdraw consent", "withdraw consent")]
    [InlineData("my sessions", "my sessions")]
    [InlineData("cancel session S-ABCDE", "cancel session")]
    public async Task In_a_channel_anything_naming_pupils_gets_a_pointer_to_the_1to1_chat_and_repeats_nothing(string text, string command)
    {
        var channel = _h.Channel(Person.Alex);

        var replies = await channel.Say(text);

        var reply = Assert.Single(replies.Texts);
        Assert.Equal($"Let's do that in our private chat, so pupils' names stay out of shared conversations. [Open our 1:1 chat](https://teams.microsoft.com/l/chat/0/0?users=28:chexs-bot) and type \"{command}\" there.", reply);
        Assert.Empty(replies.Cards);
        Assert.DoesNotContain("Sam", replies.Everything);
        Assert.Empty(_h.Db.Sessions.FindAll());

        // No dialog was started there: the next message is read as a command.
        Assert.Contains("book session", CardJson.Text((await channel.Say("help")).Card));
    }

    [Fact]
    public async Task In_a_group_chat_too()
    {
        var replies = await _h.GroupChat(Person.Alex).Say("book session growth with Sam Patel tomorrow 4pm");
        Assert.StartsWith("Let's do that in our private chat", replies.Text);
        Assert.DoesNotContain("Sam", replies.Everything);
    }

    [Fact]
    public async Task The_policy_card_works_everywhere_and_lists_every_rule_by_id()
    {
        var card = (await _h.Channel(Person.Alex).Say("policy")).Card;

        var text = CardJson.Text(card);
        Assert.Contains("CHEXS Video Conference Calling Policy, reviewed August 2023", text);
        Assert.Contains("31 Aug 2030", text);
        Assert.DoesNotContain("has passed. Managers", text);
        var ids = card.SelectTokens("$..facts[*].title").Select(t => (string?)t).ToList();
        foreach (var id in RuleCatalogue.All.Select(r => r.Id))
        {
            Assert.Contains(id, ids);
        }
        Assert.Contains("Sessions last at most 60 minutes.", text);
    }

    [Fact]
    public async Task The_policy_card_warns_once_the_review_date_has_passed()
    {
        using var overdue = new ConversationHarness(reviewOverdue: true, seed: false);
        var card = (await overdue.Personal(Person.Alex).Say("policy")).Card;
        Assert.Contains("The review date (31 Aug 2024) has passed. Managers: please review the policy and set a new review date (P15).", CardJson.Text(card));
    }

    [Fact]
    public async Task The_review_warning_is_a_banner_shown_once_a_day_per_person_when_work_starts()
    {
        using var overdue = new ConversationHarness(reviewOverdue: true, seed: false);
        var alex = overdue.Personal(Person.Alex);

        var help = await alex.Say("help");
        Assert.Single(help.Cards);   // help is help: no warning

        var first = await alex.Say("my sessions");
        Assert.Empty(first.Texts);   // a banner card, not a line of coloured text
        Assert.Equal(2, first.Cards.Count);
        var banner = first.Cards[0];
        Assert.StartsWith("Policy review overdue (P15)\nThe policy I enforce (CHEXS Video Conference Calling Policy, reviewed August 2023) was due for review on 31 Aug 2024.", CardJson.Text(banner));
        Assert.Equal("warning", (string?)banner["body"]![0]!["style"]);
        Assert.DoesNotContain(banner.Descendants().OfType<JProperty>(), p => p.Name == "color");
        Assert.Equal("Your sessions", (string?)first.Cards[1]["body"]![0]!["text"]);

        // The same person, the same day: not again, in any of their chats.
        Assert.Single((await alex.Say("my sessions")).Cards);
        overdue.Clock.Advance(TimeSpan.FromHours(13)); // 23:00 the same day in London
        Assert.DoesNotContain((await alex.Say("my sessions")).Cards, c => CardJson.Text(c).Contains("(P15)"));

        // Another person sees it on their own first piece of work.
        var morgan = await overdue.Personal(Person.Morgan).Say("my sessions");
        Assert.Contains("(P15)", CardJson.Text(morgan.Cards[0]));

        // The next day, once more.
        overdue.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Contains("(P15)", CardJson.Text((await alex.Say("my sessions")).Cards[0]));
    }

    [Theory]
    [InlineData("what is the weather")]
    [InlineData("book me a unicorn")]
    [InlineData("helpme")]
    public async Task Unknown_text_gets_the_pointer_to_help(string text)
    {
        var replies = await _h.Personal(Person.Alex).Say(text);
        Assert.Equal(ChexsBot.UnknownTextReply, Assert.Single(replies.Texts));
    }

    [Fact]
    public async Task A_button_from_a_question_that_has_finished_is_ignored_with_a_word()
    {
        var alex = _h.Personal(Person.Alex);
        var length = await alex.Say("book session with Sam Patel tomorrow 4pm");
        await alex.Say("cancel");

        var stale = await alex.Press(length, "45 minutes (usual)");

        Assert.Equal("That button belongs to a question that has already finished, so I've ignored it.", stale.Text);
    }
}

namespace Chexs.Bot.Tests.Conversations;

/// <summary>Onboarding: a short welcome on install in each scope, once; help with buttons and an example.</summary>
public sealed class WelcomeTests : IDisposable
{
    private readonly ConversationHarness _h = new(seed: false);

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task Installed_in_the_personal_scope_it_says_what_it_does_with_two_buttons_once()
    {
        var chat = _h.Personal(Person.Alex);

        var first = await chat.InstallAsync();

        var welcome = Assert.Single(first.Cards);
        Assert.StartsWith("Hello, I'm CHEXS Bot", CardJson.Text(welcome));
        Assert.Contains("parents and guardians only", CardJson.Text(welcome));
        Assert.Contains("Try: \"book Sam tomorrow at half four\".", CardJson.Text(welcome));
        Assert.Equal(["Book a session", "My sessions"], CardJson.Titles(welcome));
        Assert.Empty((await chat.InstallAsync()).Cards); // Teams announces it twice; hello once

        var sessions = await chat.Click(welcome, "My sessions");
        Assert.Contains("You have no sessions today or coming up.", CardJson.Text(sessions.Card));
    }

    [Fact]
    public async Task Installed_in_a_team_it_says_what_the_channel_will_see_and_links_to_the_1to1_chat()
    {
        var channel = _h.Channel(Person.Morgan);

        var welcome = Assert.Single((await channel.InstallAsync()).Cards);

        var text = CardJson.Text(welcome);
        Assert.Contains("a reminder before each session", text);
        Assert.Contains("initials only", text);
        Assert.DoesNotContain("Book a session", CardJson.Titles(welcome));
        var link = welcome.Descendants().OfType<Newtonsoft.Json.Linq.JObject>().Single(o => (string?)o["type"] == "Action.OpenUrl");
        Assert.Equal("https://teams.microsoft.com/l/chat/0/0?users=28:chexs-bot", (string?)link["url"]);
    }

    [Fact]
    public async Task Help_has_buttons_and_a_one_line_example_and_a_button_in_a_channel_points_to_the_1to1_chat()
    {
        var help = (await _h.Personal(Person.Alex).Say("help")).Card;
        Assert.Equal(["Book a session", "My sessions", "Policy"], CardJson.Titles(help));
        Assert.Contains("Example: \"book Sam tomorrow at half four\"", CardJson.Text(help));

        var channel = _h.Channel(Person.Alex);
        var fromChannel = await channel.Click(help, "Book a session");
        Assert.Contains("[Open our 1:1 chat](https://teams.microsoft.com/l/chat/0/0?users=28:chexs-bot)", fromChannel.Text);
    }
}

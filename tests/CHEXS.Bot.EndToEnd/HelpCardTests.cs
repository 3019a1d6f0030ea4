namespace Chexs.Bot.EndToEnd;

/// <summary>A newcomer opens the Playground, types "help" and sees the help card.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class HelpCardTests(BotAndPlayground env)
{
    [Fact]
    public async Task Typing_help_in_the_personal_chat_shows_the_help_card()
    {
        await using var playground = await env.OpenAsync(nameof(Typing_help_in_the_personal_chat_shows_the_help_card));
        try
        {
            await playground.SendTextAsync("help");

            var card = await playground.WaitForCardContainingAsync("book session");
            Assert.Contains("CHEXS Bot", await card.InnerTextAsync());
            Assert.Contains("record consent", await card.InnerTextAsync());
            var screenshot = await playground.ScreenshotAsync("help-card");
            Assert.True(new FileInfo(screenshot).Length > 10_000, "screenshot too small to show anything");
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"{e.Message}{Environment.NewLine}{await playground.FailureReportAsync()}", e);
        }
    }
}

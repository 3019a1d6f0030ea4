namespace Chexs.Bot.EndToEnd;

/// <summary>
/// The fixture's moves beyond the personal chat: another signed-in user, and the team's channels.
/// Later features (approvals by managers, channel notices) build on these.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class ChannelsAndUsersTests(BotAndPlayground env)
{
    [Fact]
    public async Task A_manager_in_the_General_channel_gets_the_pointer_to_help_for_unknown_text()
    {
        await env.SwitchUserAsync("Morgan Manager");
        try
        {
            await using var playground = await env.OpenAsync(nameof(A_manager_in_the_General_channel_gets_the_pointer_to_help_for_unknown_text));
            try
            {
                Assert.Equal("Morgan Manager", await playground.SignedInUserAsync());
                await playground.OpenChannelAsync("General");
                // Words that name no command (since the whole-line reader, "what can you do" is a request for help).
                await playground.SendTextAsync("purple elephant sandwiches");

                await playground.WaitForTextAsync("Type 'help' to see what I can do");
                // The log panel lists every activity; the conversation locator must not see it.
                Assert.Equal(0, await playground.Conversation.GetByText("installationUpdate").CountAsync());
                await playground.ScreenshotAsync("general-channel-unknown-text");
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                throw new InvalidOperationException($"{e.Message}{Environment.NewLine}{await playground.FailureReportAsync()}", e);
            }
        }
        finally
        {
            await env.SwitchUserAsync(BotAndPlayground.DefaultUser);
        }
    }
}

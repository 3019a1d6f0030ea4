namespace Chexs.Bot.EndToEnd;

/// <summary>
/// Issue 19: a host books a session, opens `my sessions` and starts the meeting from there. The start link comes
/// from the (simulated) Zoom at the click and is shown on the card that replaces the list, for the host only.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class SessionHubFlowTests(BotAndPlayground env)
{
    [Fact]
    public async Task A_host_books_and_starts_the_meeting_from_my_sessions()
    {
        await env.SwitchUserAsync(BotAndPlayground.DefaultUser);
        await using var page = await env.OpenAsync(nameof(A_host_books_and_starts_the_meeting_from_my_sessions));
        await page.RunAsync(async () =>
        {
            // A day and time no other end-to-end test books, so the host is never double-booked (D1).
            var day = SessionDays.WeekdayAhead(8);
            await page.SendTextAsync($"book session growth with Sam Patel {SessionDays.Typed(day)} 1pm for 30 min");
            var summary = await page.WaitForCardContainingAsync("Check this booking");
            await page.ClickCardButtonAsync(summary, "Confirm");
            var confirmation = await page.WaitForCardContainingAsync("Session booked");
            var confirmationText = await confirmation.InnerTextAsync();
            Assert.Contains("Invitations go to", confirmationText);
            Assert.Contains("Start meeting", confirmationText);

            await page.SendTextAsync("my sessions");
            var list = await page.WaitForCardContainingAsync("Your sessions");
            Assert.Contains("Sam Patel", await list.InnerTextAsync());
            Directory.CreateDirectory(CardGalleryTests.PlaygroundFolder);
            await list.ScreenshotAsync(new() { Path = Path.Combine(CardGalleryTests.PlaygroundFolder, "my-sessions.png") });

            await page.ClickCardButtonAsync(list, "Start meeting");
            var start = await page.WaitForCardContainingAsync("Ready to start");
            var startText = await start.InnerTextAsync();
            Assert.Contains("Open Zoom as host", startText);
            Assert.Contains("Simulated meeting", startText);
            Assert.Contains("Sam Patel", startText);
            await start.ScreenshotAsync(new() { Path = Path.Combine(CardGalleryTests.PlaygroundFolder, "session-start.png") });
            await page.ScreenshotAsync(start, "session-start");
        });
    }
}

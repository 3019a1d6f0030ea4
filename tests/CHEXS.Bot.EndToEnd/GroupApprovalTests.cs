using System.Text.RegularExpressions;

namespace Chexs.Bot.EndToEnd;

/// <summary>
/// Issue 6: a group session goes through a second user. Alex asks for it; the request goes to Alex's line
/// manager, Morgan (P10), as an approval-request card that the NoticeDeliveryWorker posts into Morgan's
/// own personal chat with the bot; Morgan approves it there; the card becomes the outcome for everyone; and
/// back in Alex's chat the bot says so and delivers Alex's confirmation card.
///
/// The path is the personal chat, not the managers' channel. How the bot reaches Morgan: the Playground
/// sends an installationUpdate when its personal chat opens (as Teams does when a user adds the app), so the
/// bot learns Morgan's chat without Morgan typing anything, and the notice queued since Alex's click goes on
/// the worker's next pass. PlaygroundConfig gives each user a personal chat id of their own, as in Teams.
/// Each Playground restart listens on a new port, so the service URL the bot kept for Alex's chat goes stale
/// while Morgan is signed in: the two notices for Alex fail, stay queued, and go once Alex's chat is opened
/// again (installationUpdate → the reference is refreshed).
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class GroupApprovalTests(BotAndPlayground env)
{
    /// <summary>Long enough for the notice worker's 5-second poll, a retry and the Playground's push to the page.</summary>
    private static readonly TimeSpan NoticeTimeout = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task A_group_session_is_booked_once_the_line_manager_approves_it_in_their_own_chat()
    {
        // Sam Patel (P-0001) and Lily Evans (P-0003) have annual consents covering group sessions; Lily is under 14 (P9).
        var day = SessionDays.WeekdayAhead(3);
        string sessionRef = "";
        try
        {
            await env.SwitchUserAsync(BotAndPlayground.DefaultUser);
            await using (var alex = await env.OpenAsync(nameof(A_group_session_is_booked_once_the_line_manager_approves_it_in_their_own_chat) + "-alex"))
            {
                await alex.RunAsync(async () =>
                {
                    await alex.SendTextAsync($"book session growth group with Sam Patel and Lily Evans {SessionDays.Typed(day)} 5pm for 45 min");

                    var summary = await alex.WaitForCardContainingAsync("Check this booking");
                    var summaryText = await summary.InnerTextAsync();
                    Assert.Contains("Sam Patel", summaryText);
                    Assert.Contains("Lily Evans", summaryText);
                    Assert.Contains("Morgan Manager", summaryText); // P10: who must approve
                    Assert.Contains("P9", summaryText); // Lily is under 14
                    await alex.ClickCardButtonAsync(summary, "Send for approval");

                    var sent = await alex.WaitForTextAsync("for approval (P10)");
                    var said = await sent.InnerTextAsync();
                    Assert.Contains("Morgan Manager", said);
                    sessionRef = Regex.Match(said, @"\bS-[2-9A-HJKMNP-TV-Z]{5}\b").Value;
                    Assert.False(string.IsNullOrEmpty(sessionRef), $"no session reference in: {said}");
                    Assert.Equal(0, await alex.Cards.Filter(new() { HasText = "Session booked" }).CountAsync());
                });
            }

            await env.SwitchUserAsync("Morgan Manager");
            await using (var morgan = await env.OpenAsync(nameof(A_group_session_is_booked_once_the_line_manager_approves_it_in_their_own_chat) + "-morgan"))
            {
                await morgan.RunAsync(async () =>
                {
                    Assert.Equal("Morgan Manager", await morgan.SignedInUserAsync());
                    var request = await morgan.WaitForCardContainingAsync("Group session needs approval", NoticeTimeout);
                    var requestText = await request.InnerTextAsync();
                    Assert.Contains("Alex Host", requestText);
                    Assert.Contains(SessionDays.Shown(day), requestText);
                    // Morgan's own chat: who exactly, with age and school year ("S.P." would fit Sam Patel and Sami Patil).
                    Assert.Contains("Sam Patel (", requestText);
                    Assert.Contains("Lily Evans (", requestText);
                    Assert.DoesNotContain("S.P.", requestText);
                    await morgan.ScreenshotAsync(request, "approval-request");
                    Directory.CreateDirectory(CardGalleryTests.PlaygroundFolder);
                    await request.ScreenshotAsync(new() { Path = Path.Combine(CardGalleryTests.PlaygroundFolder, "approval-request.png") });

                    // Approve opens an optional comment, then Confirm approval decides.
                    await morgan.ClickCardButtonAsync(request, "Approve");
                    await morgan.ClickCardButtonAsync(request, "Confirm approval");

                    var outcome = await morgan.WaitForCardContainingAsync($"Approved: group session {sessionRef}");
                    Assert.Contains("guardians invited", await outcome.InnerTextAsync());
                    Assert.Equal(0, await morgan.Cards.Filter(new() { HasText = "Group session needs approval" }).CountAsync());
                    await morgan.ScreenshotAsync(outcome, "approval-outcome");
                    await outcome.ScreenshotAsync(new() { Path = Path.Combine(CardGalleryTests.PlaygroundFolder, "approval-outcome.png") });
                });
            }

            await env.SwitchUserAsync(BotAndPlayground.DefaultUser);
            await using (var alex = await env.OpenAsync(nameof(A_group_session_is_booked_once_the_line_manager_approves_it_in_their_own_chat) + "-alex-after"))
            {
                await alex.RunAsync(async () =>
                {
                    await alex.WaitForTextAsync($"Your group session {sessionRef}", NoticeTimeout);
                    var confirmation = await alex.WaitForCardContainingAsync(sessionRef, NoticeTimeout);
                    var text = await confirmation.InnerTextAsync();
                    Assert.Contains("Session booked", text);
                    Assert.Contains("Group", text);
                    Assert.Contains("Lily Evans", text);
                    Assert.Contains("P10: group session", text);
                    Assert.DoesNotContain("Meeting passcode", text); // a stored/queued card never carries it
                    await alex.ScreenshotAsync(confirmation, "group-booking-confirmation");
                });
            }
        }
        finally
        {
            await env.SwitchUserAsync(BotAndPlayground.DefaultUser);
        }
    }
}

using System.Text.RegularExpressions;

namespace Chexs.Bot.EndToEnd;

/// <summary>
/// Issue 16: Alex raises a safeguarding concern from the "Raise a concern" button of a session in "my sessions";
/// the Designated Safeguarding Lead, Dana (development identity, Safeguarding:LeadIds), finds it as a card in her own
/// 1:1 chat and acknowledges it there; the General channel shows nothing of it.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class ConcernTests(BotAndPlayground env)
{
    /// <summary>Long enough for the concern worker's 5-second poll, a retry and the Playground's push to the page.</summary>
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task A_host_raises_a_concern_from_a_session_card_and_the_lead_acknowledges_it_in_her_own_chat()
    {
        var marker = "Kestrel-" + Guid.NewGuid().ToString("N")[..8];
        var account = $"Sam said someone at home hurts him when he logs on late ({marker}).";
        var day = SessionDays.WeekdayAhead(4);
        var concernRef = "";
        try
        {
            await env.SwitchUserAsync(BotAndPlayground.DefaultUser);
            await using (var alex = await env.OpenAsync(nameof(A_host_raises_a_concern_from_a_session_card_and_the_lead_acknowledges_it_in_her_own_chat) + "-alex"))
            {
                await alex.RunAsync(async () =>
                {
                    await alex.SendTextAsync($"book session growth with Sam Patel {SessionDays.Typed(day)} 2pm for 30 min");
                    await alex.ClickCardButtonAsync(await alex.WaitForCardContainingAsync("Check this booking"), "Confirm");
                    var booked = await alex.WaitForCardContainingAsync("Session booked");
                    var sessionRef = Regex.Match(await booked.InnerTextAsync(), @"\bS-[2-9A-HJKMNP-TV-Z]{5}\b").Value;

                    await alex.SendTextAsync("my sessions");
                    var list = await alex.WaitForCardContainingAsync(sessionRef);
                    // The session's own container (the last, innermost, holding its reference) and its button.
                    var item = list.Locator(".ac-container", new() { HasText = sessionRef }).Last;
                    await alex.ClickCardButtonAsync(item, "Raise a concern");

                    var risk = await alex.WaitForCardContainingAsync("Yes, right now");
                    await alex.ClickCardButtonAsync(risk, "No");
                    await alex.WaitForTextAsync("What did you see or hear?");
                    await alex.SendTextAsync(account);
                    await alex.WaitForTextAsync("When did it happen?");
                    await alex.SendTextAsync("during the session");
                    await alex.ClickCardButtonAsync(await alex.WaitForCardContainingAsync("Conduct of an adult"), "Disclosure");

                    var recorded = await alex.WaitForTextAsync("sent privately to Dana Safeguarding");
                    concernRef = Regex.Match(await recorded.InnerTextAsync(), @"\bC-\d+\b").Value;
                    Assert.False(string.IsNullOrEmpty(concernRef), "no concern number in the reply");
                    await alex.ScreenshotAsync("concern-raised");

                    // The channel sees nothing of it.
                    await alex.OpenChannelAsync("General");
                    Assert.Equal(0, await alex.Conversation.GetByText(marker).CountAsync());
                    Assert.Equal(0, await alex.Conversation.GetByText(concernRef, new() { Exact = false }).CountAsync());
                });
            }

            await env.SwitchUserAsync("Dana Safeguarding");
            await using (var dana = await env.OpenAsync(nameof(A_host_raises_a_concern_from_a_session_card_and_the_lead_acknowledges_it_in_her_own_chat) + "-dana"))
            {
                await dana.RunAsync(async () =>
                {
                    Assert.Equal("Dana Safeguarding", await dana.SignedInUserAsync());
                    var card = await dana.WaitForCardContainingAsync($"Safeguarding concern {concernRef}", DeliveryTimeout);
                    var text = await card.InnerTextAsync();
                    Assert.Contains(marker, text);
                    Assert.Contains("Sam Patel", text);
                    Assert.Contains("Alex Host", text);
                    Assert.Contains("Open, not yet acknowledged", text);
                    await dana.ScreenshotAsync(card, "concern-lead-card");

                    await dana.ClickCardButtonAsync(card, "Acknowledge");

                    var acknowledged = await dana.WaitForCardContainingAsync("acknowledged by Dana Safeguarding");
                    Assert.Contains(concernRef, await acknowledged.InnerTextAsync());
                    await dana.ScreenshotAsync(acknowledged, "concern-acknowledged");

                    await dana.OpenChannelAsync("General");
                    Assert.Equal(0, await dana.Conversation.GetByText(marker).CountAsync());
                });
            }
        }
        finally
        {
            await env.SwitchUserAsync(BotAndPlayground.DefaultUser);
        }
    }
}

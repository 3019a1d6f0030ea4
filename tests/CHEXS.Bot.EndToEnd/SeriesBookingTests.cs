using System.Text.RegularExpressions;

namespace Chexs.Bot.EndToEnd;

/// <summary>
/// Issue 17: Alex books a weekly series in the personal chat, checks the series card (every date judged), books the
/// dates and finds the series in "my sessions" as one entry with its dates.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class SeriesBookingTests(BotAndPlayground env)
{
    [Fact]
    public async Task A_series_booked_in_the_Playground_appears_in_my_sessions_as_one_series_with_its_dates()
    {
        await env.SwitchUserAsync(BotAndPlayground.DefaultUser);
        await using var playground = await env.OpenAsync(nameof(A_series_booked_in_the_Playground_appears_in_my_sessions_as_one_series_with_its_dates));
        await playground.RunAsync(async () =>
        {
            // Noah Leap (P-0004) has the seed's annual consent covering everything; 5:30pm keeps clear of the other tests' 4pm bookings.
            await playground.SendTextAsync("book session growth with Noah Leap every Thursday at 5:30pm for 2 weeks, 30 min");

            var card = await playground.WaitForCardContainingAsync("Check this series");
            var cardText = await card.InnerTextAsync();
            Assert.Contains("Noah Leap", cardText);
            Assert.Contains("Can be booked (2)", cardText);
            await playground.ScreenshotAsync(card, "series-summary");

            await playground.ClickCardButtonAsync(card, "Book all 2 dates");
            await playground.WaitForTextAsync("Booked series R-");

            await playground.SendTextAsync("my sessions");
            var list = await playground.WaitForCardContainingAsync("Weekly series R-");
            var text = await list.InnerTextAsync();
            Assert.Contains("One-to-one with Noah Leap · 2 dates to come", text);
            Assert.Equal(2, new Regex(@"Thu \d{1,2} \w{3} \d{4}, 5:30pm \(S-[2-9A-HJKMNP-TV-Z]{5}\)").Matches(text).Count);
            Assert.Contains("Cancel the rest of the series", text);
            await playground.ScreenshotAsync(list, "my-sessions-series");
        });
    }
}

using System.Text.RegularExpressions;

namespace Chexs.Bot.EndToEnd;

/// <summary>
/// Issue 6: Alex types a one-line booking in the personal chat, checks the summary card, presses Confirm
/// and gets the confirmation card (simulated Zoom meeting in Development).
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class OneToOneBookingTests(BotAndPlayground env)
{
    [Fact]
    public async Task A_typed_one_to_one_booking_ends_with_the_confirmation_card()
    {
        await env.SwitchUserAsync(BotAndPlayground.DefaultUser);
        await using var playground = await env.OpenAsync(nameof(A_typed_one_to_one_booking_ends_with_the_confirmation_card));
        await playground.RunAsync(async () =>
        {
            // Sam Patel (P-0001) has the seed's annual consent for this academic year, covering recording.
            var day = SessionDays.WeekdayAhead(2);
            await playground.SendTextAsync($"book session growth with Sam Patel {SessionDays.Typed(day)} 4pm for 45 min");

            var summary = await playground.WaitForCardContainingAsync("Check this booking");
            var summaryText = await summary.InnerTextAsync();
            Assert.Contains("Sam Patel", summaryText);
            Assert.Contains("Growth Programme", summaryText);
            Assert.Contains(SessionDays.Shown(day), summaryText);
            Assert.Contains("45 minutes", summaryText);
            Assert.DoesNotContain("Send for approval", summaryText); // one-to-one: no P10 approval
            await playground.ScreenshotAsync(summary, "booking-summary");

            await playground.ClickCardButtonAsync(summary, "Confirm");

            var confirmation = await playground.WaitForCardContainingAsync("Session booked");
            var text = await confirmation.InnerTextAsync();
            Assert.Matches(new Regex(@"\bS-[2-9A-HJKMNP-TV-Z]{5}\b"), text);
            Assert.Contains("Growth Programme", text);
            Assert.Contains("One-to-one", text);
            Assert.Contains(SessionDays.Shown(day), text);
            Assert.Contains("Sam Patel", text); // full name: this is the host's own 1:1 chat
            Assert.Contains("Simulated meeting", text);
            Assert.Contains("Your checklist", text);
            Assert.Contains("P8: lock the meeting", text);
            Assert.Contains("P5: check that the recording is running", text);
            Assert.Contains("Meeting passcode", text);
            await playground.ScreenshotAsync(confirmation, "booking-confirmation");
        });
    }
}

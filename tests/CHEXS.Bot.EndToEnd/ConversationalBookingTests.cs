using System.Globalization;
using System.Text.RegularExpressions;

namespace Chexs.Bot.EndToEnd;

/// <summary>
/// Issue "Say it the way staff say it", in the Playground as a busy staff member would: a booking whose pupil is
/// chosen with a quick-choice button, whose time is corrected by typing at the summary card; a second booking; then
/// "cancel session", interrupted by "my sessions", and the session chosen with a quick-choice button.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class ConversationalBookingTests(BotAndPlayground env)
{
    [Fact]
    public async Task Quick_choice_buttons_a_typed_correction_and_an_interruption_work_in_the_Playground()
    {
        await env.SwitchUserAsync(BotAndPlayground.DefaultUser);
        await using var playground = await env.OpenAsync(nameof(Quick_choice_buttons_a_typed_correction_and_an_interruption_work_in_the_Playground));
        await playground.RunAsync(async () =>
        {
            // Days and times no other end-to-end test uses, so the host is never double-booked (D1).
            var first = SessionDays.WeekdayAhead(4);
            var second = SessionDays.WeekdayAhead(5);

            // "SP" fits Sam Patel and Sami Patil: the bot asks, with a button each (labelled by age and school year).
            await playground.SendTextAsync($"book session with SP {SessionDays.Typed(first)} at 3pm for 45 min");
            await playground.WaitForTextAsync("could be more than one pupil");
            var which = await playground.WaitForCardContainingAsync("Northfield Academy");
            await playground.ScreenshotAsync(which, "choice-pupil");
            await playground.ClickCardButtonStartingAsync(which, "Sam Patel (");

            var summary = await playground.WaitForCardContainingAsync("Check this booking");
            var summaryText = await summary.InnerTextAsync();
            Assert.Contains("Sam Patel", summaryText);
            Assert.Contains("3:00pm to 3:45pm", summaryText);
            Assert.Contains("the programme Sam Patel is on", summaryText); // inferred, not asked

            // A typed correction at the summary changes the time and shows the new summary.
            await playground.SendTextAsync("make it half past three");
            var corrected = await playground.WaitForCardContainingAsync("3:30pm to 4:15pm");
            Assert.Contains("I took 'half past three' as afternoon", await corrected.InnerTextAsync());
            await playground.ScreenshotAsync(corrected, "summary-corrected");
            await playground.ClickCardButtonAsync(corrected, "Confirm");
            var booked = await playground.WaitForCardContainingAsync("3:30pm to 4:15pm");
            await playground.WaitForCardContainingAsync("Session booked");
            Assert.Contains(SessionDays.Shown(first), await booked.InnerTextAsync());

            // A second booking, said the way people say it (no "session", no "with").
            await playground.SendTextAsync($"book Sami Patil {SessionDays.Typed(second)} 11am for 30 min");
            var secondSummary = playground.Cards.Filter(new() { HasText = "Check this booking" }).Filter(new() { HasText = "Sami Patil" }).Last;
            await secondSummary.WaitForAsync(new() { Timeout = (float)PlaygroundPage.BotReplyTimeout.TotalMilliseconds });
            await playground.ClickCardButtonAsync(secondSummary, "Confirm");
            await playground.WaitForCardContainingAsync("11:00am to 11:30am");

            // "cancel session" asks which; "my sessions" typed meanwhile just shows the list and the question comes back.
            await playground.SendTextAsync("cancel session");
            await playground.WaitForTextAsync("Which session do you want to cancel?");
            await playground.SendTextAsync("my sessions");
            await playground.WaitForCardContainingAsync("Your sessions");
            await playground.WaitForTextAsync("Back to cancelling a session:");

            // The choice is answered in words, as staff do: other tests of this run also book for Alex, so the list may
            // be long enough to be a numbered list rather than buttons (buttons are covered by the pupil choice above).
            await playground.ScreenshotAsync("choice-session");
            await playground.SendTextAsync("the one with Sami Patil");

            var sure = await playground.WaitForTextAsync("The guardians will get a cancellation email");
            Assert.Matches(new Regex(@"Cancel S-[2-9A-HJKMNP-TV-Z]{5}"), await sure.InnerTextAsync());
            var keep = playground.Cards.Filter(new() { Has = playground.Page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Keep it", Exact = true }) }).Last;
            await playground.ClickCardButtonAsync(keep, "Keep it");
            await playground.WaitForTextAsync("stays as it is. Nothing was changed.");
            await playground.ScreenshotAsync("interruption-and-choices");
        });
    }
}

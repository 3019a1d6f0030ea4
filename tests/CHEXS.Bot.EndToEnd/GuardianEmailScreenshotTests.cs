using Chexs.Bot.Invitations;
using Chexs.Bot.Records;
using Chexs.Bot.Safeguarding;
using Microsoft.Playwright;
using MimeKit;

namespace Chexs.Bot.EndToEnd;

/// <summary>
/// The guardian e-mail as a parent sees it on a phone, in English and in Welsh: the HTML part of the very MIME message
/// the bot sends (built by the bot's own code), rendered by headless Chromium at a phone's width. Writes
/// test-output/e2e/guardian-email-{en,cy}.png; with CHEXS_UPDATE_DOCS=1 (scripts/email-screenshots.sh) also the
/// copies the README shows, docs/guardian-email-{en,cy}.png.
/// </summary>
public sealed class GuardianEmailScreenshotTests
{
    [Theory]
    [InlineData("en")]
    [InlineData("cy")]
    public async Task The_guardian_email_reads_on_a_phone(string language)
    {
        var html = HtmlPartOf(SampleMessage(language));
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BotAndPlayground.ChromiumPath,
            Headless = true,
            Args = BotAndPlayground.ChromiumFlags,
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 }, DeviceScaleFactor = 1 });
        await page.SetContentAsync(html);

        // What a screen reader announces: one page heading, then the sections.
        Assert.Equal(1, await page.Locator("h1").CountAsync());
        Assert.Equal(language == "cy" ? ["Sut i ymuno", "Cadw Lily yn ddiogel", "Cwestiynau neu bryderon"] : ["How to join", "Keeping Lily safe", "Questions or concerns"],
            await page.Locator("h2").AllInnerTextsAsync());
        Assert.Equal(language, await page.Locator("html").GetAttributeAsync("lang"));
        // Nothing is wider than the phone: no sideways scrolling.
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"));

        var file = Path.Combine(RepoPaths.Output, $"guardian-email-{language}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
        if (Environment.GetEnvironmentVariable("CHEXS_UPDATE_DOCS") == "1")
            File.Copy(file, Path.Combine(RepoPaths.Root, "docs", $"guardian-email-{language}.png"), overwrite: true);
    }

    /// <summary>The development sample family: Lily Evans (12; P9 applies) and her mother, in the given language.</summary>
    private static MimeMessage SampleMessage(string language)
    {
        var safeguarding = new SafeguardingOptions
        {
            ConcernsContactName = "Morgan Manager",
            ConcernsContactEmail = "safeguarding@chexs.example",
            ConcernsContactPhone = "020 7946 0000",
        };
        var composer = new InvitationComposer(Microsoft.Extensions.Options.Options.Create(safeguarding));
        var pupil = new Pupil { Id = "P-0003", FirstName = "Lily", LastName = "Evans", DateOfBirth = new DateOnly(2014, 6, 21), Programmes = [Programme.Growth], GuardianIds = ["grace.evans@example.org"] };
        var guardian = new Guardian { Id = "grace.evans@example.org", Name = "Grace Evans", Email = "grace.evans@example.org", PupilIds = [pupil.Id], Language = language };
        var session = new Session
        {
            Id = "S-7K3Q9", Programme = Programme.Growth, HostId = "host", PupilIds = [pupil.Id], DurationMinutes = 45,
            Start = new DateTimeOffset(2026, 12, 3, 16, 0, 0, TimeSpan.Zero), Kind = SessionKind.OneToOne, Status = SessionStatus.Scheduled,
            Meeting = new ZoomMeetingRecord { MeetingId = 81234567890, JoinUrl = "https://zoom.us/j/81234567890?pwd=SeCrEtJoInToKeN", Passcode = "k7Q2pX" },
        };
        var stamp = new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
        var email = composer.Compose(session, pupil, guardian, InvitationKind.Invitation) with
        {
            Calendar = composer.CalendarFor(session, pupil, guardian, InvitationKind.Invitation, 0, stamp, "sessions@chexs.example"),
        };
        var bytes = GuardianMessage.Build(email, "screenshot", "sessions@chexs.example", stamp, safeguarding.Zone);
        return MimeMessage.Load(new MemoryStream(bytes));
    }

    private static string HtmlPartOf(MimeMessage message) => message.HtmlBody ?? throw new InvalidOperationException("The message has no HTML part.");
}

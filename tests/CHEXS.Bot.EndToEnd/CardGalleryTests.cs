using System.Text;
using Chexs.Bot.Cards;
using Microsoft.Playwright;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.EndToEnd;

/// <summary>
/// Regenerates docs/cards.md and docs/cards/*.png: every card template bound to every sample in cards/samples (our
/// binder, as the bot renders it) and drawn by the official Adaptive Cards renderer in the same headless Chromium the
/// Playground tests use, plus the cards as the Playground showed them in the flows (written by those tests into
/// docs/cards/playground/). A card that fails to render fails the test.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class CardGalleryTests(BotAndPlayground env)
{
    /// <summary>Where each card goes, for the page.</summary>
    private static readonly Dictionary<string, string> Where = new(StringComparer.Ordinal)
    {
        [CardNames.Welcome] = "On install: the 1:1 chat (what I do, two buttons) or a team (what the channel will see, a link to the 1:1 chat).",
        [CardNames.Help] = "`help`, anywhere: the commands, a one-line example and buttons.",
        [CardNames.Policy] = "`policy`, anywhere: the rules, the version and the P15 warning once the review date has passed.",
        [CardNames.PolicyReview] = "P15 banner: once a day per person, before the first piece of work, in the 1:1 chat.",
        [CardNames.BookingSummary] = "1:1 chat: the booking to check, with Confirm / Change / Cancel.",
        [CardNames.BookingBlocked] = "1:1 chat: what blocks a booking, by rule, and what would fix it.",
        [CardNames.BookingConfirmation] = "The host's 1:1 chat (full names, passcode, Start / Reschedule / Cancel, guardians); the channel variant has initials and no buttons.",
        [CardNames.MySessions] = "`my sessions` in the 1:1 chat: in progress, today and upcoming, each with its buttons; empty, a Book button.",
        [CardNames.SessionStart] = "The answer to Start meeting, for the host only: the start link fetched from Zoom at the click.",
        [CardNames.ApprovalRequest] = "A group session to approve: the line manager's 1:1 chat (full names, age, year) or the managers' channel (initials).",
        [CardNames.ApprovalOutcome] = "Replaces the approval request for everyone once decided.",
        [CardNames.BookingRejected] = "The requester's 1:1 chat when a manager rejects: the reason and Change and resend.",
        [CardNames.Reminder] = "Staff channel, before each session: initials and the host's checklist, never a link.",
        [CardNames.HostPrivateReminder] = "The host's 1:1 chat, 15 minutes before: names and the start link.",
        [CardNames.LockNudge] = "The host's 1:1 chat when everyone expected has joined (P8).",
        [CardNames.MissingRecordingAlert] = "Managers' channel when a recording is missing (P5).",
        [CardNames.WeeklyDigest] = "Managers' channel, weekly.",
    };

    /// <summary>Cards as the Playground showed them in the flows (written by SessionHubFlowTests and GroupApprovalTests).</summary>
    public static readonly (string File, string Caption)[] PlaygroundShots =
    [
        ("my-sessions", "`my sessions` after booking, with Start meeting"),
        ("session-start", "After pressing Start meeting: the simulated Zoom start link"),
        ("approval-request", "The approval request in Morgan's own chat: full names with age and year"),
        ("approval-outcome", "After Approve"),
    ];

    public static string Docs => Path.Combine(RepoPaths.Root, "docs");
    public static string PlaygroundFolder => Path.Combine(Docs, "cards", "playground");

    [Fact]
    public async Task Every_card_is_drawn_into_docs_cards()
    {
        var folder = Path.Combine(Docs, "cards");
        Directory.CreateDirectory(folder);
        var templates = new CardTemplates(Path.Combine(RepoPaths.Root, "cards"));
        var samples = Directory.GetFiles(Path.Combine(RepoPaths.Root, "cards", "samples"), "*.data.json").Order(StringComparer.Ordinal).ToList();

        var context = await env.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 900, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.SetContentAsync("<html><body style=\"margin:0;background:#f5f5f5;font-family:'Segoe UI',sans-serif\"><div id=\"card\" style=\"width:520px;padding:16px;background:#fff;margin:16px;border-radius:6px\"></div></body></html>");
        await page.AddScriptTagAsync(new() { Path = Path.Combine(RepoPaths.Root, "node_modules", "adaptivecards", "dist", "adaptivecards.min.js") });
        // Teams renders **bold** in TextBlocks; the bare renderer needs a markdown step for that (escaped first).
        await page.EvaluateAsync(@"() => { AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text, result) => {
            const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
            result.outputHtml = escaped.replace(/\*\*(.+?)\*\*/g, '<b>$1</b>').replace(/`(.+?)`/g, '<code>$1</code>');
            result.didProcess = true; }; }");

        var md = new StringBuilder();
        md.AppendLine("# Cards");
        md.AppendLine();
        md.AppendLine("Every Adaptive Card the bot sends, drawn from its template and sample data (`cards/`, `cards/samples/`).");
        md.AppendLine("Regenerated by `CardGalleryTests` in `tests/CHEXS.Bot.EndToEnd` (the official renderer in headless Chromium),");
        md.AppendLine("and the cards as the Agents Playground showed them in the end-to-end flows. Run:");
        md.AppendLine();
        md.AppendLine("```sh");
        md.AppendLine("dotnet test tests/CHEXS.Bot.EndToEnd --filter \"FullyQualifiedName~CardGallery|FullyQualifiedName~SessionHubFlow|FullyQualifiedName~GroupApproval\"");
        md.AppendLine("```");
        md.AppendLine();
        md.AppendLine("## In the Playground");
        md.AppendLine();
        foreach (var (file, caption) in PlaygroundShots)
        {
            md.AppendLine($"**{caption}**").AppendLine().AppendLine($"![{caption}](cards/playground/{file}.png)").AppendLine();
        }
        md.AppendLine("## Every card and variant");
        md.AppendLine();
        string? lastTemplate = null;
        foreach (var sample in samples)
        {
            var name = Path.GetFileName(sample)[..^".data.json".Length];
            var template = name.Split('.')[0];
            var card = templates.Render(template, CardTemplates.ReadJson(sample));
            var error = await page.EvaluateAsync<string>(@"json => {
                const host = document.getElementById('card');
                host.innerHTML = '';
                const card = new AdaptiveCards.AdaptiveCard();
                card.parse(JSON.parse(json));
                const el = card.render();
                if (!el) return 'nothing rendered';
                host.appendChild(el);
                return '';
            }", card.ToString(Newtonsoft.Json.Formatting.None));
            Assert.True(error == "", $"{name}: {error}");
            await page.Locator("#card").ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png") });
            if (template != lastTemplate)
            {
                md.AppendLine($"### {template}").AppendLine();
                if (Where.TryGetValue(template, out var where)) md.AppendLine(where).AppendLine();
                lastTemplate = template;
            }
            var variant = name == template ? "sample" : name[(template.Length + 1)..];
            md.AppendLine($"![{template} ({variant})](cards/{name}.png)").AppendLine();
        }
        await context.CloseAsync();
        await File.WriteAllTextAsync(Path.Combine(Docs, "cards.md"), md.ToString());
        Assert.All(Where.Keys, t => Assert.True(File.Exists(Path.Combine(folder, t + ".png")), $"no picture of {t}"));
    }
}

using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Chexs.Bot.EndToEnd;

/// <summary>
/// One browser page on the Agents Playground, with the moves a person makes: pick a chat or channel,
/// type a message, wait for the bot's card, press a card button, take a screenshot.
/// Selectors come from the Playground's own accessible names and the Adaptive Cards renderer's
/// classes, read off the running page (see DumpAsync), not guessed.
/// </summary>
public sealed class PlaygroundPage : IAsyncDisposable
{
    public static readonly TimeSpan BotReplyTimeout = TimeSpan.FromSeconds(30);

    private readonly BotAndPlayground _env;
    private readonly string _testName;

    public PlaygroundPage(IPage page, BotAndPlayground env, string testName)
    {
        Page = page;
        _env = env;
        _testName = testName;
    }

    public IPage Page { get; }

    /// <summary>
    /// The message box (a contenteditable editor). In a channel it is the "Start a new post" box at the top: every post
    /// below it (the bot's welcome, a reminder) has its own reply box, and a reply is not a new post.
    /// </summary>
    public ILocator MessageBox => InChannel ? Page.GetByRole(AriaRole.Textbox).First : Page.GetByRole(AriaRole.Textbox).Last;

    /// <summary>Rendered Adaptive Cards in the open conversation, oldest first.</summary>
    public ILocator Cards => Conversation.Locator(".ac-adaptiveCard");

    /// <summary>The name on the avatar at the top right: who the Playground says is signed in.</summary>
    public async Task<string?> SignedInUserAsync() =>
        await Page.GetByTitle("Toggle Log Panel").Locator("xpath=following-sibling::div[1]//span[@role='img']").GetAttributeAsync("aria-label");

    public async Task LoadAsync()
    {
        await Page.GotoAsync(_env.PlaygroundUrl);
        await Page.GetByRole(AriaRole.Treeitem, new() { Name = "Personal Chat" }).WaitForAsync();
        await OpenPersonalChatAsync();
    }

    /// <summary>Reloads the page, e.g. after <see cref="BotAndPlayground.SwitchUserAsync"/> restarted the Playground.</summary>
    public Task ReloadAsync() => LoadAsync();

    public Task OpenPersonalChatAsync() => OpenConversationAsync("Personal Chat");

    public Task OpenGroupChatAsync() => OpenConversationAsync("CHEXS Group Chat");

    /// <summary>Opens a channel of the CHEXS Staff team: "General" or "Managers".</summary>
    public Task OpenChannelAsync(string channel) => OpenConversationAsync($"CHEXS Staff - {channel}");

    private async Task OpenConversationAsync(string accessibleName)
    {
        await Page.GetByRole(AriaRole.Treeitem, new() { Name = accessibleName, Exact = true }).ClickAsync();
        InChannel = accessibleName.StartsWith("CHEXS Staff - ", StringComparison.Ordinal);
        InGroupChat = accessibleName == "CHEXS Group Chat";
        await MessageBox.WaitForAsync();
    }

    /// <summary>True while a team channel is open: messages there are new posts ("Post" button).</summary>
    public bool InChannel { get; private set; }

    public bool InGroupChat { get; private set; }

    /// <summary>
    /// Types <paramref name="text"/> and sends it: "Send Message" in a chat, "Post" (a new post) in a
    /// channel. As in Teams, the bot only hears channel and group-chat messages that @mention it, so
    /// there the message starts with a mention picked from the Playground's typeahead, unless
    /// <paramref name="mentionBot"/> says otherwise.
    /// </summary>
    public async Task SendTextAsync(string text, bool? mentionBot = null)
    {
        await MessageBox.ClickAsync();
        if (mentionBot ?? (InChannel || InGroupChat))
        {
            await MessageBox.PressSequentiallyAsync("@" + BotName[..3]);
            var typeahead = Page.GetByRole(AriaRole.Listbox, new() { Name = "Typeahead menu" });
            await typeahead.GetByRole(AriaRole.Menuitem).Filter(new() { HasText = BotName }).First.ClickAsync();
            await MessageBox.PressSequentiallyAsync(" ");
        }
        await MessageBox.PressSequentiallyAsync(text);
        await Page.GetByRole(AriaRole.Button, new() { Name = InChannel ? "Post" : "Send Message", Exact = true }).ClickAsync();
    }

    /// <summary>The bot's display name in the Playground (bot.name in .m365agentsplayground.yml).</summary>
    public const string BotName = "CHEXS Bot";

    /// <summary>Waits for an Adaptive Card whose text contains <paramref name="text"/> and returns the newest such card.</summary>
    public async Task<ILocator> WaitForCardContainingAsync(string text, TimeSpan? timeout = null)
    {
        var card = Cards.Filter(new() { HasText = text }).Last;
        await card.WaitForAsync(new() { Timeout = (float)(timeout ?? BotReplyTimeout).TotalMilliseconds });
        return card;
    }

    /// <summary>
    /// The open conversation: the outermost element holding the message box but neither the chat
    /// list (whose previews repeat message text) nor the log panel (which logs every activity).
    /// </summary>
    public ILocator Conversation => Page.Locator("div")
        .Filter(new() { Has = Page.GetByRole(AriaRole.Textbox) })
        .Filter(new() { HasNot = Page.GetByRole(AriaRole.Region, new() { Name = "Chat and Teams Channel" }) })
        .Filter(new() { HasNot = Page.GetByText("Log Panel", new() { Exact = true }) })
        .First;

    /// <summary>Waits for a message (card or plain text) containing <paramref name="text"/> to appear in the conversation.</summary>
    public async Task<ILocator> WaitForTextAsync(string text, TimeSpan? timeout = null)
    {
        var found = Conversation.GetByText(text, new() { Exact = false }).Last;
        await found.WaitForAsync(new() { Timeout = (float)(timeout ?? BotReplyTimeout).TotalMilliseconds });
        return found;
    }

    /// <summary>Presses the button titled <paramref name="title"/> on a card (Action.Execute / Action.Submit / Action.ShowCard).</summary>
    public async Task ClickCardButtonAsync(ILocator card, string title)
    {
        await card.GetByRole(AriaRole.Button, new() { Name = title, Exact = true }).ClickAsync();
    }

    /// <summary>Presses the first button on a card whose title starts with <paramref name="prefix"/> (labels that carry an age or a date).</summary>
    public async Task ClickCardButtonStartingAsync(ILocator card, string prefix)
    {
        await card.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^" + Regex.Escape(prefix)) }).First.ClickAsync();
    }

    /// <summary>Fills a card input (Input.Text / Input.Date / ...) identified by its label or placeholder.</summary>
    public async Task FillCardInputAsync(ILocator card, string labelOrPlaceholder, string value)
    {
        var byLabel = card.GetByLabel(labelOrPlaceholder);
        var input = await byLabel.CountAsync() > 0 ? byLabel.First : card.GetByPlaceholder(labelOrPlaceholder).First;
        await input.FillAsync(value);
    }

    /// <summary>Saves a full-page screenshot as test-output/e2e/<paramref name="name"/>.png and returns its path.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        var path = Path.Combine(RepoPaths.Output, Safe(name) + ".png");
        await Page.ScreenshotAsync(new() { Path = path, FullPage = true });
        return path;
    }

    /// <summary>
    /// Saves the page with the whole of <paramref name="card"/> in view as test-output/e2e/<paramref name="name"/>.png.
    /// The conversation scrolls inside the page, so a full-page shot alone can cut a long card: the window is
    /// made tall enough for the card for the shot, and put back afterwards.
    /// </summary>
    public async Task<string> ScreenshotAsync(ILocator card, string name)
    {
        var viewport = Page.ViewportSize;
        var box = await card.BoundingBoxAsync();
        var needed = box is null ? 0 : (int)Math.Ceiling(box.Height) + 300; // room for the header and the message box
        var resized = viewport is not null && needed > viewport.Height;
        if (resized)
        {
            await Page.SetViewportSizeAsync(viewport!.Width, needed);
        }
        try
        {
            await card.ScrollIntoViewIfNeededAsync();
            return await ScreenshotAsync(name);
        }
        finally
        {
            if (resized)
            {
                await Page.SetViewportSizeAsync(viewport!.Width, viewport.Height);
            }
        }
    }

    /// <summary>Saves a screenshot and the page's HTML (test-output/e2e/NAME.png and .html), for learning or debugging the DOM.</summary>
    public async Task DumpAsync(string name)
    {
        await ScreenshotAsync(name);
        await File.WriteAllTextAsync(Path.Combine(RepoPaths.Output, Safe(name) + ".html"), await Page.ContentAsync());
    }

    private static string Safe(string name) => Regex.Replace(name, @"[^A-Za-z0-9._-]+", "-");

    public async ValueTask DisposeAsync()
    {
        await Page.Context.CloseAsync();
    }

    /// <summary>
    /// Runs a test's steps on this page. On any failure (an assertion too) the page is dumped as
    /// FAILED-&lt;test&gt;.png/.html and the bot's and Playground's output is added to the message.
    /// </summary>
    public async Task RunAsync(Func<Task> steps)
    {
        try
        {
            await steps();
        }
        catch (Exception e)
        {
            var report = await FailureReportAsync();
            throw new Xunit.Sdk.XunitException($"{e.GetType().Name}: {e.Message}{Environment.NewLine}{report}");
        }
    }

    /// <summary>On failure: a screenshot and the page HTML named after the test, plus the bot's and Playground's output.</summary>
    public async Task<string> FailureReportAsync()
    {
        try { await DumpAsync($"FAILED-{_testName}"); } catch (PlaywrightException) { }
        return _env.Diagnostics;
    }
}

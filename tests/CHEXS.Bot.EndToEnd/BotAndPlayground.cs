using System.Net;
using System.Net.Sockets;
using Microsoft.Playwright;

namespace Chexs.Bot.EndToEnd;

/// <summary>
/// Starts the already-built bot (Development settings, unauthenticated, a temporary database, a free
/// loopback port), the Microsoft 365 Agents Playground pointed at it, and headless Chromium driven by
/// Playwright. Shared by the end-to-end tests through <see cref="EndToEndCollection"/>; each test opens
/// its own page with <see cref="OpenAsync"/>. Nothing is built here: run `dotnet build CHEXS.Bot.sln`
/// and `npm ci` first (scripts/test.sh does both).
/// </summary>
public class BotAndPlayground : IAsyncLifetime
{
    public const string DefaultUser = "Alex Host";

    /// <summary>Flags for Debian's Chromium on a machine without outside network (platform notes §2).</summary>
    public static readonly string[] ChromiumFlags =
    {
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    };

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly string _workDir = Path.Combine(Path.GetTempPath(), "chexs-e2e", Guid.NewGuid().ToString("N"));
    private ChildProcess? _bot;
    private ChildProcess? _playground;
    private IPlaywright? _playwright;

    public int BotPort { get; private set; }
    public int PlaygroundPort { get; private set; }
    public string BotEndpoint => $"http://127.0.0.1:{BotPort}/api/messages";
    public string PlaygroundUrl => $"http://127.0.0.1:{PlaygroundPort}";
    public string DatabasePath => Path.Combine(_workDir, "chexs.db");

    /// <summary>Extra settings (environment variables) for the bot, e.g. shortened reminder offsets.</summary>
    protected virtual IReadOnlyDictionary<string, string?> BotSettings { get; } = new Dictionary<string, string?>();

    /// <summary>Runs before the bot starts, when nothing holds <see cref="DatabasePath"/> yet (e.g. to seed records).</summary>
    protected virtual Task BeforeBotStartsAsync() => Task.CompletedTask;

    /// <summary>The development identity the Playground currently presents as the signed-in user.</summary>
    public string CurrentUser { get; private set; } = DefaultUser;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_workDir);
        RequireFile(RepoPaths.BotDll, "Build the solution first: dotnet build CHEXS.Bot.sln");
        RequireFile(RepoPaths.PlaygroundCli, "Install the npm packages first: npm ci");
        RequireFile(ChromiumPath, "Install Chromium first: apt-get install chromium");

        await BeforeBotStartsAsync();
        await StartBotAsync();
        await StartPlaygroundAsync(DefaultUser);

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumFlags,
        });
    }

    public static string ChromiumPath => Environment.GetEnvironmentVariable("CHEXS_CHROMIUM") is { Length: > 0 } p ? p : "/usr/bin/chromium";

    /// <summary>A fresh browser page on the Playground, in the personal chat with the bot.</summary>
    public async Task<PlaygroundPage> OpenAsync(string testName)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        var page = await context.NewPageAsync();
        var playground = new PlaygroundPage(page, this, testName);
        await playground.LoadAsync();
        return playground;
    }

    /// <summary>
    /// Restarts the Playground presenting <paramref name="userName"/> (a user in .m365agentsplayground.yml)
    /// as the signed-in user. The bot keeps running, with its database. Pages opened before must be reloaded.
    /// </summary>
    public async Task SwitchUserAsync(string userName)
    {
        if (userName == CurrentUser) return;
        if (_playground is not null) await _playground.DisposeAsync();
        await StartPlaygroundAsync(userName);
    }

    /// <summary>The signed-in user's personal chat with the bot (its id depends on the user, see <see cref="PlaygroundConfig.AsUser"/>).</summary>
    public string PersonalChatId { get; private set; } = "";

    /// <summary>
    /// Sends the bot a file in the personal chat, as Teams delivers one (an attachment of type
    /// application/vnd.microsoft.teams.file.download.info with a download link). The Playground's message box cannot do
    /// that (its web chat is configured with hideUploadButton: true), but its own "custom activity" API (the Mock an Activity →
    /// Custom activity menu uses it) posts any activity to the bot from the signed-in user: the template it returns for
    /// the chat is filled in as a message with the file attachment. The bot answers into the chat as usual.
    /// </summary>
    public async Task SendFileAsync(string fileName, string downloadUrl)
    {
        using var http = new HttpClient { BaseAddress = new Uri(PlaygroundUrl), Timeout = TimeSpan.FromSeconds(10) };
        var template = System.Text.Json.Nodes.JsonNode.Parse(await http.GetStringAsync(
            $"/_internal/v1/customActivities/template?conversationId={Uri.EscapeDataString(PersonalChatId)}"))!.AsObject();
        template["type"] = "message";
        template["text"] = "";
        template["attachments"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject
        {
            ["contentType"] = "application/vnd.microsoft.teams.file.download.info",
            ["name"] = fileName,
            ["content"] = new System.Text.Json.Nodes.JsonObject { ["downloadUrl"] = downloadUrl, ["uniqueId"] = Guid.NewGuid().ToString(), ["fileType"] = "csv" },
        });
        using var body = new StringContent(template.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        using var sent = await http.PostAsync("/_internal/v1/customActivities", body);
        sent.EnsureSuccessStatusCode();
    }

    /// <summary>The bot's and the Playground's output so far, for failure messages.</summary>
    public string Diagnostics => $"--- bot ---{Environment.NewLine}{_bot?.Output}{Environment.NewLine}--- playground ---{Environment.NewLine}{_playground?.Output}";

    private async Task StartBotAsync()
    {
        BotPort = FreePort();
        var environment = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["Database__Path"] = DatabasePath,
            ["MicrosoftAppId"] = "",
            ["MicrosoftAppPassword"] = "",
            ["ASPNETCORE_URLS"] = null,
        };
        foreach (var (key, value) in BotSettings) environment[key] = value;
        _bot = ChildProcess.Start("bot", "dotnet", new[] { RepoPaths.BotDll, "--urls", $"http://127.0.0.1:{BotPort}" }, _workDir, environment);
        await _bot.WaitForLineAsync(@"Now listening on: http://127\.0\.0\.1:\d+", StartTimeout);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var health = await http.GetAsync($"http://127.0.0.1:{BotPort}/healthz");
        if (health.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"The bot's /healthz answered {(int)health.StatusCode}.{Environment.NewLine}{Diagnostics}");
        }
    }

    private async Task StartPlaygroundAsync(string userName)
    {
        var config = Path.Combine(_workDir, "playground.yml");
        var yaml = PlaygroundConfig.AsUser(await File.ReadAllTextAsync(RepoPaths.PlaygroundConfig), userName);
        await File.WriteAllTextAsync(config, yaml);
        var root = new YamlDotNet.Serialization.DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(yaml);
        PersonalChatId = (string)((Dictionary<object, object>)root["personalChat"])["id"];
        var requested = FreePort();
        _playground = ChildProcess.Start("playground", RepoPaths.PlaygroundCli,
            new[] { "-e", BotEndpoint, "-c", "msteams", "-p", requested.ToString(), "--disable-telemetry" }, _workDir,
            new Dictionary<string, string?>
            {
                // Without this the Playground tries to open a browser, fails and exits (platform notes §2).
                ["TEAMSAPPTESTER_BROWSER"] = "none",
                ["M365_AGENTS_PLAYGROUND_CONFIG_PATH"] = config,
            });
        // It falls back to another port if the requested one is taken, and says which.
        var listening = await _playground.WaitForLineAsync(@"Listening on (\d+)", StartTimeout);
        PlaygroundPort = int.Parse(listening.Groups[1].Value);
        CurrentUser = userName;
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static void RequireFile(string path, string hint)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{path} is missing. {hint}");
        }
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        if (_playground is not null) await _playground.DisposeAsync();
        if (_bot is not null) await _bot.DisposeAsync();
        try { Directory.Delete(_workDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class EndToEndCollection : ICollectionFixture<BotAndPlayground>
{
    public const string Name = "Bot and Playground";
}

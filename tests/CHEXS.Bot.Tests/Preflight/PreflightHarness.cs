using System.Text;
using Azure.Core;
using Chexs.Bot.Hosting;
using Chexs.Bot.Preflight;
using Chexs.Bot.Tests.Graph;
using Chexs.Bot.Tests.Zoom;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Chexs.Bot.Tests.Preflight;

/// <summary>Stands in for Entra ID's token endpoint for the bot's own (Bot Connector) token.</summary>
public sealed class FakeBotTokenSource : IBotTokenSource
{
    public Exception? Fails { get; set; }
    public Task<string> GetTokenAsync(CancellationToken ct) => Fails is null ? Task.FromResult("bot-connector-token") : Task.FromException<string>(Fails);
}

/// <summary>
/// The bot's own services, as the <c>preflight</c> verb builds them (Production, command-line wiring),
/// aimed at the fake Graph and the fake Zoom, configured the way docs/deploy.md says. Each test breaks one
/// thing and expects preflight to name it.
/// </summary>
internal sealed class PreflightHarness : IAsyncDisposable
{
    public const string Host = "alex.host@chexs.example";
    public const string OutOfScope = "trustee@chexs.example";

    /// <summary>What Entra ID puts in the token when the app holds exactly the two directory permissions.</summary>
    public static readonly string[] LeastPrivilegeRoles = ["User.Read.All", "GroupMember.Read.All"];

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "chexs-preflight-tests", Guid.NewGuid().ToString("N"));

    private PreflightHarness(FakeGraphServer graph, FakeZoomServer zoom)
    {
        Graph = graph;
        Zoom = zoom;
        Directory.CreateDirectory(BackupFolder);
        File.WriteAllText(Path.Combine(BackupFolder, $"chexs-{DateTime.UtcNow:yyyyMMdd-HHmm}.db"), "backup");
        var today = DateTime.UtcNow.Date;
        Settings = new Dictionary<string, string?>
        {
            ["MicrosoftAppType"] = "SingleTenant",
            ["MicrosoftAppId"] = "8f0c2a51-3b7e-4d1a-9c55-2e6f1d0b7a93",
            ["MicrosoftAppTenantId"] = "00000000-0000-0000-0000-0000000000aa",
            ["MicrosoftAppPassword"] = "from-the-secret-store",
            ["Database:Path"] = Path.Combine(_folder, "chexs.db"),
            ["Graph:TenantId"] = "00000000-0000-0000-0000-0000000000aa",
            ["Graph:ClientId"] = "2d9e7c40-5a61-4f3b-8e27-b1c0d4f6a815",
            ["Graph:ClientSecret"] = "from-the-secret-store",
            ["Graph:StaffGroupId"] = Ids.StaffGroup,
            ["Graph:ManagersGroupId"] = Ids.ManagersGroup,
            ["Graph:SharedMailbox"] = Ids.Mailbox,
            ["Graph:ConcernsContactName"] = "Morgan Manager",
            ["Graph:ConcernsContactEmail"] = "safeguarding@chexs.example",
            ["Graph:BaseUrl"] = graph.BaseUrl,
            ["Zoom:AccountId"] = FakeZoomServer.AccountId,
            ["Zoom:ClientId"] = FakeZoomServer.ClientId,
            ["Zoom:ClientSecret"] = FakeZoomServer.ClientSecret,
            ["Zoom:WebhookSecretToken"] = "webhook-secret-from-the-store",
            ["Zoom:ApiBaseUrl"] = zoom.ApiBaseUrl,
            ["Zoom:OAuthUrl"] = zoom.OAuthUrl,
            ["Preflight:Hosts:0"] = Host,
            ["Preflight:OutOfScopeMailbox"] = OutOfScope,
            ["Secrets:MicrosoftAppPasswordExpires"] = Date(today.AddDays(400)),
            ["Secrets:GraphClientSecretExpires"] = Date(today.AddDays(300)),
            ["Secrets:ZoomClientSecretRotateBy"] = Date(today.AddDays(200)),
            ["Secrets:ZoomWebhookSecretTokenRotateBy"] = Date(today.AddDays(200)),
            ["Backup:Folder"] = BackupFolder,
            ["Safeguarding:PolicyReviewDate"] = Date(today.AddDays(180)),
            ["Safeguarding:PolicyVersion"] = "CHEXS Video Conference Calling Policy, reviewed 2026",
        };

        // A correctly set-up tenant: both groups exist, the trustee's mailbox is outside the Exchange scopes,
        // the host is a licensed Zoom user, cloud recording is on, every required scope is granted.
        graph.Groups[Ids.StaffGroup] = "CHEXS Staff";
        graph.Groups[Ids.ManagersGroup] = "CHEXS Managers";
        graph.DeniedMailboxes.Add(OutOfScope);
        GraphRoles = LeastPrivilegeRoles;
        zoom.Users[Host] = (2, "active");
        zoom.Scope = string.Join(' ', new PreflightOptions().ZoomRequiredScopes);
    }

    public FakeGraphServer Graph { get; }
    public FakeZoomServer Zoom { get; }
    public Dictionary<string, string?> Settings { get; }
    public string BackupFolder => Path.Combine(_folder, "backups");
    public FakeBotTokenSource BotTokens { get; } = new();

    /// <summary>The Entra application permissions the Graph token carries (its roles claim).</summary>
    public string[] GraphRoles
    {
        get => _roles;
        set
        {
            _roles = value;
            Graph.AcceptedToken = Jwt(value);
        }
    }
    private string[] _roles = [];

    public static async Task<PreflightHarness> StartAsync() =>
        new(await FakeGraphServer.StartAsync(), await FakeZoomServer.StartAsync(TimeProvider.System));

    public static string Date(DateTime d) => d.ToString("yyyy-MM-dd");

    /// <summary>An unsigned JWT with a roles claim: the shape of an app-only Graph token, enough for preflight to read.</summary>
    public static string Jwt(IEnumerable<string> roles)
    {
        static string B64(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return B64("""{"alg":"none","typ":"JWT"}""") + "." + B64("{\"aud\":\"https://graph.microsoft.com\",\"roles\":[" + string.Join(",", roles.Select(r => $"\"{r}\"")) + "]}") + ".sig";
    }

    /// <summary>Runs preflight with the current settings and fakes, like <c>CHEXS.Bot preflight</c>.</summary>
    public async Task<IReadOnlyList<CheckResult>> RunAsync(bool readOnly = false)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(Settings);
        builder.Logging.ClearProviders();
        builder.AddChexsBot(forCommandLine: true);
        // Entra ID cannot be faked over http: the token credentials are stand-ins, everything after them is real.
        builder.Services.AddSingleton<TokenCredential>(new StaticTokenCredential(Jwt(GraphRoles)));
        builder.Services.AddSingleton<IBotTokenSource>(BotTokens);
        await using var app = builder.Build();
        return await app.Services.GetRequiredService<PreflightRunner>().RunAsync(readOnly, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await Graph.DisposeAsync();
        await Zoom.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}

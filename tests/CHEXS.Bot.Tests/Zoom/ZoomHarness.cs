using Chexs.Bot.Storage.LiteDb;
using Chexs.Bot.Storage;
using Chexs.Bot.Zoom;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Chexs.Bot.Tests.Zoom;

/// <summary>
/// The bot's real Zoom services (AddChexsZoom, as the host registers them) pointed at a
/// <see cref="FakeZoomServer"/>, over a temporary LiteDB file, with a fake clock and captured logs.
/// Retry delays are a millisecond through options; nothing sleeps.
/// </summary>
internal sealed class ZoomHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private readonly string _folder;

    private ZoomHarness(FakeZoomServer server, FakeTimeProvider clock, ServiceProvider services, ChexsDatabase db, CapturingLoggerProvider logs, string folder)
    {
        Server = server;
        Clock = clock;
        Services = services;
        Db = db;
        Logs = logs;
        _folder = folder;
    }

    public FakeZoomServer Server { get; }
    public FakeTimeProvider Clock { get; }
    public ServiceProvider Services { get; }
    public ChexsDatabase Db { get; }
    public CapturingLoggerProvider Logs { get; }
    public IZoomMeetings Zoom => Services.GetRequiredService<IZoomMeetings>();
    public ZoomMeetingIntents Intents => Services.GetRequiredService<ZoomMeetingIntents>();
    public ZoomIntentReconciler Reconciler => Services.GetRequiredService<ZoomIntentReconciler>();

    public static async Task<ZoomHarness> StartAsync(Action<Dictionary<string, string?>>? settings = null, string environment = "Production")
    {
        var clock = new FakeTimeProvider(Start);
        var server = await FakeZoomServer.StartAsync(clock);
        var values = new Dictionary<string, string?>
        {
            ["Zoom:AccountId"] = FakeZoomServer.AccountId,
            ["Zoom:ClientId"] = FakeZoomServer.ClientId,
            ["Zoom:ClientSecret"] = FakeZoomServer.ClientSecret,
            ["Zoom:WebhookSecretToken"] = "webhook-secret",
            ["Zoom:ApiBaseUrl"] = server.ApiBaseUrl,
            ["Zoom:OAuthUrl"] = server.OAuthUrl,
            ["Zoom:RetryBaseDelay"] = "00:00:00.001",
            ["Zoom:MaxRetries"] = "3",
            ["Zoom:AttemptTimeout"] = "00:00:05",
            ["Zoom:TotalTimeout"] = "00:00:30",
            ["Zoom:MaxRetryAfter"] = "00:00:05",
        };
        settings?.Invoke(values);
        var config = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var folder = Path.Combine(Path.GetTempPath(), "chexs-zoom-tests", Guid.NewGuid().ToString("N"));
        var logs = new CapturingLoggerProvider();

        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        services.AddSingleton<TimeProvider>(clock);
        services.AddChexsLiteDbStorage(_ => Path.Combine(folder, "chexs.db"));
        var env = new HostingEnvironment { EnvironmentName = environment, ApplicationName = "CHEXS.Bot", ContentRootPath = folder };
        services.AddSingleton<IHostEnvironment>(env);
        services.AddSingleton<IConfiguration>(config);
        services.AddChexsZoom(new Hosting.BotSetup(config, env, ForCommandLine: false));
        var provider = services.BuildServiceProvider();
        return new ZoomHarness(server, clock, provider, ChexsDatabase.Of(provider), logs, folder);
    }

    public static ZoomMeetingRequest Request(string sessionId = "S-7K3Q9", DateTimeOffset? start = null, int minutes = 45) =>
        new(sessionId, FakeZoomServer.HostUser, $"CHEXS Growth Programme session {sessionId}",
            start ?? new DateTimeOffset(2026, 3, 5, 16, 0, 0, TimeSpan.Zero), "Europe/London", minutes);

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        Db.Dispose();
        await Server.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}

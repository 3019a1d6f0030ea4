using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Chexs.Bot.FollowUp;
using Chexs.Bot.Notices;
using Chexs.Bot.Records;
using Chexs.Bot.Reminders;
using Chexs.Bot.Sessions;
using Chexs.Bot.Storage;
using Chexs.Bot.Teams;
using Chexs.Bot.Tests.Foundation;
using Chexs.Bot.Tests.Safeguarding;
using Chexs.Bot.Tests.Support;
using Chexs.Bot.Tests.Zoom;
using Chexs.Bot.Zoom;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Tests.Reminders;

/// <summary>
/// The whole bot (WebApplicationFactory&lt;Program&gt;, Development settings) over a LiteDB file, with a
/// fake clock, a <see cref="FakeBotConnector"/> as Teams (the app "installed" in the CHEXS Staff team and
/// in Alex's personal chat, both pointing at the fake's URL) and Zoom simulated — or the real Zoom client
/// against a <see cref="FakeZoomServer"/>. Background workers are not started: tests run their passes
/// (RunOnceAsync) after moving the clock, so nothing depends on timing. Only the Zoom event dispatcher
/// runs, followed by a probe observer the tests wait on. A "restart" is a new harness on the same file.
/// </summary>
internal sealed class FollowUpHarness : IAsyncDisposable
{
    public const string WebhookSecret = "follow-up-webhook-secret";
    public const string HostZoomId = "zoom-host-alex";

    private readonly WebApplicationFactory<Program> _factory;
    // Set when a restart takes over the database, Teams and clock: they outlive this harness.
    private bool _handedOver;

    private FollowUpHarness(WebApplicationFactory<Program> factory, FakeTimeProvider clock, FakeBotConnector teams, FakeZoomServer? zoom, string folder, EventProbe probe, Edges.LogCapture logs)
    {
        _factory = factory;
        Logs = logs;
        Clock = clock;
        Teams = teams;
        ZoomServer = zoom;
        Folder = folder;
        Probe = probe;
        Http = factory.CreateClient();
    }

    public FakeTimeProvider Clock { get; }
    /// <summary>Everything the bot logged, for a failing test's message.</summary>
    public Edges.LogCapture Logs { get; }
    public FakeBotConnector Teams { get; }
    public FakeZoomServer? ZoomServer { get; }
    public string Folder { get; }
    public string DatabasePath => Path.Combine(Folder, "chexs.db");
    public EventProbe Probe { get; }
    public HttpClient Http { get; }
    public IServiceProvider Services => _factory.Services;
    public ChexsDatabase Db => ChexsDatabase.Of(Services);
    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public ReminderWorker Reminders => Get<ReminderWorker>();
    public FollowUpWorker FollowUp => Get<FollowUpWorker>();
    public NoticeDeliveryWorker Notices => Get<NoticeDeliveryWorker>();
    internal Bookings Booking => new(Services);

    /// <param name="now">The fake clock's start (ignored when <paramref name="restartOf"/> hands over its clock).</param>
    /// <param name="restartOf">Restart: same database file, Teams and clock; the previous harness must be disposed first.</param>
    public static async Task<FollowUpHarness> StartAsync(DateTimeOffset now, IDictionary<string, string?>? settings = null, bool realZoom = false,
        FollowUpHarness? restartOf = null, bool install = true)
    {
        var clock = restartOf?.Clock ?? new FakeTimeProvider(now);
        var teams = restartOf?.Teams ?? await FakeBotConnector.StartAsync();
        var folder = restartOf?.Folder ?? Path.Combine(Path.GetTempPath(), "chexs-followup-tests", Guid.NewGuid().ToString("N"));
        var zoom = realZoom ? await FakeZoomServer.StartAsync(clock) : null;
        var values = new Dictionary<string, string?>
        {
            ["Database:Path"] = Path.Combine(folder, "chexs.db"),
            ["DevelopmentSeed:Enabled"] = "false",
            ["Zoom:WebhookSecretToken"] = WebhookSecret,
            ["Teams:ManagersChannelId"] = TeamsActivities.ManagersChannelId,
        };
        if (zoom is null)
        {
            values["Zoom:Simulate"] = "true";
        }
        else
        {
            values["Zoom:AccountId"] = FakeZoomServer.AccountId;
            values["Zoom:ClientId"] = FakeZoomServer.ClientId;
            values["Zoom:ClientSecret"] = FakeZoomServer.ClientSecret;
            values["Zoom:ApiBaseUrl"] = zoom.ApiBaseUrl;
            values["Zoom:OAuthUrl"] = zoom.OAuthUrl;
            // Tests script only failures Zoom's client does not retry (a retry would wait on the fake clock).
            values["Zoom:MaxRetries"] = "1";
        }
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) values[k] = v;

        var probe = new EventProbe();
        var logs = new Edges.LogCapture();
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Development");
            foreach (var (k, v) in values) b.UseSetting(k, v);
            b.ConfigureTestServices(s =>
            {
                s.AddSingleton<TimeProvider>(clock);
                // Workers run when the test says so; only the Zoom event dispatcher runs by itself.
                s.RemoveAll<IHostedService>();
                s.AddHostedService(sp => sp.GetRequiredService<ZoomEventDispatcher>());
                s.AddSingleton<IZoomEventObserver>(probe);
                s.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs);
            });
        });
        var harness = new FollowUpHarness(factory, clock, teams, zoom, folder, probe, logs);
        if (restartOf is null)
        {
            harness.Db.AddStaff();
            var alex = harness.Db.Staff.FindById(WorldBuilder.Alex);
            alex.ZoomUserId = FakeZoomServer.HostUser;
            harness.Db.Staff.Update(alex);
            if (install)
            {
                harness.InstallInTeam();
                harness.InstallForAlex();
            }
        }
        return harness;
    }

    /// <summary>The app added to the CHEXS Staff team (General channel), as Teams tells the bot, with the fake's service URL.</summary>
    public InstallationRecord InstallInTeam() => Remember(TeamsActivities.TeamInstallation("add"));

    public InstallationRecord InstallForAlex() => Remember(TeamsActivities.PersonalInstallation("add"));

    private InstallationRecord Remember(JObject activity)
    {
        activity["serviceUrl"] = Teams.ServiceUrl;
        return Get<InstallationStore>().RememberAsync(ChexsBotTests.Parse(activity)).GetAwaiter().GetResult();
    }

    /// <summary>What was posted to a conversation, in order.</summary>
    public IReadOnlyList<SentActivity> PostedTo(string conversationId) => Teams.Sent.Where(s => s.ConversationId == conversationId).ToList();

    public IReadOnlyList<SentActivity> General => PostedTo(TeamsActivities.TeamId);
    public IReadOnlyList<SentActivity> ManagersChannel => PostedTo(TeamsActivities.ManagersChannelId);
    public IReadOnlyList<SentActivity> AlexChat => PostedTo(TeamsActivities.PersonalConversationId());

    /// <summary>Moves the clock to <paramref name="at"/> (never back).</summary>
    public void MoveTo(DateTimeOffset at)
    {
        var now = Clock.GetUtcNow();
        if (at < now) throw new ArgumentException($"The clock is at {now:u}; it cannot go back to {at:u}.");
        Clock.Advance(at - now);
    }

    /// <summary>Runs every worker's pass once, in the order the bot's own loops would get to them.</summary>
    public async Task RunWorkersAsync()
    {
        await Reminders.RunOnceAsync(default);
        await FollowUp.RunOnceAsync(default);
        await Notices.RunOnceAsync(default);
    }

    /// <summary>Posts a Zoom event to /api/zoom/webhook, signed as Zoom signs it, and waits until the observers have seen it.</summary>
    public async Task ZoomEventAsync(JsonObject body)
    {
        var raw = body.ToJsonString();
        var timestamp = Clock.GetUtcNow().ToUnixTimeSeconds().ToString();
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(WebhookSecret));
        var signature = "v0=" + Convert.ToHexString(hmac.ComputeHash(Encoding.UTF8.GetBytes($"v0:{timestamp}:{raw}"))).ToLowerInvariant();
        using var request = new HttpRequestMessage(HttpMethod.Post, ZoomWebhook.Path) { Content = new StringContent(raw, Encoding.UTF8, "application/json") };
        request.Headers.Add("x-zm-request-timestamp", timestamp);
        request.Headers.Add("x-zm-signature", signature);
        using var response = await Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        await Probe.NextAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        // Close the file first, as a stopping process does: the host's own disposal may finish on another
        // thread after DisposeAsync returns, and a restart must not open the file while it is still open.
        Db.Close();
        await _factory.DisposeAsync();
        if (ZoomServer is not null) await ZoomServer.DisposeAsync();
        if (!_handedOver)
        {
            await Teams.DisposeAsync();
            try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>Stops this bot ("crash" or restart) and starts a new one on the same database, Teams and clock.</summary>
    public async Task<FollowUpHarness> RestartAsync(IDictionary<string, string?>? settings = null)
    {
        _handedOver = true;
        await DisposeAsync();
        return await StartAsync(default, settings, ZoomServer is not null, restartOf: this);
    }

    /// <summary>Observers run after the webhook has answered; this one runs last, so the test can wait for the others.</summary>
    public sealed class EventProbe : IZoomEventObserver
    {
        private readonly Channel<ZoomEventKind> _seen = Channel.CreateUnbounded<ZoomEventKind>();

        public Task OnEventAsync(Session session, ZoomEventKind kind, ZoomEventFacts facts, CancellationToken cancellationToken)
        {
            _seen.Writer.TryWrite(kind);
            return Task.CompletedTask;
        }

        public async Task<ZoomEventKind> NextAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            return await _seen.Reader.ReadAsync(timeout.Token);
        }
    }
}

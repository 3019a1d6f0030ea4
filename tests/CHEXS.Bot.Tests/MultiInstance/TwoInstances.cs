using System.Collections.Concurrent;
using System.Net;
using Chexs.Bot.DataExchange;
using Chexs.Bot.FollowUp;
using Chexs.Bot.HostCalendar;
using Chexs.Bot.Invitations;
using Chexs.Bot.Notices;
using Chexs.Bot.Reminders;
using Chexs.Bot.Sessions;
using Chexs.Bot.Teams;
using Chexs.Bot.Tests.Conversations;
using Chexs.Bot.Tests.Foundation;
using Chexs.Bot.Tests.Safeguarding;
using Chexs.Bot.Tests.StorageEngines;
using Chexs.Bot.Tests.Support;
using Chexs.Bot.Tests.Zoom;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Tests.MultiInstance;

/// <summary>
/// Two whole bots (WebApplicationFactory&lt;Program&gt;, Development settings, Storage:Engine=PostgreSql) on ONE
/// PostgreSQL database of their own, as two instances behind a load balancer: one fake clock, one Teams (a
/// <see cref="FakeBotConnector"/>), one Zoom (a <see cref="FakeZoomServer"/> both real Zoom clients talk to), one
/// mailbox and one calendar service (<see cref="Vendors"/>) that record what each instance handed them. Background
/// workers are not started: tests run each instance's passes, so which instance does what is up to the test.
/// <see cref="Instance.Kill"/> freezes an instance the moment it has handed something to Teams or to the mailbox
/// — the vendor has it, the instance never hears back — and then disposes it, as a killed process leaves things.
/// </summary>
internal sealed class TwoInstances : IAsyncDisposable
{
    /// <summary>Wednesday 25 November 2026, 10:00 in London: "tomorrow 4pm" is a valid one-to-one.</summary>
    public static readonly DateTimeOffset Now = PolicyScenario.Local(2026, 11, 25, 10);

    private readonly string _database;

    private TwoInstances(string database, FakeTimeProvider clock, FakeBotConnector teams, FakeZoomServer zoom, Vendors vendors, Instance a, Instance b)
    {
        _database = database;
        Clock = clock;
        Teams = teams;
        Zoom = zoom;
        Vendors = vendors;
        A = a;
        B = b;
    }

    public FakeTimeProvider Clock { get; }
    public FakeBotConnector Teams { get; }
    public FakeZoomServer Zoom { get; }
    public Vendors Vendors { get; }
    public Instance A { get; }
    public Instance B { get; }

    public static async Task<TwoInstances> StartAsync()
    {
        var name = TestPostgres.NewDatabaseName();
        var connectionString = await TestPostgres.CreateDatabaseAsync(name);
        var clock = new FakeTimeProvider(Now);
        var teams = await FakeBotConnector.StartAsync();
        var zoom = await FakeZoomServer.StartAsync(clock);
        var vendors = new Vendors();
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Engine"] = "PostgreSql",
            ["Storage:ConnectionString"] = connectionString,
            ["DevelopmentSeed:Enabled"] = "false",
            ["Teams:ManagersChannelId"] = TeamsActivities.ManagersChannelId,
            ["Zoom:AccountId"] = FakeZoomServer.AccountId,
            ["Zoom:ClientId"] = FakeZoomServer.ClientId,
            ["Zoom:ClientSecret"] = FakeZoomServer.ClientSecret,
            ["Zoom:ApiBaseUrl"] = zoom.ApiBaseUrl,
            ["Zoom:OAuthUrl"] = zoom.OAuthUrl,
            ["Zoom:MaxRetries"] = "1",
            ["Zoom:WebhookSecretToken"] = "two-instances-webhook-secret",
        };
        var a = new Instance("A", settings, clock, vendors);
        var b = new Instance("B", settings, clock, vendors);
        var both = new TwoInstances(name, clock, teams, zoom, vendors, a, b);
        await both.SeedAsync();
        return both;
    }

    /// <summary>The sample pupils, consents and development staff (through A), and the app installed for the team and Alex.</summary>
    private async Task SeedAsync()
    {
        var seed = ActivatorUtilities.CreateInstance<DevelopmentSeed>(A.Services, ConversationHarness.SamplesFolder);
        Assert.True(await seed.SeedAsync(), "the sample pupils and consents should load");
        foreach (var installed in new[] { TeamsActivities.TeamInstallation("add"), TeamsActivities.PersonalInstallation("add"), PersonalInstallation(Person.Morgan), PersonalInstallation(Person.Jordan) })
        {
            installed["serviceUrl"] = Teams.ServiceUrl;
            await A.Get<InstallationStore>().RememberAsync(ChexsBotTests.Parse(installed));
        }
    }

    /// <summary>The app added to <paramref name="who"/>'s personal chat (where approval requests and notices reach them).</summary>
    private static JObject PersonalInstallation(Person who)
    {
        var installed = TeamsActivities.PersonalInstallation("add");
        installed["conversation"]!["id"] = TeamsActivities.PersonalConversationId(who.Key);
        installed["from"] = new JObject { ["id"] = $"29:{who.Key}", ["name"] = who.Name, ["aadObjectId"] = who.AadObjectId };
        return installed;
    }

    /// <summary>Moves the clock on (never back).</summary>
    public void Advance(TimeSpan by) => Clock.Advance(by);

    public async ValueTask DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
        Vendors.Thaw();
        await Zoom.DisposeAsync();
        await Teams.DisposeAsync();
        await TestPostgres.DropDatabaseAsync(_database);
    }
}

/// <summary>One bot instance of <see cref="TwoInstances"/>.</summary>
internal sealed class Instance : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _factory;
    private bool _disposed;

    public Instance(string name, IReadOnlyDictionary<string, string?> settings, FakeTimeProvider clock, Vendors vendors)
    {
        Name = name;
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Development");
            foreach (var (k, v) in settings) b.UseSetting(k, v);
            b.ConfigureTestServices(s =>
            {
                s.AddSingleton<TimeProvider>(clock);
                s.RemoveAll<IHostedService>();   // passes are run by the test
                s.RemoveAll<IMailSender>();
                s.AddSingleton<IMailSender>(new Mailbox(this, vendors));
                s.RemoveAll<IHostCalendar>();
                s.AddSingleton<IHostCalendar>(new Calendar(vendors));
                // Every outgoing HTTP call (Teams' Bot Connector among them) passes the kill switch.
                s.ConfigureHttpClientDefaults(h => h.AddHttpMessageHandler(() => new KillSwitch(this, vendors)));
            });
        });
        Http = _factory.CreateClient();
    }

    public string Name { get; }
    public HttpClient Http { get; }
    public IServiceProvider Services => _factory.Services;
    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Set by <see cref="Kill"/>: the next thing this instance hands to Teams or the mailbox is its last.</summary>
    public bool Dying { get; private set; }

    /// <summary>Completes when the dying instance has handed over its last message (the vendor has it).</summary>
    public TaskCompletionSource LastWords { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>From now on, the first message this instance sends reaches the vendor and then the instance freezes for good.</summary>
    public void Kill() => Dying = true;

    public Task<int> SendGuardianEmailsAsync() => Get<GuardianEmailWorker>().RunOnceAsync(default);
    public Task<int> SendCalendarChangesAsync() => Get<HostCalendarWorker>().RunOnceAsync(default);
    public Task<int> SendNoticesAsync() => Get<NoticeDeliveryWorker>().RunOnceAsync(default);
    public Task<int> SendRemindersAsync() => Get<ReminderWorker>().RunOnceAsync(default);
    public Task<int> RemoveMeetingsAsync() => Get<MeetingRemovalWorker>().RunOnceAsync(default);
    public Task<int> RunFollowUpAsync() => Get<FollowUpWorker>().RunOnceAsync(default);

    /// <summary>Alex says <paramref name="text"/> in their personal chat with this instance; the replies.</summary>
    public Task<IReadOnlyList<JObject>> SayAsync(string text, string serviceUrl) =>
        MessagesEndpoint.RepliesAsync(Http, WithServiceUrl(TeamsActivities.Message(text), serviceUrl));

    /// <summary>Clicks the Action.Execute button <paramref name="title"/> of <paramref name="card"/> as <paramref name="who"/>, on this instance.</summary>
    public async Task<JObject> ClickAsync(JObject card, string title, Person who, string serviceUrl)
    {
        var action = card.Descendants().OfType<JObject>().First(o => (string?)o["type"] == "Action.Execute" && (string?)o["title"] == title);
        var invoke = WithServiceUrl(TeamsActivities.Message("", TeamsActivities.PersonalConversationId(who.Key), expectReplies: false), serviceUrl);
        invoke["type"] = "invoke";
        invoke["name"] = "adaptiveCard/action";
        invoke.Remove("text");
        invoke.Remove("textFormat");
        invoke["from"] = new JObject { ["id"] = $"29:{who.Key}", ["name"] = who.Name, ["aadObjectId"] = who.AadObjectId };
        invoke["replyToId"] = $"card-of-{who.Key}";
        invoke["value"] = new JObject
        {
            ["action"] = new JObject { ["type"] = "Action.Execute", ["verb"] = action["verb"], ["data"] = action["data"]?.DeepClone() },
            ["trigger"] = "manual",
        };
        using var response = await MessagesEndpoint.PostAsync(Http, invoke);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{title} on {Name}: {(int)response.StatusCode} {body}");
        return JObject.Parse(body);
    }

    private static JObject WithServiceUrl(JObject activity, string serviceUrl)
    {
        activity["serviceUrl"] = serviceUrl;
        return activity;
    }

    /// <summary>Called by a vendor fake as a message of this instance arrives: a dying instance never gets past here.</summary>
    internal async Task AfterHandingOverAsync(Vendors vendors)
    {
        if (!Dying) return;
        LastWords.TrySetResult();
        await vendors.Frozen; // never returns while the test runs: a killed process does not carry on
        throw new OperationCanceledException("the instance was killed");
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        Http.Dispose();
        await _factory.DisposeAsync();
    }

    /// <summary>The shared mailbox, as this instance's mail sender sees it.</summary>
    private sealed class Mailbox(Instance instance, Vendors vendors) : IMailSender
    {
        public async Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
        {
            vendors.Mail.Enqueue((instance.Name, mail.MessageKey, mail.ToAddress));
            await instance.AfterHandingOverAsync(vendors);
        }

        public Task<bool> WasSentAsync(OutgoingMail mail, CancellationToken cancellationToken) =>
            Task.FromResult(vendors.Mail.Any(m => m.MessageKey == mail.MessageKey)); // Sent Items
    }

    /// <summary>The shared calendar service: a create repeated with the same transactionId returns the same event (as Graph does).</summary>
    private sealed class Calendar(Vendors vendors) : IHostCalendar
    {
        public Task<string> CreateEventAsync(string hostId, HostCalendarEntry entry, string transactionId, CancellationToken cancellationToken)
        {
            vendors.CalendarCalls.Enqueue(("create", transactionId));
            return Task.FromResult(vendors.Events.GetOrAdd(transactionId, id => $"event-{id}"));
        }

        public Task<bool> UpdateEventAsync(string hostId, string eventId, HostCalendarEntry entry, CancellationToken cancellationToken)
        {
            vendors.CalendarCalls.Enqueue(("update", eventId));
            return Task.FromResult(true);
        }

        public Task DeleteEventAsync(string hostId, string eventId, CancellationToken cancellationToken)
        {
            vendors.CalendarCalls.Enqueue(("delete", eventId));
            return Task.CompletedTask;
        }
    }

    /// <summary>Lets a dying instance's post to Teams through (Teams has it), then never lets the instance hear the answer.</summary>
    private sealed class KillSwitch(Instance instance, Vendors vendors) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (request.RequestUri?.AbsolutePath.Contains("/v3/conversations/", StringComparison.Ordinal) == true)
            {
                await instance.AfterHandingOverAsync(vendors);
            }
            return response;
        }
    }
}

/// <summary>What the vendors (mailbox, calendar) received, from whichever instance.</summary>
internal sealed class Vendors
{
    private readonly TaskCompletionSource _thaw = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConcurrentQueue<(string Instance, string MessageKey, string To)> Mail { get; } = new();
    public ConcurrentQueue<(string Call, string Id)> CalendarCalls { get; } = new();
    public ConcurrentDictionary<string, string> Events { get; } = new();

    /// <summary>What a killed instance waits on for ever (until the test is over).</summary>
    public Task Frozen => _thaw.Task;

    public void Thaw() => _thaw.TrySetResult();
}

using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Chexs.Bot.Storage;
using Chexs.Bot.Tests.Foundation;
using Chexs.Bot.Tests.Safeguarding;
using Chexs.Bot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Tests.Edges;

/// <summary>
/// The whole bot host in memory (Development: offline directory, simulated Zoom, the sample pupils) with
/// a local Bot Connector for its replies, a fake clock, a known Zoom webhook secret and every log line
/// captured, so a test can tell a refusal from a turn that ended in the turn-error handler.
/// </summary>
internal sealed class EdgeHost : IAsyncDisposable
{
    public const string ZoomSecret = "edge-tests-webhook-secret";
    /// <summary>Wednesday 25 November 2026, 10:00 in London: "tomorrow 4pm" is a valid one-to-one.</summary>
    public static readonly DateTimeOffset Now = PolicyScenario.Local(2026, 11, 25, 10);
    public const string BookingLine = "book session growth with Sam Patel tomorrow 4pm for 45 min";

    private readonly TempFolder _folder;

    private EdgeHost(TempFolder folder, FakeBotConnector connector, BotAppFactory app, FakeTimeProvider clock, LogCapture logs)
    {
        _folder = folder;
        Connector = connector;
        App = app;
        Clock = clock;
        Logs = logs;
        Client = app.CreateClient();   // starts the host: the development seed loads the sample pupils
    }

    public FakeBotConnector Connector { get; }
    public BotAppFactory App { get; }
    public HttpClient Client { get; }
    public FakeTimeProvider Clock { get; }
    public LogCapture Logs { get; }
    public ChexsDatabase Db => ChexsDatabase.Of(App.Services);

    public static async Task<EdgeHost> StartAsync(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var folder = new TempFolder();
        var connector = await FakeBotConnector.StartAsync();
        var clock = new FakeTimeProvider(Now);
        var logs = new LogCapture();
        var all = new Dictionary<string, string?>
        {
            ["Graph:PickupFolder"] = folder.File("mail"),
            ["Zoom:Simulate"] = "true",
            ["Zoom:WebhookSecretToken"] = ZoomSecret,
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) all[k] = v;
        var app = new BotAppFactory(folder.File("bot.db"), all, s =>
        {
            s.AddSingleton<TimeProvider>(clock);
            s.AddSingleton<ILoggerProvider>(logs);
            services?.Invoke(s);
        });
        return new EdgeHost(folder, connector, app, clock, logs);
    }

    /// <summary>Turns that ended in the adapter's turn-error handler (it logs each at Error).</summary>
    public IReadOnlyList<LogEntry> TurnErrors =>
        Logs.Entries.Where(e => e.Level == LogLevel.Error && e.Category == "Chexs.Bot.Teams.ChexsAdapter").ToList();

    /// <summary>Points the activity's replies at the local Bot Connector, as Teams' serviceUrl would.</summary>
    public JObject FromTeams(JObject activity)
    {
        activity["serviceUrl"] = Connector.ServiceUrl;
        return activity;
    }

    public Task<HttpResponseMessage> PostAsync(JObject activity, string? bearerToken = null) =>
        MessagesEndpoint.PostAsync(Client, activity.ToString(Newtonsoft.Json.Formatting.None), bearerToken);

    public async Task<HttpResponseMessage> PostRawAsync(string body, string? contentType = "application/json", string? bearerToken = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
        if (contentType is not null) request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (bearerToken is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        return await Client.SendAsync(request);
    }

    /// <summary>Posts an expectReplies message and returns the replies carried in the response body.</summary>
    public async Task<IReadOnlyList<JObject>> SayAsync(string text, string? conversationId = null)
    {
        var replies = await MessagesEndpoint.RepliesAsync(Client, FromTeams(TeamsActivities.Message(text, conversationId)));
        return replies;
    }

    /// <summary>Starts a one-to-one booking in Alex's personal chat and returns the summary card (with Confirm).</summary>
    public async Task<JObject> StartBookingAsync(string? conversationId = null)
    {
        var replies = await SayAsync(BookingLine, conversationId);
        return replies.Select(r => r["attachments"]?.FirstOrDefault()?["content"] as JObject)
            .First(c => c is not null && c.ToString().Contains("Confirm"))!;
    }

    /// <summary>The Action.Execute invoke Teams sends when the button titled <paramref name="title"/> is clicked.</summary>
    public JObject Click(JObject card, string title, string? conversationId = null)
    {
        var action = card.Descendants().OfType<JObject>().First(o => (string?)o["type"] == "Action.Execute" && (string?)o["title"] == title);
        return Invoke(new JObject { ["type"] = "Action.Execute", ["verb"] = action["verb"], ["data"] = action["data"]?.DeepClone() }, conversationId);
    }

    public JObject Invoke(JToken? action, string? conversationId = null)
    {
        var invoke = FromTeams(TeamsActivities.Message("", conversationId, expectReplies: false));
        invoke["type"] = "invoke";
        invoke["name"] = "adaptiveCard/action";
        invoke.Remove("text");
        invoke.Remove("textFormat");
        invoke["replyToId"] = "summary-card-activity";
        invoke["value"] = new JObject { ["action"] = action, ["trigger"] = "manual" };
        return invoke;
    }

    public async Task<(HttpStatusCode Status, JObject? Body)> ClickAsync(JObject invoke)
    {
        using var response = await PostAsync(invoke);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 && text.TrimStart().StartsWith('{') ? JObject.Parse(text) : null);
    }

    /// <summary>Zoom's signature over the body, computed here independently of the bot's code.</summary>
    public async Task<HttpResponseMessage> PostZoomAsync(string body)
    {
        var timestamp = Clock.GetUtcNow().ToUnixTimeSeconds().ToString();
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(ZoomSecret));
        var signature = "v0=" + Convert.ToHexStringLower(hmac.ComputeHash(Encoding.UTF8.GetBytes($"v0:{timestamp}:{body}")));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/zoom/webhook") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("x-zm-request-timestamp", timestamp);
        request.Headers.Add("x-zm-signature", signature);
        return await Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
        await Connector.DisposeAsync();
        _folder.Dispose();
    }
}

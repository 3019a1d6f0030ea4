using Microsoft.Extensions.DependencyInjection;
using Chexs.Bot.DataExchange;
using Chexs.Bot.Records;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Storage;
using Chexs.Bot.Teams;
using Chexs.Bot.Tests.Safeguarding;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Adapters;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging.Abstractions;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Tests.Conversations;

/// <summary>A development identity (PREAMBLE): Alex hosts, Morgan and Jordan manage, Casey is neither.</summary>
public sealed record Person(string Key, string Name, string AadObjectId)
{
    public static readonly Person Alex = new("alex", "Alex Host", "00000000-0000-0000-0000-00000000a001");
    public static readonly Person Morgan = new("morgan", "Morgan Manager", "00000000-0000-0000-0000-00000000b001");
    public static readonly Person Jordan = new("jordan", "Jordan Lead", "00000000-0000-0000-0000-00000000b002");
    public static readonly Person Casey = new("casey", "Casey Visitor", "00000000-0000-0000-0000-00000000c001");
    /// <summary>A second member of staff (not a manager), added to the offline directory by the harness.</summary>
    public static readonly Person Riley = new("riley", "Riley Staff", "00000000-0000-0000-0000-00000000a002");
    /// <summary>The development Designated Safeguarding Lead (Safeguarding:LeadIds in appsettings.Development.json); staff role.</summary>
    public static readonly Person Dana = new("dana", "Dana Safeguarding", "00000000-0000-0000-0000-00000000d001");
}

/// <summary>
/// The real bot (ChexsBot and everything behind it, from the host's own registrations) over a temp
/// database with a fake clock, in Development (offline directory with the development roles, simulated
/// Zoom), loaded with the sample pupils and consents. Conversations are driven through the SDK's TestAdapter.
/// </summary>
internal sealed class ConversationHarness : IDisposable
{
    /// <summary>Wednesday 25 November 2026, 10:00 in London (GMT).</summary>
    public static readonly DateTimeOffset DefaultNow = PolicyScenario.Local(2026, 11, 25, 10);

    public ConversationHarness(DateTimeOffset? now = null, bool reviewOverdue = false, bool seed = true, IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        var all = new Dictionary<string, string?>
        {
            // Most tests look at one thing; the P15 review warning has tests of its own.
            ["Safeguarding:PolicyReviewDate"] = reviewOverdue ? "2024-08-31" : "2030-08-31",
            [$"Graph:DevelopmentRoles:{Person.Riley.AadObjectId}:Name"] = Person.Riley.Name,
            [$"Graph:DevelopmentRoles:{Person.Riley.AadObjectId}:Role"] = "Staff",
        };
        foreach (var kv in settings ?? new Dictionary<string, string?>()) all[kv.Key] = kv.Value;
        Bot = new BotServices(now ?? DefaultNow, "Development", forCommandLine: true, all, services);
        if (seed)
        {
            var loaded = ActivatorUtilities.CreateInstance<DevelopmentSeed>(Bot.Services, SamplesFolder).SeedAsync().GetAwaiter().GetResult();
            Assert.True(loaded, "the sample pupils and consents should load");
        }
    }

    public BotServices Bot { get; }
    public ChexsDatabase Db => Bot.Db;
    public ChexsBot ChexsBot => Bot.Get<ChexsBot>();
    public Microsoft.Extensions.Time.Testing.FakeTimeProvider Clock => Bot.Clock;

    public static string SamplesFolder
    {
        get
        {
            var copied = Path.Combine(AppContext.BaseDirectory, "samples");
            if (File.Exists(Path.Combine(copied, "pupils.csv"))) return copied;
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "samples"))) dir = dir.Parent;
            return Path.Combine(dir!.FullName, "samples");
        }
    }

    /// <param name="serviceUrl">Where the bot's proactive messages to this chat go (a <see cref="Support.FakeBotConnector"/> in delivery tests).</param>
    public Chat Personal(Person person, string? serviceUrl = null) => new(this, person, $"a:personal-chat-with-{person.Key}", "personal", serviceUrl);

    public Chat Channel(Person person, string channelId = "19:chexs-staff-general@thread.tacv2") => new(this, person, channelId, "channel");

    public Chat GroupChat(Person person) => new(this, person, "19:group-chat@thread.v2", "groupChat");

    public Pupil Pupil(string id) => Db.Pupils.FindById(id);

    public Session OnlySession() => Assert.Single(Db.Sessions.FindAll());

    public void Dispose() => Bot.Dispose();
}

/// <summary>One person's side of one conversation with the bot.</summary>
internal sealed class Chat
{
    private readonly ConversationHarness _harness;
    private readonly TestAdapter _adapter;

    public Chat(ConversationHarness harness, Person person, string conversationId, string conversationType, string? serviceUrl = null)
    {
        _harness = harness;
        Person = person;
        var reference = new ConversationReference
        {
            ChannelId = "msteams",
            ServiceUrl = serviceUrl ?? "https://smba.trafficmanager.net/uk/",
            User = new ChannelAccount($"29:{person.Key}", person.Name, aadObjectId: person.AadObjectId),
            Bot = new ChannelAccount("28:chexs-bot", "CHEXS Bot"),
            Conversation = new ConversationAccount(isGroup: conversationType != "personal", conversationType: conversationType, id: conversationId,
                tenantId: "00000000-0000-0000-0000-0000000000aa"),
        };
        _adapter = new TestAdapter(reference);
        _adapter.Use(new UpdateRecorder(Updates));
    }

    public Person Person { get; }

    /// <summary>Messages the bot updated (Teams "update activity"), e.g. an approval card replaced for everyone.</summary>
    public List<SentUpdate> Updates { get; } = new();

    /// <summary>Teams telling the bot it was added to this conversation (conversationUpdate, then installationUpdate).</summary>
    public async Task<Replies> InstallAsync()
    {
        var added = await Send(new Activity(ActivityTypes.ConversationUpdate)
        {
            MembersAdded = [new ChannelAccount("28:chexs-bot", "CHEXS Bot")],
        });
        var installed = await Send(new Activity(ActivityTypes.InstallationUpdate) { Action = "add" });
        return new Replies([.. added.All, .. installed.All]);
    }

    public Task<Replies> Say(string text) => Send(new Activity(ActivityTypes.Message) { Text = text, Locale = "en-GB" });

    /// <summary>Sends a file as Teams delivers one in a personal chat: a file.download.info attachment with a download link.</summary>
    public Task<Replies> SendFile(string name, string downloadUrl, string fileType = "csv") => Send(new Activity(ActivityTypes.Message)
    {
        Locale = "en-GB",
        Attachments =
        [
            new Attachment
            {
                ContentType = "application/vnd.microsoft.teams.file.download.info",
                Name = name,
                Content = new JObject { ["downloadUrl"] = downloadUrl, ["uniqueId"] = Guid.NewGuid().ToString(), ["fileType"] = fileType },
            },
        ],
    });

    /// <summary>Presses a prompt's choice button: an Adaptive Card Action.Execute, sent as Teams sends the invoke.</summary>
    public Task<Replies> Press(Replies replies, string title)
    {
        var button = replies.Buttons.FirstOrDefault(b => b.Title == title)
            ?? throw new Xunit.Sdk.XunitException($"No button \"{title}\"; buttons were: {string.Join(", ", replies.Buttons.Select(b => b.Title))}");
        return Execute(button.Verb, (JObject)button.Data.DeepClone());
    }

    /// <summary>Clicks an Action.Execute button of an Adaptive Card, with typed inputs, as Teams sends the invoke.</summary>
    public Task<Replies> Click(JObject card, string title, object? inputs = null, string? cardActivityId = "card-activity-1")
    {
        var action = CardJson.Action(card, title);
        var data = (JObject)(action["data"]?.DeepClone() ?? new JObject());
        if (inputs is not null)
        {
            foreach (var p in JObject.FromObject(inputs).Properties()) data[p.Name] = p.Value;
        }
        return Execute((string)action["verb"]!, data, cardActivityId);
    }

    /// <summary>An Action.Execute invoke with exactly this verb and data (for tampering tests).</summary>
    public Task<Replies> Execute(string verb, JObject data, string? cardActivityId = "card-activity-1") => Send(new Activity(ActivityTypes.Invoke)
    {
        Name = "adaptiveCard/action",
        ReplyToId = cardActivityId,
        Value = new JObject
        {
            ["action"] = new JObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data },
            ["trigger"] = "manual",
        },
    });

    /// <summary>Any other invoke Teams sends (e.g. "fileConsent/invoke" when a file consent card is accepted).</summary>
    public Task<Replies> Invoke(string name, JObject value) => Send(new Activity(ActivityTypes.Invoke) { Name = name, Value = value });

    private async Task<Replies> Send(Activity activity)
    {
        await _adapter.ProcessActivityAsync(activity, _harness.ChexsBot.OnTurnAsync, default);
        var sent = new List<IActivity>();
        while (_adapter.GetNextReply() is { } reply) sent.Add(reply);
        return new Replies(sent);
    }

    private sealed class UpdateRecorder(List<SentUpdate> updates) : IMiddleware
    {
        public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken = default)
        {
            turnContext.OnUpdateActivity(async (ctx, activity, nextUpdate) =>
            {
                // TestAdapter answers an update with an empty id (the message isn't in its queue), so note it first.
                updates.Add(new SentUpdate(activity.Id, activity.Attachments?.Select(a => a.Content as JObject).FirstOrDefault()));
                return await nextUpdate();
            });
            await next(cancellationToken);
        }
    }
}

/// <summary>A prompt's choice button: its label, and what a click sends.</summary>
internal sealed record ChoiceButton(string Title, string Verb, JObject Data);

/// <summary>A message the bot updated: which one, and its new card.</summary>
internal sealed record SentUpdate(string? Id, JObject? Card);

/// <summary>What the bot sent back in one turn.</summary>
internal sealed class Replies(IReadOnlyList<IActivity> all)
{
    public IReadOnlyList<IActivity> All { get; } = all;

    public IReadOnlyList<IMessageActivity> Messages => All.OfType<IMessageActivity>().Where(a => a.Type == ActivityTypes.Message).ToList();

    /// <summary>The texts of the messages, in order.</summary>
    public IReadOnlyList<string> Texts => Messages.Select(m => m.Text ?? "").Where(t => t.Length > 0).ToList();

    public string Text => string.Join("\n", Texts);

    private IReadOnlyList<JObject> AllCards => Messages.SelectMany(m => m.Attachments ?? [])
        .Where(a => a.ContentType == "application/vnd.microsoft.card.adaptive")
        .Select(a => a.Content as JObject ?? JObject.FromObject(a.Content)).ToList();

    /// <summary>The Adaptive Cards sent, except a prompt's choice buttons (see <see cref="Buttons"/>).</summary>
    public IReadOnlyList<JObject> Cards => AllCards.Where(c => !IsChoiceCard(c)).ToList();

    public JObject Card => Assert.Single(Cards);

    /// <summary>The buttons of a prompt's choices (Action.Execute with the choice verb), in order.</summary>
    public IReadOnlyList<ChoiceButton> Buttons => AllCards.Where(IsChoiceCard)
        .SelectMany(c => c.Descendants().OfType<JObject>().Where(o => (string?)o["type"] == "Action.Execute"))
        .Select(o => new ChoiceButton((string)o["title"]!, (string)o["verb"]!, (JObject)o["data"]!)).ToList();

    /// <summary>The line under each choice button, in order (what tells the choices apart).</summary>
    public IReadOnlyList<string> ButtonDetails => AllCards.Where(IsChoiceCard)
        .SelectMany(c => c.Descendants().OfType<JObject>().Where(o => (string?)o["type"] == "TextBlock")).Select(o => (string)o["text"]!).ToList();

    private static bool IsChoiceCard(JObject card) =>
        card.Descendants().OfType<JObject>().Any(o => (string?)o["verb"] == Chexs.Bot.Dialogs.Prompts.ChoiceRendering.Verb);

    public IReadOnlyList<string> ButtonTitles => Buttons.Select(b => b.Title).ToList();

    /// <summary>The invoke response of a card click.</summary>
    public AdaptiveCardInvokeResponse Invoke =>
        (AdaptiveCardInvokeResponse)((InvokeResponse)((Activity)All.Single(a => a.Type == ActivityTypesEx.InvokeResponse)).Value).Body;

    /// <summary>The card that replaced the clicked one (invoke response of type card), or null.</summary>
    public JObject? ReplacedCard => Invoke.Type == "application/vnd.microsoft.card.adaptive" ? Invoke.Value as JObject ?? JObject.FromObject(Invoke.Value) : null;

    /// <summary>The message the click answered with (invoke response of type message), or null.</summary>
    public string? InvokeMessage => Invoke.Type == "application/vnd.microsoft.activity.message" ? Invoke.Value as string : null;

    /// <summary>Everything a reader could see, for "never shows" assertions.</summary>
    public string Everything => Newtonsoft.Json.JsonConvert.SerializeObject(All);
}

/// <summary>Reading Adaptive Cards in assertions.</summary>
internal static class CardJson
{
    public static JObject Action(JObject card, string title) =>
        card.Descendants().OfType<JObject>().FirstOrDefault(o => (string?)o["type"] == "Action.Execute" && (string?)o["title"] == title)
        ?? throw new Xunit.Sdk.XunitException($"No Action.Execute titled \"{title}\" in the card; it has: {string.Join(", ", Titles(card))}");

    public static IReadOnlyList<string> Titles(JObject card) =>
        card.Descendants().OfType<JObject>().Where(o => ((string?)o["type"])?.StartsWith("Action.") == true).Select(o => (string?)o["title"] ?? "").ToList();

    /// <summary>All visible text of a card (text blocks, fact titles and values) joined by newlines.</summary>
    public static string Text(JObject card) => string.Join("\n", card.Descendants().OfType<JProperty>()
        .Where(p => p.Name is "text" or "title" or "value" && p.Value.Type == JTokenType.String)
        .Select(p => (string)p.Value!));
}

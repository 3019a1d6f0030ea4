using System.Net;
using Chexs.Bot.Storage;
using Chexs.Bot.Teams;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Tests.Foundation;

/// <summary>The real host, in memory, receiving Teams activity JSON on POST /api/messages.</summary>
public sealed class MessagesEndpointTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private BotAppFactory App(Action<IServiceCollection>? services = null) => new(_folder.File("bot.db"), services: services);

    [Fact]
    public async Task Help_returns_the_help_card_in_the_expect_replies_body()
    {
        await using var app = App();
        var replies = await MessagesEndpoint.RepliesAsync(app.CreateClient(), TeamsActivities.Message("help"));

        var reply = Assert.Single(replies);
        Assert.Equal("message", (string?)reply["type"]);
        Assert.True(MessagesEndpoint.IsHelpCard(reply), reply.ToString());
        Assert.Equal(TeamsActivities.PersonalConversationId(), (string?)reply["conversation"]?["id"]);
    }

    [Fact]
    public async Task Unknown_text_returns_the_pointer_to_help()
    {
        await using var app = App();
        var replies = await MessagesEndpoint.RepliesAsync(app.CreateClient(), TeamsActivities.Message("book me a unicorn"));

        var reply = Assert.Single(replies);
        Assert.Equal(ChexsBot.UnknownTextReply, (string?)reply["text"]);
        Assert.False(MessagesEndpoint.IsHelpCard(reply));
    }

    [Fact]
    public async Task Installation_update_in_a_team_is_stored_and_removal_deletes_it()
    {
        await using var app = App();
        var client = app.CreateClient();
        var store = app.Services.GetRequiredService<InstallationStore>();

        using (var added = await MessagesEndpoint.PostAsync(client, TeamsActivities.TeamInstallation("add", TeamsActivities.ManagersChannelId)))
        {
            Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        }
        var record = Assert.Single(await store.AllAsync());
        Assert.Equal(("team", TeamsActivities.TenantId, TeamsActivities.TeamId, TeamsActivities.ManagersChannelId),
            (record.Scope, record.TenantId, record.TeamId, record.ChannelId));

        using (var removed = await MessagesEndpoint.PostAsync(client, TeamsActivities.TeamInstallation("remove")))
        {
            Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        }
        Assert.Empty(await store.AllAsync());
    }

    public static TheoryData<string, string> BadBodies()
    {
        var noConversation = TeamsActivities.Message("help");
        noConversation.Remove("conversation");
        var noServiceUrl = TeamsActivities.Message("help");
        noServiceUrl.Remove("serviceUrl");
        var badServiceUrl = TeamsActivities.Message("help");
        badServiceUrl["serviceUrl"] = "file:///etc/passwd";
        var noFrom = TeamsActivities.Message("help");
        noFrom.Remove("from");
        var noType = TeamsActivities.Message("help");
        noType.Remove("type");
        var conversationNotObject = TeamsActivities.Message("help");
        conversationNotObject["conversation"] = "a:1";
        var install = TeamsActivities.TeamInstallation("add");
        install["conversation"]!["id"] = "";
        return new TheoryData<string, string>
        {
            { "not JSON", "{ this is not json" },
            { "empty body", "" },
            { "JSON array", "[1,2,3]" },
            { "no conversation", noConversation.ToString() },
            { "no serviceUrl", noServiceUrl.ToString() },
            { "serviceUrl not http", badServiceUrl.ToString() },
            { "no from", noFrom.ToString() },
            { "no type", noType.ToString() },
            { "conversation is a string", conversationNotObject.ToString() },
            { "installation with empty conversation id", install.ToString() },
        };
    }

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Malformed_or_incomplete_activities_get_400_and_nothing_is_stored(string why, string body)
    {
        await using var app = App();
        using var response = await MessagesEndpoint.PostAsync(app.CreateClient(), body);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{why}: got {(int)response.StatusCode}");
        var problem = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("Exception", problem);
        Assert.Empty(await app.Services.GetRequiredService<InstallationStore>().AllAsync());
        Assert.Empty(MessagesEndpoint.StateKeys(app.Services));
    }

    [Fact]
    public async Task A_400_names_what_is_missing()
    {
        await using var app = App();
        var activity = TeamsActivities.Message("help");
        activity.Remove("serviceUrl");
        using var response = await MessagesEndpoint.PostAsync(app.CreateClient(), activity);
        Assert.Contains("serviceUrl", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_failing_turn_tells_the_user_one_plain_sentence_and_clears_conversation_state()
    {
        await using var app = App(s => s.Replace(ServiceDescriptor.Singleton<IBot, StateProbeBot>()));
        var client = app.CreateClient();
        var key = $"msteams/conversations/{TeamsActivities.PersonalConversationId()}";

        var stored = await MessagesEndpoint.RepliesAsync(client, TeamsActivities.Message("remember half-made booking"));
        Assert.Equal("remembered", (string?)Assert.Single(stored)["text"]);
        Assert.Contains(key, MessagesEndpoint.StateKeys(app.Services));

        var replies = await MessagesEndpoint.RepliesAsync(client, TeamsActivities.Message("explode"));

        var reply = Assert.Single(replies);
        Assert.Equal(ChexsAdapter.ErrorMessage, (string?)reply["text"]);
        Assert.DoesNotContain(StateProbeBot.SecretInException, reply.ToString());
        Assert.DoesNotContain(key, MessagesEndpoint.StateKeys(app.Services));

        var after = await MessagesEndpoint.RepliesAsync(client, TeamsActivities.Message("recall"));
        Assert.Equal("nothing", (string?)Assert.Single(after)["text"]);
    }

    [Fact]
    public async Task State_written_in_one_turn_is_read_back_after_the_bot_restarts()
    {
        var db = _folder.File("restart.db");
        await using (var first = new BotAppFactory(db, services: s => s.Replace(ServiceDescriptor.Singleton<IBot, StateProbeBot>())))
        {
            var replies = await MessagesEndpoint.RepliesAsync(first.CreateClient(), TeamsActivities.Message("remember blue"));
            Assert.Equal("remembered", (string?)Assert.Single(replies)["text"]);
        }
        // The first host is disposed: LiteDB has released the file. A new host opens the same file.
        await using var second = new BotAppFactory(db, services: s => s.Replace(ServiceDescriptor.Singleton<IBot, StateProbeBot>()));
        var recalled = await MessagesEndpoint.RepliesAsync(second.CreateClient(), TeamsActivities.Message("recall"));
        Assert.Equal("blue", (string?)Assert.Single(recalled)["text"]);
    }

    [Fact]
    public async Task An_installation_stored_before_a_restart_is_still_known_after_it()
    {
        var db = _folder.File("restart.db");
        await using (var first = new BotAppFactory(db))
        {
            using var installed = await MessagesEndpoint.PostAsync(first.CreateClient(), TeamsActivities.TeamInstallation("add"));
            Assert.Equal(HttpStatusCode.OK, installed.StatusCode);
        }
        await using var second = new BotAppFactory(db);
        _ = second.CreateClient();
        Assert.Equal(TeamsActivities.TeamId, Assert.Single(await second.Services.GetRequiredService<InstallationStore>().AllAsync()).TeamId);
    }

    [Fact]
    public async Task Healthz_is_200_when_the_database_opens()
    {
        await using var app = App();
        using var response = await app.CreateClient().GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(File.Exists(_folder.File("bot.db")));
    }

    [Fact]
    public async Task Healthz_is_503_when_the_database_cannot_be_opened()
    {
        // The database's folder would have to be created where a plain file already is.
        var blocker = _folder.File("not-a-folder");
        await File.WriteAllTextAsync(blocker, "x");
        await using var app = new BotAppFactory(Path.Combine(blocker, "chexs.db"));
        using var response = await app.CreateClient().GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("database unavailable", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Healthz_is_503_when_the_file_is_not_a_litedb_database()
    {
        var path = _folder.File("garbage.db");
        // A garbage file at start is refused before the host exists (StoreTrustTests); here the file turns to garbage
        // under a running bot: a failed write makes the engine reopen it, and the reopen finds no database.
        await using var app = new BotAppFactory(path);
        var http = app.CreateClient();
        var file = app.Services.GetRequiredService<Chexs.Bot.Storage.LiteDb.LiteDbFile>();
        file.CommitFault = () => new IOException("Input/output error");
        using (await http.GetAsync("/healthz")) { }
        // One more failed write reopens the file: the instance now open has nothing committed, so closing it later
        // writes nothing over the garbage below (closing the first one checkpointed its log into the file).
        await Assert.ThrowsAsync<IOException>(() => file.WriteAsync(() => 0).AsTask());
        // Replaced while writes still fail, so whichever write comes next (a worker's or the probe's) reopens this file.
        File.Delete(path);
        await File.WriteAllBytesAsync(path, Enumerable.Repeat((byte)0x5A, 16384).ToArray());
        file.CommitFault = null;
        using var response = await http.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }
}

/// <summary>
/// A test-only bot using the real ConversationState: "remember X" stores X, "recall" answers it,
/// "explode" stores more state and then fails with an exception whose text must never reach the user.
/// </summary>
public sealed class StateProbeBot(ConversationState state) : IBot
{
    public const string SecretInException = "Password=hunter2";

    public async Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken = default)
    {
        var memory = state.CreateProperty<string>("memory");
        var text = turnContext.Activity.Text ?? "";
        if (text.StartsWith("remember ", StringComparison.Ordinal))
        {
            await memory.SetAsync(turnContext, text["remember ".Length..], cancellationToken);
            await state.SaveChangesAsync(turnContext, false, cancellationToken);
            await turnContext.SendActivityAsync("remembered", cancellationToken: cancellationToken);
        }
        else if (text == "recall")
        {
            await turnContext.SendActivityAsync(await memory.GetAsync(turnContext, () => "nothing", cancellationToken), cancellationToken: cancellationToken);
        }
        else if (text == "explode")
        {
            await memory.SetAsync(turnContext, "half written", cancellationToken);
            await state.SaveChangesAsync(turnContext, false, cancellationToken);
            throw new InvalidOperationException($"Database connection failed: {SecretInException}");
        }
    }
}

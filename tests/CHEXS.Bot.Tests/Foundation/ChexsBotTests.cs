using Chexs.Bot.Cards;
using Chexs.Bot.Storage;
using Chexs.Bot.Teams;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Adapters;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Tests.Foundation;

/// <summary>The Teams edge of the bot, driven through the SDK's own TestAdapter.</summary>
public sealed class ChexsBotTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 30, 0, TimeSpan.Zero);
    // The bot as the host builds it (Development: Alex is staff in the offline directory), over a temp database.
    private readonly Chexs.Bot.Tests.Safeguarding.BotServices _services = new(Now, "Development");
    private readonly ChexsBot _bot;
    private readonly InstallationStore _installations;

    public ChexsBotTests()
    {
        _installations = _services.Get<InstallationStore>();
        _bot = _services.Get<ChexsBot>();
    }

    public void Dispose() => _services.Dispose();

    [Theory]
    [InlineData("help")]
    [InlineData("  Help ")]
    [InlineData("HELP!")]
    public async Task Help_answers_with_the_help_adaptive_card(string text)
    {
        var adapter = AdapterFor(TeamsActivities.Message(text, expectReplies: false));
        await adapter.ProcessActivityAsync(Parse(TeamsActivities.Message(text, expectReplies: false)), _bot.OnTurnAsync, default);

        var reply = (Activity)adapter.GetNextReply();
        var attachment = Assert.Single(reply.Attachments);
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.ContentType);
        var card = Assert.IsType<JObject>(attachment.Content);
        Assert.Equal("AdaptiveCard", (string?)card["type"]);
        Assert.Equal("1.5", (string?)card["version"]);
        var commands = card.SelectTokens("$.body[?(@.type == 'FactSet')].facts[*].title").Select(t => (string?)t).ToList();
        Assert.Contains("book session", commands);
        Assert.Contains("policy", commands);
        Assert.Null(adapter.GetNextReply());
    }

    [Fact]
    public async Task Help_with_an_at_mention_in_a_channel_still_answers_with_the_card()
    {
        var json = TeamsActivities.Message("<at>CHEXS Bot</at> help", TeamsActivities.TeamId, "channel", expectReplies: false);
        json["entities"] = new JArray(new JObject
        {
            ["type"] = "mention",
            ["text"] = "<at>CHEXS Bot</at>",
            ["mentioned"] = new JObject { ["id"] = TeamsActivities.BotId, ["name"] = "CHEXS Bot" },
        });
        var adapter = AdapterFor(json);
        await adapter.ProcessActivityAsync(Parse(json), _bot.OnTurnAsync, default);

        var reply = (Activity)adapter.GetNextReply();
        Assert.Equal("application/vnd.microsoft.card.adaptive", Assert.Single(reply.Attachments).ContentType);
    }

    [Theory]
    [InlineData("what is the weather")]
    [InlineData("helpme")]
    [InlineData("")]
    public async Task Unknown_text_gets_a_pointer_to_help_and_no_card(string text)
    {
        var json = TeamsActivities.Message(text, expectReplies: false);
        var adapter = AdapterFor(json);
        await adapter.ProcessActivityAsync(Parse(json), _bot.OnTurnAsync, default);

        var reply = (Activity)adapter.GetNextReply();
        Assert.Equal(ChexsBot.UnknownTextReply, reply.Text);
        Assert.Contains("help", reply.Text);
        Assert.True(reply.Attachments is null || reply.Attachments.Count == 0);
        Assert.Null(adapter.GetNextReply());
    }

    [Fact]
    public async Task Installing_in_a_team_stores_tenant_team_and_channel_and_uninstalling_deletes_it()
    {
        var add = TeamsActivities.TeamInstallation("add", TeamsActivities.ManagersChannelId);
        var adapter = AdapterFor(add);
        await adapter.ProcessActivityAsync(Parse(add), _bot.OnTurnAsync, default);

        var record = Assert.Single(await _installations.AllAsync());
        Assert.Equal(TeamsActivities.ManagersChannelId, record.Id);
        Assert.Equal("team", record.Scope);
        Assert.Equal(TeamsActivities.TenantId, record.TenantId);
        Assert.Equal(TeamsActivities.TeamId, record.TeamId);
        Assert.Equal("CHEXS Staff", record.TeamName);
        Assert.Equal(TeamsActivities.ManagersChannelId, record.ChannelId);
        Assert.Equal(TeamsActivities.ServiceUrl, record.ServiceUrl);
        Assert.Equal(Now, record.InstalledAt);
        var reference = InstallationStore.ReferenceOf(record);
        Assert.Equal(TeamsActivities.ManagersChannelId, reference.Conversation.Id);
        Assert.Equal(TeamsActivities.ServiceUrl, reference.ServiceUrl);
        Assert.Equal("msteams", reference.ChannelId);

        // Teams sends the removal in the team's General channel: every record of the team goes.
        var remove = TeamsActivities.TeamInstallation("remove", TeamsActivities.TeamId);
        adapter = AdapterFor(remove);
        await adapter.ProcessActivityAsync(Parse(remove), _bot.OnTurnAsync, default);
        Assert.Empty(await _installations.AllAsync());
    }

    [Fact]
    public async Task Installing_in_a_group_chat_stores_it_without_team_or_channel()
    {
        var add = TeamsActivities.GroupChatInstallation("add");
        await AdapterFor(add).ProcessActivityAsync(Parse(add), _bot.OnTurnAsync, default);

        var record = Assert.Single(await _installations.AllAsync());
        Assert.Equal(TeamsActivities.GroupChatId, record.Id);
        Assert.Equal("groupChat", record.Scope);
        Assert.Equal(TeamsActivities.TenantId, record.TenantId);
        Assert.Null(record.TeamId);
        Assert.Null(record.ChannelId);
        Assert.Null(record.UserAadObjectId);

        var remove = TeamsActivities.GroupChatInstallation("remove");
        await AdapterFor(remove).ProcessActivityAsync(Parse(remove), _bot.OnTurnAsync, default);
        Assert.Empty(await _installations.AllAsync());
    }

    [Fact]
    public async Task Installing_for_a_person_stores_their_personal_chat_and_uninstalling_deletes_only_it()
    {
        var teamAdd = TeamsActivities.TeamInstallation("add");
        await AdapterFor(teamAdd).ProcessActivityAsync(Parse(teamAdd), _bot.OnTurnAsync, default);
        var add = TeamsActivities.PersonalInstallation("add");
        await AdapterFor(add).ProcessActivityAsync(Parse(add), _bot.OnTurnAsync, default);

        var personal = await _installations.PersonalChatOfAsync(TeamsActivities.AlexAadId);
        Assert.NotNull(personal);
        Assert.Equal("personal", personal.Scope);
        Assert.Equal(TeamsActivities.PersonalConversationId(), personal.Id);
        Assert.Equal(TeamsActivities.TenantId, personal.TenantId);
        Assert.Null(personal.TeamId);

        var remove = TeamsActivities.PersonalInstallation("remove");
        await AdapterFor(remove).ProcessActivityAsync(Parse(remove), _bot.OnTurnAsync, default);
        Assert.Null(await _installations.PersonalChatOfAsync(TeamsActivities.AlexAadId));
        Assert.Equal("team", Assert.Single(await _installations.AllAsync()).Scope);
    }

    [Fact]
    public async Task A_message_in_a_personal_chat_remembers_that_chat_for_later_private_messages()
    {
        var json = TeamsActivities.Message("hello there");
        await AdapterFor(json).ProcessActivityAsync(Parse(json), _bot.OnTurnAsync, default);

        var personal = await _installations.PersonalChatOfAsync(TeamsActivities.AlexAadId);
        Assert.NotNull(personal);
        Assert.Equal(TeamsActivities.PersonalConversationId(), personal.Id);
    }

    [Fact]
    public async Task A_message_in_a_channel_does_not_create_an_installation()
    {
        var json = TeamsActivities.Message("hello there", TeamsActivities.TeamId, "channel");
        await AdapterFor(json).ProcessActivityAsync(Parse(json), _bot.OnTurnAsync, default);
        Assert.Empty(await _installations.AllAsync());
    }

    internal static Activity Parse(JObject json) => json.ToObject<Activity>(Newtonsoft.Json.JsonSerializer.Create(
        Microsoft.Bot.Builder.Integration.AspNet.Core.HttpHelper.BotMessageSerializerSettings))!;

    /// <summary>TestAdapter rewrites each activity's conversation from its own reference, so build one per activity.</summary>
    internal static TestAdapter AdapterFor(JObject json)
    {
        var activity = Parse(json);
        var reference = activity.GetConversationReference();
        return new TestAdapter(reference);
    }
}

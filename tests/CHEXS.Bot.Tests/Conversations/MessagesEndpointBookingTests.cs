using System.Net;
using Chexs.Bot.Records;
using Chexs.Bot.Storage;
using Chexs.Bot.Tests.Foundation;
using Chexs.Bot.Tests.Safeguarding;
using Chexs.Bot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Tests.Conversations;

/// <summary>
/// A one-to-one booked end to end through the real host: Teams activity JSON posted to /api/messages
/// (the typed line with deliveryMode expectReplies), then the Confirm click as Teams sends it (an
/// adaptiveCard/action invoke), with the bot's messages going to a local Bot Connector.
/// </summary>
public sealed class MessagesEndpointBookingTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _clock = new(PolicyScenario.Local(2026, 11, 25, 10));
    private FakeBotConnector _connector = null!;
    private BotAppFactory _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _connector = await FakeBotConnector.StartAsync();
        _app = new BotAppFactory(_folder.File("bot.db"), new Dictionary<string, string?>
        {
            ["Graph:PickupFolder"] = _folder.File("mail"),
        }, services => services.AddSingleton<TimeProvider>(_clock));
        _client = _app.CreateClient();   // starts the host: the development seed loads the sample pupils
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        await _connector.DisposeAsync();
        _folder.Dispose();
    }

    private JObject FromTeams(JObject activity)
    {
        activity["serviceUrl"] = _connector.ServiceUrl;
        return activity;
    }

    [Fact]
    public async Task Typed_line_then_Confirm_books_the_session_and_sends_the_confirmation_card_to_the_1to1_chat()
    {
        var db = ChexsDatabase.Of(_app.Services);
        Assert.Equal(11, db.Pupils.Count());

        var replies = await MessagesEndpoint.RepliesAsync(_client, FromTeams(TeamsActivities.Message("book session growth with Sam Patel tomorrow 4pm for 45 min")));

        // The policy's review date (31 Aug 2024) has passed: the day's first piece of work brings the P15 banner.
        Assert.StartsWith("Policy review overdue (P15)", CardJson.Text((JObject)replies[0]["attachments"]![0]!["content"]!));
        var summary = (JObject)replies[1]["attachments"]![0]!["content"]!;
        Assert.Equal("Check this booking", (string?)summary["body"]![0]!["text"]);
        Assert.Contains("- Sam Patel", CardJson.Text(summary));
        Assert.Empty(db.Sessions.FindAll());

        var confirm = CardJson.Action(summary, "Confirm");
        var invoke = FromTeams(TeamsActivities.Message("", expectReplies: false));
        invoke["type"] = "invoke";
        invoke["name"] = "adaptiveCard/action";
        invoke.Remove("text");
        invoke["replyToId"] = "summary-card-activity";
        invoke["value"] = new JObject
        {
            ["action"] = new JObject { ["type"] = "Action.Execute", ["verb"] = confirm["verb"], ["data"] = confirm["data"] },
            ["trigger"] = "manual",
        };

        using var response = await MessagesEndpoint.PostAsync(_client, invoke);
        var body = JObject.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.microsoft.card.adaptive", (string?)body["type"]);
        Assert.Contains("You chose: Confirm", CardJson.Text((JObject)body["value"]!));

        var session = Assert.Single(db.Sessions.FindAll());
        Assert.Equal((SessionStatus.Scheduled, SessionKind.OneToOne, 45), (session.Status, session.Kind, session.DurationMinutes));
        Assert.Equal(PolicyScenario.Local(2026, 11, 26, 16), session.Start);

        var sent = _connector.Sent.ToList();
        Assert.All(sent, s => Assert.Equal(TeamsActivities.PersonalConversationId(), s.ConversationId));
        var confirmation = sent.Select(s => s.Card).Single(c => c is not null)!;
        var text = CardJson.Text(confirmation);
        Assert.Contains("Session booked", text);
        Assert.Contains(session.Id, text);
        Assert.Contains("- Sam Patel", text);
        Assert.Contains($"Meeting passcode: {session.Meeting!.Passcode}", text);
        Assert.DoesNotContain(session.Meeting.JoinUrl, string.Concat(sent.Select(s => s.AllText)));
    }

    [Fact]
    public async Task A_typed_series_then_its_button_books_every_date_through_the_real_host()
    {
        var db = ChexsDatabase.Of(_app.Services);

        var replies = await MessagesEndpoint.RepliesAsync(_client, FromTeams(TeamsActivities.Message("book session growth with Sam Patel every Tuesday at 4pm for 6 weeks, 45 min")));

        var card = replies.Select(r => (r["attachments"] as JArray)?.FirstOrDefault()?["content"] as JObject)
            .Single(c => (string?)c?["body"]?[0]?["text"] == "Check this series")!;
        Assert.Contains("Can be booked (6)", CardJson.Text(card));
        Assert.Empty(db.Sessions.FindAll());

        var book = CardJson.Action(card, "Book all 6 dates");
        var invoke = FromTeams(TeamsActivities.Message("", expectReplies: false));
        invoke["type"] = "invoke";
        invoke["name"] = "adaptiveCard/action";
        invoke.Remove("text");
        invoke["replyToId"] = "series-card-activity";
        invoke["value"] = new JObject
        {
            ["action"] = new JObject { ["type"] = "Action.Execute", ["verb"] = book["verb"], ["data"] = book["data"] },
            ["trigger"] = "manual",
        };
        using var response = await MessagesEndpoint.PostAsync(_client, invoke);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sessions = db.Sessions.FindAll().OrderBy(s => s.Start).ToList();
        Assert.Equal(6, sessions.Count);
        Assert.Single(sessions.Select(s => s.SeriesId).Distinct());
        Assert.Equal(PolicyScenario.Local(2027, 1, 5, 16), sessions[^1].Start);
        var told = string.Concat(_connector.Sent.Select(s => s.AllText));
        Assert.Contains($"Booked series {sessions[0].SeriesId}: 6 Growth Programme sessions.", told);
        Assert.DoesNotContain(sessions[0].Meeting!.JoinUrl, told);
    }
}

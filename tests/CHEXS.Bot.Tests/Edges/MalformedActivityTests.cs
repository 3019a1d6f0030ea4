using System.Net;
using Chexs.Bot.Dialogs.Engine;
using Chexs.Bot.Teams;
using Chexs.Bot.Tests.Foundation;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Tests.Edges;

/// <summary>
/// The campaign's activities that ended in the turn-error handler (throwing away the staff member's dialog):
/// each is now either refused with 400 before any handler, or handled — and a booking in progress in the
/// same chat is still there to confirm afterwards.
/// </summary>
public sealed class MalformedActivityTests
{
    public static TheoryData<string> Refused() =>
    [
        "tenant as a string", "tenant as a string on a message", "invoke value as a string", "action.data as a string", "conversation id over 1023 bytes",
        "membersAdded as a string", "membersAdded member without an id", "membersRemoved with null", "installation action as a number", "team as a string",
    ];

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_malformed_activity_is_400_before_any_handler_and_the_booking_in_progress_survives(string what)
    {
        await using var host = await EdgeHost.StartAsync();
        var summary = await host.StartBookingAsync();
        var installations = host.App.Services.GetRequiredService<InstallationStore>();
        var before = (await installations.AllAsync()).Count;

        using var response = await host.PostAsync(Malformed(host, what));
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{what}: got {(int)response.StatusCode}: {body}");
        Assert.DoesNotContain("Exception", body);
        Assert.Empty(host.TurnErrors);
        Assert.Equal(before, (await installations.AllAsync()).Count);
        await ConfirmStillBooksAsync(host, summary);
    }

    [Fact]
    public async Task Someone_else_joining_a_team_is_handled_without_asking_the_Bot_Connector()
    {
        await using var host = await EdgeHost.StartAsync();
        var update = host.FromTeams(TeamsActivities.TeamInstallation("add"));
        update["type"] = "conversationUpdate";
        update.Remove("action");
        update["channelData"]!["eventType"] = "teamMemberAdded";
        update["membersAdded"] = new JArray(new JObject { ["id"] = "29:a-new-teacher", ["aadObjectId"] = "00000000-0000-0000-0000-00000000d001" });

        using var response = await host.PostAsync(update);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(host.TurnErrors);
        Assert.Empty(await host.App.Services.GetRequiredService<InstallationStore>().AllAsync());
    }

    [Fact]
    public async Task The_bot_added_to_a_team_by_conversationUpdate_is_remembered_and_removed_forgotten()
    {
        await using var host = await EdgeHost.StartAsync();
        var store = host.App.Services.GetRequiredService<InstallationStore>();
        var added = host.FromTeams(TeamsActivities.TeamInstallation("add"));
        added["type"] = "conversationUpdate";
        added.Remove("action");
        added["channelData"]!["eventType"] = "teamMemberAdded";
        added["membersAdded"] = new JArray(new JObject { ["id"] = TeamsActivities.BotId });
        using (var response = await host.PostAsync(added)) Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(TeamsActivities.TeamId, Assert.Single(await store.AllAsync()).TeamId);

        var removed = (JObject)added.DeepClone();
        removed.Remove("membersAdded");
        removed["channelData"]!["eventType"] = "teamMemberRemoved";
        removed["membersRemoved"] = new JArray(new JObject { ["id"] = TeamsActivities.BotId });
        using (var response = await host.PostAsync(removed)) Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await store.AllAsync());
        Assert.Empty(host.TurnErrors);
    }

    [Fact]
    public async Task An_installationUpdate_without_an_action_changes_nothing()
    {
        await using var host = await EdgeHost.StartAsync();
        var update = host.FromTeams(TeamsActivities.TeamInstallation("add"));
        update.Remove("action");

        using var response = await host.PostAsync(update);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(host.TurnErrors);
        Assert.Empty(await host.App.Services.GetRequiredService<InstallationStore>().AllAsync());
    }

    [Fact]
    public async Task Messages_the_bot_cannot_read_are_answered_and_do_not_move_the_booking()
    {
        await using var host = await EdgeHost.StartAsync();
        var summary = await host.StartBookingAsync();

        // More of them than a question's three tries: none of them is a try.
        foreach (var unreadable in Unreadable(host))
        {
            using var response = await host.PostAsync(unreadable);
            var body = JObject.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var texts = body["activities"]!.Select(a => (string?)a["text"]).ToList();
            Assert.Equal(DialogRunner.UnreadableReply, texts[0]);
        }

        Assert.Empty(host.TurnErrors);
        await ConfirmStillBooksAsync(host, summary);
    }

    private static IEnumerable<JObject> Unreadable(EdgeHost host)
    {
        var picture = host.FromTeams(TeamsActivities.Message(""));
        picture.Remove("text");
        picture["attachments"] = new JArray(new JObject { ["contentType"] = "image/png", ["contentUrl"] = "https://example.invalid/cat.png" });
        yield return picture;
        yield return host.FromTeams(TeamsActivities.Message("   "));
        yield return host.FromTeams(TeamsActivities.Message("\u0000\u001b\u200b"));
        var valueString = host.FromTeams(TeamsActivities.Message(""));
        valueString["value"] = "not a card's data";
        yield return valueString;
        var valueNumber = host.FromTeams(TeamsActivities.Message(""));
        valueNumber.Remove("text");
        valueNumber["value"] = 42;
        yield return valueNumber;
    }

    private static JObject Malformed(EdgeHost host, string what)
    {
        var message = host.FromTeams(TeamsActivities.Message("help"));
        var installation = host.FromTeams(TeamsActivities.PersonalInstallation("add"));
        var click = host.Invoke(new JObject { ["type"] = "Action.Execute", ["verb"] = "booking.confirm", ["data"] = new JObject { ["answer"] = "Confirm" } });
        var update = host.FromTeams(TeamsActivities.TeamInstallation("add"));
        update["type"] = "conversationUpdate";
        update.Remove("action");
        switch (what)
        {
            case "tenant as a string":
                installation["channelData"]!["tenant"] = TeamsActivities.TenantId;
                return installation;
            case "tenant as a string on a message":
                message["channelData"]!["tenant"] = TeamsActivities.TenantId;
                return message;
            case "invoke value as a string":
                click["value"] = "{\"action\":{\"type\":\"Action.Execute\"}}";
                return click;
            case "action.data as a string":
                click["value"]!["action"]!["data"] = "{\"answer\":\"Confirm\"}";
                return click;
            case "conversation id over 1023 bytes":
                message["conversation"]!["id"] = "a:" + new string('c', 1100);
                return message;
            case "membersAdded as a string":
                update["membersAdded"] = TeamsActivities.BotId;
                return update;
            case "membersAdded member without an id":
                update["membersAdded"] = new JArray(new JObject { ["name"] = "CHEXS Bot" });
                return update;
            case "membersRemoved with null":
                update["membersRemoved"] = new JArray(JValue.CreateNull());
                return update;
            case "installation action as a number":
                installation["action"] = 1;
                return installation;
            case "team as a string":
                update["channelData"]!["team"] = "CHEXS Staff";
                update["membersAdded"] = new JArray(new JObject { ["id"] = TeamsActivities.BotId });
                return update;
            default:
                throw new ArgumentOutOfRangeException(nameof(what), what, null);
        }
    }

    private static async Task ConfirmStillBooksAsync(EdgeHost host, JObject summary)
    {
        var (status, body) = await host.ClickAsync(host.Click(summary, "Confirm"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body!.ToString().Contains("You chose: Confirm"), body.ToString());
        Assert.Single(host.Db.Sessions.FindAll());
        Assert.Empty(host.TurnErrors);
    }
}

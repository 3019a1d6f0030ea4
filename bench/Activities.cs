using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Bench;

/// <summary>
/// Teams-shaped activities as the channel posts them to /api/messages. Messages ask for
/// deliveryMode "expectReplies", so the bot's replies come back in the HTTP response and no
/// connector round trip is needed for them.
/// </summary>
public static class Activities
{
    public const string TenantId = "00000000-0000-0000-0000-0000000000aa";
    public const string AlexId = "00000000-0000-0000-0000-00000000a001";
    public const string MorganId = "00000000-0000-0000-0000-00000000b001";
    public const string BotId = "28:chexs-bench-bot";

    public sealed record User(string TeamsId, string AadObjectId, string Name);

    public static readonly User Alex = new("29:bench-alex", AlexId, "Alex Host");
    public static readonly User Morgan = new("29:bench-morgan", MorganId, "Morgan Manager");

    public static string Message(string serviceUrl, string conversationId, User from, string text) =>
        new JObject
        {
            ["type"] = "message",
            ["id"] = Guid.NewGuid().ToString("N"),
            ["timestamp"] = DateTimeOffset.UtcNow.ToString("O"),
            ["channelId"] = "msteams",
            ["serviceUrl"] = serviceUrl,
            ["from"] = new JObject { ["id"] = from.TeamsId, ["name"] = from.Name, ["aadObjectId"] = from.AadObjectId },
            ["conversation"] = new JObject { ["id"] = conversationId, ["conversationType"] = "personal", ["tenantId"] = TenantId },
            ["recipient"] = new JObject { ["id"] = BotId, ["name"] = "CHEXS Bot" },
            ["text"] = text,
            ["textFormat"] = "plain",
            ["locale"] = "en-GB",
            ["deliveryMode"] = "expectReplies",
            ["channelData"] = new JObject { ["tenant"] = new JObject { ["id"] = TenantId } },
        }.ToString(Formatting.None);

    /// <summary>An Action.Execute click (adaptiveCard/action invoke) on the card in message <paramref name="cardActivityId"/>.</summary>
    public static string CardAction(string serviceUrl, string conversationId, User from, string verb, JObject data, string cardActivityId) =>
        new JObject
        {
            ["type"] = "invoke",
            ["name"] = "adaptiveCard/action",
            ["id"] = Guid.NewGuid().ToString("N"),
            ["timestamp"] = DateTimeOffset.UtcNow.ToString("O"),
            ["channelId"] = "msteams",
            ["serviceUrl"] = serviceUrl,
            ["from"] = new JObject { ["id"] = from.TeamsId, ["name"] = from.Name, ["aadObjectId"] = from.AadObjectId },
            ["conversation"] = new JObject { ["id"] = conversationId, ["conversationType"] = "personal", ["tenantId"] = TenantId },
            ["recipient"] = new JObject { ["id"] = BotId, ["name"] = "CHEXS Bot" },
            ["replyToId"] = cardActivityId,
            ["locale"] = "en-GB",
            ["value"] = new JObject
            {
                ["action"] = new JObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data },
                ["trigger"] = "manual",
            },
            ["channelData"] = new JObject { ["tenant"] = new JObject { ["id"] = TenantId }, ["source"] = new JObject { ["name"] = "message" } },
        }.ToString(Formatting.None);

    /// <summary>The data of the first Action.Execute with this verb in any Adaptive Card of <paramref name="replies"/>.</summary>
    public static JObject? ActionData(IEnumerable<JToken> cardsOrActivities, string verb) =>
        cardsOrActivities.SelectMany(t => t is JContainer c ? c.DescendantsAndSelf() : [t]).OfType<JObject>()
            .FirstOrDefault(o => (string?)o["type"] == "Action.Execute" && (string?)o["verb"] == verb)?["data"] as JObject;
}

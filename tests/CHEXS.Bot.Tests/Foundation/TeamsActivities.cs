using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Tests.Foundation;

/// <summary>
/// Activity JSON as Microsoft Teams sends it to a bot (shapes from the Bot Framework / Teams docs),
/// with the development identities of the project. Used both as raw HTTP bodies and, parsed into
/// Activity objects, with the SDK's TestAdapter.
/// </summary>
public static class TeamsActivities
{
    public const string TenantId = "00000000-0000-0000-0000-0000000000aa";
    public const string BotId = "28:chexs-bot";
    public const string ServiceUrl = "https://smba.trafficmanager.net/uk/";
    public const string AlexAadId = "00000000-0000-0000-0000-00000000a001";
    public const string TeamId = "19:chexs-staff-general@thread.tacv2";
    public const string ManagersChannelId = "19:chexs-staff-managers@thread.tacv2";
    public const string GroupChatId = "19:meeting-group-chat@thread.v2";

    public static string PersonalConversationId(string user = "alex") => $"a:personal-chat-with-{user}";

    public static JObject Message(string text, string? conversationId = null, string conversationType = "personal", bool expectReplies = true)
    {
        var activity = Base("message", conversationId ?? PersonalConversationId(), conversationType);
        activity["text"] = text;
        activity["textFormat"] = "plain";
        activity["locale"] = "en-GB";
        if (expectReplies)
        {
            activity["deliveryMode"] = "expectReplies";
        }
        return activity;
    }

    /// <summary>installationUpdate for the app added to (or removed from) the CHEXS Staff team, in the given channel.</summary>
    public static JObject TeamInstallation(string action, string channelId = TeamId)
    {
        var activity = Base("installationUpdate", channelId, "channel");
        activity["action"] = action;
        activity["channelData"] = new JObject
        {
            ["settings"] = new JObject { ["selectedChannel"] = new JObject { ["id"] = channelId } },
            ["channel"] = new JObject { ["id"] = channelId },
            ["team"] = new JObject { ["id"] = TeamId, ["name"] = "CHEXS Staff", ["aadGroupId"] = "00000000-0000-0000-0000-0000000000t1" },
            ["tenant"] = new JObject { ["id"] = TenantId },
            ["source"] = null,
        };
        return activity;
    }

    public static JObject GroupChatInstallation(string action)
    {
        var activity = Base("installationUpdate", GroupChatId, "groupChat");
        activity["action"] = action;
        activity["channelData"] = new JObject { ["tenant"] = new JObject { ["id"] = TenantId }, ["source"] = null };
        return activity;
    }

    public static JObject PersonalInstallation(string action)
    {
        var activity = Base("installationUpdate", PersonalConversationId(), "personal");
        activity["action"] = action;
        activity["channelData"] = new JObject { ["tenant"] = new JObject { ["id"] = TenantId }, ["source"] = null };
        return activity;
    }

    private static JObject Base(string type, string conversationId, string conversationType)
    {
        var conversation = new JObject
        {
            ["id"] = conversationId,
            ["conversationType"] = conversationType,
            ["tenantId"] = TenantId,
        };
        if (conversationType != "personal")
        {
            conversation["isGroup"] = true;
        }
        var activity = new JObject
        {
            ["type"] = type,
            ["id"] = "f:" + Guid.NewGuid().ToString("N"),
            ["timestamp"] = "2026-11-02T09:30:00.000Z",
            ["localTimestamp"] = "2026-11-02T09:30:00.000+00:00",
            ["serviceUrl"] = ServiceUrl,
            ["channelId"] = "msteams",
            ["from"] = new JObject
            {
                ["id"] = "29:alex-host",
                ["name"] = "Alex Host",
                ["aadObjectId"] = AlexAadId,
            },
            ["conversation"] = conversation,
            ["recipient"] = new JObject { ["id"] = BotId, ["name"] = "CHEXS Bot" },
            ["channelData"] = new JObject { ["tenant"] = new JObject { ["id"] = TenantId } },
        };
        return activity;
    }
}

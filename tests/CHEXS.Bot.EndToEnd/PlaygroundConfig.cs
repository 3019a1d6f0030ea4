using YamlDotNet.Serialization;

namespace Chexs.Bot.EndToEnd;

/// <summary>
/// The Playground's .m365agentsplayground.yml. The Playground has one fixed current user per run,
/// so "acting as" another development identity means writing a copy of the file in which that
/// user and the current user trade places, and starting the Playground on it.
/// </summary>
public static class PlaygroundConfig
{
    /// <summary>
    /// The file with <paramref name="userName"/> as the current user. The Playground has a single
    /// personal chat whose id comes from the file; in Teams every user has their own 1:1 chat with the
    /// bot, and the bot keys what it remembers about a chat by that id. So the copy also gives the
    /// personal chat an id of its own for that user (<see cref="PersonalChatId"/>): otherwise two users'
    /// chats would be one conversation to the bot, and a proactive message for one (an approval request
    /// for Morgan, a confirmation for Alex) would go to whoever spoke there last.
    /// </summary>
    public static string AsUser(string yaml, string userName)
    {
        var root = new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(yaml);
        var current = (Dictionary<object, object>)root["currentUser"];
        if (Equals(current["name"], userName))
        {
            return yaml;
        }
        var users = (List<object>)root["users"];
        var index = users.FindIndex(u => Equals(((Dictionary<object, object>)u)["name"], userName));
        if (index < 0)
        {
            var known = string.Join(", ", users.Select(u => ((Dictionary<object, object>)u)["name"]).Prepend(current["name"]));
            throw new ArgumentException($"No Playground user named '{userName}'. Known: {known}.", nameof(userName));
        }
        var chosen = (Dictionary<object, object>)users[index];
        var personalChat = (Dictionary<object, object>)root["personalChat"];
        personalChat["id"] = PersonalChatId((string)personalChat["id"], (string)current["id"], (string)chosen["id"]);
        root["currentUser"] = chosen;
        users[index] = current;
        return new SerializerBuilder().Build().Serialize(root);
    }

    /// <summary>
    /// The personal chat id for <paramref name="userId"/>, made from the file's id for the file's current
    /// user: "a:chexs-dev-personal-chat-alex" (for 29:alex-host) becomes "a:chexs-dev-personal-chat-morgan"
    /// for 29:morgan-manager. Ids that do not end with the current user's first word get the user's id appended.
    /// </summary>
    public static string PersonalChatId(string fileChatId, string fileUserId, string userId)
    {
        static string Word(string id) => id[(id.IndexOf(':') + 1)..].Split('-')[0];
        var suffix = "-" + Word(fileUserId);
        return fileChatId.EndsWith(suffix, StringComparison.Ordinal)
            ? fileChatId[..^suffix.Length] + "-" + Word(userId)
            : fileChatId + "-" + Word(userId);
    }
}

using YamlDotNet.Serialization;

namespace Chexs.Bot.EndToEnd;

/// <summary>
/// The Playground's .m365agentsplayground.yml. The Playground has one fixed current user per run,
/// so "acting as" another development identity means writing a copy of the file in which that
/// user and the current user trade places, and starting the Playground on it.
/// </summary>
public static class PlaygroundConfig
{
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
        root["currentUser"] = users[index];
        users[index] = current;
        return new SerializerBuilder().Build().Serialize(root);
    }
}

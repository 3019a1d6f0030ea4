using System.Text.Json.Nodes;

namespace Chexs.Bot.Tests.Zoom;

/// <summary>Zoom's documented bodies from Fixtures/ (the "_source" citation is dropped before use).</summary>
internal static class ZoomFixtures
{
    public static JsonObject Load(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Zoom", "Fixtures", name + ".json");
        var node = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        node.Remove("_source");
        return node;
    }

    public static string Text(string name) => Load(name).ToJsonString();
}

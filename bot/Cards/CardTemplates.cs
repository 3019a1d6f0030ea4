using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Cards;

/// <summary>
/// Loads Adaptive Card templates from the cards/ folder (copied next to the executable) and binds
/// them to data with <see cref="TemplateBinder"/>. Templates are read once and cached.
/// </summary>
public sealed class CardTemplates
{
    private readonly string _folder;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, JToken> _cache = new();

    public CardTemplates(string? folder = null)
    {
        _folder = folder ?? Path.Combine(AppContext.BaseDirectory, "cards");
    }

    public IEnumerable<string> Names =>
        Directory.EnumerateFiles(_folder, "*.json").Select(f => Path.GetFileNameWithoutExtension(f)!).Order();

    public JToken Template(string name) =>
        _cache.GetOrAdd(name, n => JToken.Parse(File.ReadAllText(Path.Combine(_folder, n + ".json"))));

    /// <summary>Expands the named template with <paramref name="data"/> into a card (a JObject).</summary>
    public JObject Render(string name, object data)
    {
        var root = data as JToken ?? JToken.FromObject(data);
        return (JObject)TemplateBinder.Expand(Template(name), root);
    }
}

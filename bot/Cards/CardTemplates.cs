using System.Collections.Concurrent;
using Microsoft.Bot.Schema;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Newtonsoft.Json.Serialization;

namespace Chexs.Bot.Cards;

/// <summary>
/// Loads the Adaptive Card templates from the cards/ folder (copied next to the executable) and binds
/// them to data with <see cref="TemplateBinder"/>. Each template is read and compiled once. The data
/// each template expects is documented by cards/samples/&lt;name&gt;.data.json; names are in <see cref="CardNames"/>.
/// </summary>
public sealed class CardTemplates
{
    /// <summary>The content type of an Adaptive Card attachment.</summary>
    public const string ContentType = "application/vnd.microsoft.card.adaptive";

    // camelCase like the sample files (the binder matches names case-insensitively anyway); a C# null
    // becomes a missing field, so "$when": "${not(empty(passcode))}" hides what the caller left out.
    private static readonly JsonSerializer DataSerializer = JsonSerializer.Create(new JsonSerializerSettings
    {
        ContractResolver = new CamelCasePropertyNamesContractResolver(),
        NullValueHandling = NullValueHandling.Ignore,
        DateParseHandling = DateParseHandling.None,
    });

    private readonly string _folder;
    private readonly ConcurrentDictionary<string, CompiledTemplate> _cache = new(StringComparer.Ordinal);

    private readonly CardActions.CardActionSigner? _signer;

    /// <param name="folder">Where the templates are (default: cards/ next to the executable).</param>
    /// <param name="signer">Seals every Action.Execute's data, so a click with altered data is refused.</param>
    public CardTemplates(string? folder = null, CardActions.CardActionSigner? signer = null)
    {
        _folder = folder ?? Path.Combine(AppContext.BaseDirectory, "cards");
        _signer = signer;
    }

    public IEnumerable<string> Names =>
        Directory.EnumerateFiles(_folder, "*.json").Select(f => Path.GetFileNameWithoutExtension(f)!).Order(StringComparer.Ordinal);

    /// <summary>The raw template JSON.</summary>
    public JToken Template(string name) => ReadJson(PathOf(name));

    /// <summary>The compiled template (throws <see cref="TemplateBindingException"/> if it uses unsupported syntax).</summary>
    public CompiledTemplate Compiled(string name) =>
        _cache.GetOrAdd(name, n => TemplateBinder.Compile(ReadJson(PathOf(n)), n));

    /// <summary>Expands the named template with <paramref name="data"/> (an object serialised camelCase, or a JToken) into a card.</summary>
    /// <exception cref="TemplateBindingException">The data lacks a field the card needs, or a value cannot be shown.</exception>
    public JObject Render(string name, object data)
    {
        var root = data as JToken ?? JToken.FromObject(data, DataSerializer);
        var card = Compiled(name).Expand(root) as JObject
            ?? throw new TemplateBindingException($"Card template '{name}' did not produce a card (its root \"$when\" was false?)");
        return _signer is null ? card : _signer.SignActions(card);
    }

    /// <summary><see cref="Render"/> wrapped as a message attachment.</summary>
    public Attachment RenderAttachment(string name, object data) => new() { ContentType = ContentType, Content = Render(name, data) };

    /// <summary>Compiles every template now, so a broken template fails at start-up rather than mid-conversation.</summary>
    public void CompileAll()
    {
        foreach (var name in Names) Compiled(name);
    }

    /// <summary>Reads JSON keeping date-like strings as strings (Json.NET would otherwise turn them into dates).</summary>
    public static JToken ReadJson(string path)
    {
        using var reader = new JsonTextReader(new StringReader(File.ReadAllText(path))) { DateParseHandling = DateParseHandling.None };
        return JToken.ReadFrom(reader);
    }

    private string PathOf(string name)
    {
        if (name.Length == 0 || name.IndexOfAny(['/', '\\', '.']) >= 0)
        {
            throw new ArgumentException($"'{name}' is not a card template name", nameof(name));
        }
        var path = Path.Combine(_folder, name + ".json");
        return File.Exists(path) ? path : throw new ArgumentException($"There is no card template '{name}' in {_folder}", nameof(name));
    }
}

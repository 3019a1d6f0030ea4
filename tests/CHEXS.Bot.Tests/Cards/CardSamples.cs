using Chexs.Bot.Cards;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Tests.Cards;

/// <summary>The templates in cards/ and their sample data files cards/samples/&lt;template&gt;[.variant].data.json.</summary>
internal static class CardSamples
{
    public static string CardsFolder => NodeTools.Path("cards");

    public static CardTemplates Templates { get; } = new(CardsFolder);

    /// <summary>Sample file names, e.g. "reminder.data.json", "reminder.on-time.data.json".</summary>
    public static IReadOnlyList<string> SampleFiles { get; } = Directory
        .EnumerateFiles(NodeTools.Path("cards", "samples"), "*.data.json")
        .Select(f => System.IO.Path.GetFileName(f)!)
        .Order(StringComparer.Ordinal)
        .ToList();

    public static TheoryData<string> SampleFileData()
    {
        var data = new TheoryData<string>();
        foreach (var file in SampleFiles) data.Add(file);
        return data;
    }

    public static string TemplateOf(string sampleFile) => sampleFile[..sampleFile.IndexOf('.')];

    public static JToken Data(string sampleFile) => CardTemplates.ReadJson(NodeTools.Path("cards", "samples", sampleFile));

    public static JObject ExpandWithOurs(string sampleFile) => Templates.Render(TemplateOf(sampleFile), Data(sampleFile));

    public static JToken Parse(string json)
    {
        using var reader = new JsonTextReader(new StringReader(json)) { DateParseHandling = DateParseHandling.None, FloatParseHandling = FloatParseHandling.Double };
        return JToken.ReadFrom(reader);
    }

    /// <summary>
    /// JSON text that two equal documents share: object keys sorted, numbers written the same way
    /// whatever their JSON spelling (45, 45.0), arrays kept in order.
    /// </summary>
    public static string Canonical(JToken token) => Normalise(token).ToString(Formatting.Indented);

    private static JToken Normalise(JToken token) => token switch
    {
        JObject obj => new JObject(obj.Properties().OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => new JProperty(p.Name, Normalise(p.Value)))),
        JArray array => new JArray(array.Select(Normalise)),
        JValue { Type: JTokenType.Integer or JTokenType.Float } number => new JValue(number.Value<double>()),
        _ => token.DeepClone(),
    };
}

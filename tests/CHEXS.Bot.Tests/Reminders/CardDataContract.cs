using Chexs.Bot.Cards;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Tests.Reminders;

/// <summary>
/// The shape of card data: every field path with its JSON type ("participants[].initials: String").
/// The samples in cards/samples are the contract; composers must produce exactly their shape.
/// </summary>
internal static class CardDataContract
{
    public static string SamplePath(string file)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "cards", "samples", file);
            if (File.Exists(path)) return path;
        }
        throw new FileNotFoundException($"cards/samples/{file} not found above {AppContext.BaseDirectory}");
    }

    public static JToken Sample(string file) => CardTemplates.ReadJson(SamplePath(file));

    public static IReadOnlyList<string> Shape(JToken token)
    {
        var paths = new SortedSet<string>(StringComparer.Ordinal);
        Walk(token, "", paths);
        return paths.ToList();
    }

    private static void Walk(JToken token, string path, ISet<string> paths)
    {
        switch (token)
        {
            case JObject o:
                foreach (var p in o.Properties()) Walk(p.Value, path.Length == 0 ? p.Name : $"{path}.{p.Name}", paths);
                break;
            case JArray a:
                paths.Add($"{path}: Array");
                foreach (var item in a) Walk(item, path + "[]", paths);
                break;
            default:
                // Integers and floats are both numbers to the card; strings and dates both text.
                var type = token.Type switch
                {
                    JTokenType.Integer or JTokenType.Float => "Number",
                    JTokenType.Date => "String",
                    var t => t.ToString(),
                };
                paths.Add($"{path}: {type}");
                break;
        }
    }

    /// <summary>Asserts <paramref name="data"/> has exactly the fields and types of the sample (array items merged).</summary>
    public static void AssertMatches(string sampleFile, JToken data)
    {
        var expected = Shape(Sample(sampleFile));
        var actual = Shape(data);
        Assert.True(expected.SequenceEqual(actual),
            $"Data does not match cards/samples/{sampleFile}.{Environment.NewLine}Missing: {string.Join(", ", expected.Except(actual))}{Environment.NewLine}Extra: {string.Join(", ", actual.Except(expected))}");
    }
}

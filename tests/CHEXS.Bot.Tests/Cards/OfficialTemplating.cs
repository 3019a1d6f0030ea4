using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Tests.Cards;

/// <summary>The official JavaScript engine (npm adaptivecards-templating), run in one node process per batch.</summary>
internal static class OfficialTemplating
{
    public sealed record Result(JToken? Card, string? Error, IReadOnlyList<string> Warnings);

    public static async Task<IReadOnlyDictionary<string, Result>> ExpandAsync(IEnumerable<(string Id, JToken Template, JToken Data)> cases)
    {
        var input = new JArray(cases.Select(c => new JObject { ["id"] = c.Id, ["template"] = c.Template, ["data"] = c.Data }));
        var output = await NodeTools.RunScriptAsync("expand-templates.js", input.ToString(Formatting.None));
        return ((JArray)CardSamples.Parse(output)).Cast<JObject>().ToDictionary(
            r => (string)r["id"]!,
            r => new Result(r["card"], (string?)r["error"], r["warnings"]!.Select(w => (string)w!).ToList()));
    }
}

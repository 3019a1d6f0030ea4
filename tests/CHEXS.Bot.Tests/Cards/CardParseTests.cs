using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Tests.Cards;

/// <summary>
/// Every sample card, as our binder expands it, parsed by the official npm "adaptivecards" library as a
/// 1.5 host: no parse events (unknown element or action types, bad values, features newer than 1.5), no
/// validation events (missing required properties, duplicate ids), no property the library would drop,
/// and it renders.
/// </summary>
public sealed class CardParseTests(CardParseTests.Parsed parsed) : IClassFixture<CardParseTests.Parsed>
{
    /// <summary>Teams refuses cards over about 28 KB.</summary>
    private const int TeamsCardSizeLimit = 28 * 1024;

    public sealed class Parsed : IAsyncLifetime
    {
        public IReadOnlyDictionary<string, JObject> Results { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            var input = new JArray(CardSamples.SampleFiles.Select(f => new JObject { ["id"] = f, ["card"] = CardSamples.ExpandWithOurs(f) }));
            var output = await NodeTools.RunScriptAsync("parse-cards.js", input.ToString(Formatting.None));
            Results = ((JArray)CardSamples.Parse(output)).Cast<JObject>().ToDictionary(r => (string)r["id"]!);
        }

        public Task DisposeAsync() => Task.CompletedTask;
    }

    public static TheoryData<string> Samples() => CardSamples.SampleFileData();

    [Theory]
    [MemberData(nameof(Samples))]
    public void The_official_library_parses_and_renders_the_card_without_complaint(string sampleFile)
    {
        var result = parsed.Results[sampleFile];

        Assert.Equal("1.5", (string?)result["version"]);
        Assert.Empty(result["parseEvents"]!);
        Assert.Empty(result["validationEvents"]!);
        Assert.Empty(result["dropped"]!);
        Assert.Null((string?)result["renderError"]);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void The_card_is_a_Teams_sized_1_5_card(string sampleFile)
    {
        var card = CardSamples.ExpandWithOurs(sampleFile);

        Assert.Equal("AdaptiveCard", (string?)card["type"]);
        Assert.Equal("1.5", (string?)card["version"]);
        Assert.True(card.ToString(Formatting.None).Length < TeamsCardSizeLimit);
    }

    [Fact]
    public async Task The_check_reports_what_it_is_meant_to_catch()
    {
        // The parse test is only worth something if the library complains about these.
        var bad = CardSamples.Parse("""
            { "type": "AdaptiveCard", "version": "1.5", "body": [
              { "type": "Fancy" },
              { "type": "TextBlock", "text": "x", "size": "Huge", "colour": "Good" },
              { "type": "Input.Text" } ] }
            """);
        var input = new JArray(new JObject { ["id"] = "bad", ["card"] = bad });

        var result = (JObject)((JArray)CardSamples.Parse(await NodeTools.RunScriptAsync("parse-cards.js", input.ToString())))[0];

        Assert.Contains(result["parseEvents"]!, e => (string?)e["event"] == "UnknownElementType");
        Assert.Contains(result["parseEvents"]!, e => (string?)e["event"] == "InvalidPropertyValue");
        Assert.Contains(result["validationEvents"]!, e => ((string?)e["message"])!.Contains("Id"));
        Assert.Contains(result["dropped"]!, d => ((string?)d)!.Contains("colour"));
    }
}

using Chexs.Bot.Cards;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Tests.Cards;

/// <summary>
/// Our binder against the official npm engine: every template with every sample data file, and a corpus
/// of small templates that pin down the templating semantics the binder claims (typing, repetition,
/// $when, $index/$root, operators and functions, escapes, missing fields) must give identical JSON.
/// </summary>
public sealed class TemplateParityTests(TemplateParityTests.Official official) : IClassFixture<TemplateParityTests.Official>
{
    /// <summary>Runs the official engine once for everything this class compares.</summary>
    public sealed class Official : IAsyncLifetime
    {
        internal IReadOnlyDictionary<string, OfficialTemplating.Result> Results { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            var samples = CardSamples.SampleFiles.Select(f =>
                ("sample:" + f, CardSamples.Templates.Template(CardSamples.TemplateOf(f)), CardSamples.Data(f)));
            var corpus = TemplatingCorpus.Cases.Select(c =>
                ("case:" + c.Key, CardSamples.Parse(c.Value.Template), CardSamples.Parse(c.Value.Data)));
            Results = await OfficialTemplating.ExpandAsync(samples.Concat(corpus).ToList());
        }

        public Task DisposeAsync() => Task.CompletedTask;
    }

    public static TheoryData<string> Samples() => CardSamples.SampleFileData();

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var id in TemplatingCorpus.Cases.Keys) data.Add(id);
        return data;
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_sample_card_expands_exactly_as_the_official_engine_expands_it(string sampleFile)
    {
        var expected = official.Results["sample:" + sampleFile];
        Assert.Null(expected.Error);

        var ours = CardSamples.ExpandWithOurs(sampleFile);

        Assert.Equal(CardSamples.Canonical(expected.Card!), CardSamples.Canonical(ours));
        // The sample really fills the template: nothing is left as "${...}".
        Assert.DoesNotContain("${", ours.ToString());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Templating_semantics_match_the_official_engine(string id)
    {
        var (template, data, missing) = TemplatingCorpus.Cases[id];
        var expected = official.Results["case:" + id];
        Assert.Null(expected.Error);

        var ours = TemplateBinder.Expand(CardSamples.Parse(template), CardSamples.Parse(data), missing);

        Assert.Equal(CardSamples.Canonical(expected.Card!), CardSamples.Canonical(ours));
    }

    [Fact]
    public void The_comparison_notices_a_difference()
    {
        // Guard against a comparison that cannot fail: a changed value, a number written as text,
        // and a reordered array must all count as different.
        var card = CardSamples.ExpandWithOurs("lock-nudge.data.json");
        var changed = (JObject)card.DeepClone();
        changed["body"]![1]!["text"] = "something else";
        var asText = CardSamples.Parse("""{ "n": "3" }""");
        var reordered = CardSamples.Parse("""{ "a": [2, 1] }""");

        Assert.NotEqual(CardSamples.Canonical(card), CardSamples.Canonical(changed));
        Assert.NotEqual(CardSamples.Canonical(CardSamples.Parse("""{ "n": 3 }""")), CardSamples.Canonical(asText));
        Assert.NotEqual(CardSamples.Canonical(CardSamples.Parse("""{ "a": [1, 2] }""")), CardSamples.Canonical(reordered));
        Assert.Equal(CardSamples.Canonical(CardSamples.Parse("""{ "b": 1, "a": 2.0 }""")), CardSamples.Canonical(CardSamples.Parse("""{ "a": 2, "b": 1 }""")));
    }
}

using System.Text.RegularExpressions;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Safeguarding.Rules;
using Chexs.Bot.Tests.Cards;

namespace Chexs.Bot.Tests.Safeguarding;

/// <summary>
/// The catalogue against the policy documents kept in the repository (docs/policy): the rules document lists
/// exactly its ids, and every policy rule quotes the policy word for word.
/// </summary>
public class RuleCatalogueTests
{
    private static string Policy(string file) => Path.Combine(NodeTools.RepoRoot, "docs", "policy", file);

    private static string Normalised(string text) => Regex.Replace(text, @"\s+", " ");

    [Fact]
    public void The_catalogue_has_every_rule_of_the_rules_document_in_its_order_and_no_other()
    {
        var document = File.ReadAllText(Policy("policy-rules.md"));
        var ids = Regex.Matches(document, @"^\| ([PGD]\d{1,2}) \|", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(ids, RuleCatalogue.All.Select(r => r.Id));
    }

    [Fact]
    public void Each_policy_rule_quotes_the_policy_word_for_word_and_only_policy_rules_quote_it()
    {
        var policy = Normalised(File.ReadAllText(Policy("safeguarding-policy.txt")));
        Assert.All(RuleCatalogue.All, rule =>
        {
            if (rule.Origin == RuleOrigin.Policy)
                Assert.Contains(Normalised(rule.Quote!), policy);
            else
                Assert.Null(rule.Quote);
        });
    }

    [Fact]
    public void Every_rule_has_a_title_and_states_itself_with_the_settings_filled_in()
    {
        var settings = new SafeguardingOptions { MaxSessionMinutes = 45, RequireCoHostForGroups = true };
        Assert.Equal(RuleCatalogue.All.Count, RuleCatalogue.All.Select(r => r.Id).Distinct().Count());
        Assert.All(RuleCatalogue.All, rule =>
        {
            Assert.False(string.IsNullOrWhiteSpace(rule.Title));
            Assert.EndsWith(".", rule.Text(settings));
        });
        Assert.Equal("Sessions last at most 45 minutes.", RuleCatalogue.MaxLength.Text(settings));
        Assert.Equal("Group sessions have a second CHEXS adult as co-host.", RuleCatalogue.CoHost.Text(settings));
    }
}

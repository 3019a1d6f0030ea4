using Chexs.Bot.Cards;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Safeguarding.Rules;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Dialogs.Conversations;

/// <summary>
/// The "policy" card: the policy version the bot enforces, its review date (with the P15 warning once it
/// has passed) and one line per rule of the <see cref="RuleCatalogue"/>, with the organisation's settings filled in.
/// </summary>
public sealed class PolicyCard
{
    private readonly CardTemplates _cards;
    private readonly SafeguardingOptions _policy;
    private readonly OrgCalendar _calendar;
    private readonly TimeProvider _clock;

    public PolicyCard(CardTemplates cards, SafeguardingOptions policy, OrgCalendar calendar, TimeProvider clock)
    {
        _cards = cards;
        _policy = policy;
        _calendar = calendar;
        _clock = clock;
    }

    /// <summary>P15: the review date has passed (local date in the organisation's zone).</summary>
    public bool ReviewOverdue => _calendar.LocalDate(_clock.GetUtcNow()) > _policy.PolicyReviewDate;

    public string ReviewDateText => OrgCalendar.FormatShortDate(_policy.PolicyReviewDate);

    public JObject Render() => _cards.Render(CardNames.Policy, new JObject
    {
        ["policyVersion"] = _policy.PolicyVersion,
        ["reviewDateText"] = ReviewDateText,
        ["reviewOverdue"] = ReviewOverdue,
        ["rules"] = new JArray(Rules().Select(r => new JObject { ["id"] = r.Id, ["text"] = r.Text })),
    });

    /// <summary>Every rule the bot enforces, in policy-rules.md order, worded with this organisation's settings.</summary>
    public IReadOnlyList<(string Id, string Text)> Rules() =>
        RuleCatalogue.All.Select(r => (r.Id, r.Text(_policy))).ToList();
}

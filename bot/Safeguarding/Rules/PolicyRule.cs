namespace Chexs.Bot.Safeguarding.Rules;

/// <summary>Which table of policy-rules.md a rule comes from.</summary>
public enum RuleOrigin
{
    /// <summary>A sentence of the CHEXS policy itself: no setting turns it off.</summary>
    Policy,
    /// <summary>Good practice the organisation switches on or tunes in the Safeguarding settings.</summary>
    GoodPractice,
    /// <summary>The booking system's own integrity rule (not a sentence of the policy).</summary>
    Integrity,
}

/// <summary>
/// One rule the bot enforces. <see cref="Quote"/> is the policy document's own words, verbatim, so a
/// manager can find the sentence a refusal rests on (null for rules the policy does not state).
/// <see cref="Text"/> states the rule for staff with the organisation's settings filled in: the tuned
/// rules (G1, G2, G4…) read differently per organisation, so it is worked out from the settings.
/// </summary>
public sealed record PolicyRule(string Id, string Title, RuleOrigin Origin, string? Quote, Func<SafeguardingOptions, string> Text)
{
    public override string ToString() => Id;
}

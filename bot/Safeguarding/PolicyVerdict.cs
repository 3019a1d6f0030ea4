using Chexs.Bot.Records;

namespace Chexs.Bot.Safeguarding;

public enum PolicyOutcome
{
    Allowed,
    /// <summary>Nothing blocks it, but a manager must approve it first (P10 group sessions).</summary>
    NeedsApproval,
    Blocked,
}

public enum FindingSeverity
{
    /// <summary>Worth saying, changes nothing (P9 adult presence, P15 review date).</summary>
    Note,
    NeedsApproval,
    Block,
}

/// <summary>
/// One thing the policy engine found, citing its rule. <see cref="Message"/> names pupils in full and
/// is for the staff member's 1:1 chat only; <see cref="RedactedMessage"/> names them by initials
/// (G6) and is what is stored, audited and sent to managers or channels.
/// </summary>
public sealed record PolicyFinding(string RuleId, FindingSeverity Severity, string? PupilId, string Message, string RedactedMessage)
{
    public override string ToString() => Message;
}

/// <summary>The engine's answer for one proposed or existing session.</summary>
public sealed class PolicyVerdict
{
    public PolicyVerdict(IReadOnlyList<PolicyFinding> findings, bool adultPresenceRequired, DateTimeOffset judgedAt)
    {
        Findings = findings;
        AdultPresenceRequired = adultPresenceRequired;
        JudgedAt = judgedAt;
        Outcome = findings.Any(f => f.Severity == FindingSeverity.Block) ? PolicyOutcome.Blocked
            : findings.Any(f => f.Severity == FindingSeverity.NeedsApproval) ? PolicyOutcome.NeedsApproval
            : PolicyOutcome.Allowed;
    }

    public PolicyOutcome Outcome { get; }
    public IReadOnlyList<PolicyFinding> Findings { get; }
    /// <summary>P9: some participant is under the age threshold on the session date.</summary>
    public bool AdultPresenceRequired { get; }
    public DateTimeOffset JudgedAt { get; }

    public IEnumerable<PolicyFinding> Blocks => Findings.Where(f => f.Severity == FindingSeverity.Block);
    public IEnumerable<PolicyFinding> Notes => Findings.Where(f => f.Severity == FindingSeverity.Note);
    public bool Cites(string ruleId) => Findings.Any(f => f.RuleId == ruleId);

    /// <summary>The findings as lines for the staff member who asked (full names: 1:1 chat only).</summary>
    public string Describe() => string.Join("\n", Findings.Select(f => f.Message));

    /// <summary>The stored form, kept on the session (pupils by initials).</summary>
    public PolicyVerdictRecord ToRecord() => new()
    {
        Outcome = Outcome.ToString(),
        JudgedAt = JudgedAt,
        Findings = Findings.Select(f => new PolicyFindingRecord
        {
            RuleId = f.RuleId,
            Severity = f.Severity.ToString(),
            PupilId = f.PupilId,
            Message = f.RedactedMessage,
        }).ToList(),
    };
}

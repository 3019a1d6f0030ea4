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
/// Who will read a finding, which decides how it names the pupil (G6): in full only to the staff member
/// in their own 1:1 chat; by initials everywhere else.
/// </summary>
public enum Audience
{
    /// <summary>The staff member's 1:1 (personal) chat with the bot.</summary>
    Personal,
    /// <summary>Channels, group chats, stored records, the audit log, notices to managers.</summary>
    Shared,
}

/// <summary>The two ways a finding can name its pupil.</summary>
public sealed record PupilNames(string FullName, string Initials);

/// <summary>
/// One thing the policy engine found, citing its rule: what is wrong (<see cref="Problem"/>) and what would
/// fix it (<see cref="Fix"/>), each a sentence for staff. A finding about a pupil writes
/// <see cref="PupilName"/> where the name goes, and the name is filled in only when the finding is shown,
/// for its <see cref="Audience"/>, so the same finding can be stored by initials and told in full.
/// </summary>
public sealed record PolicyFinding(string RuleId, FindingSeverity Severity, string? PupilId, string Problem, string Fix)
{
    /// <summary>Stands for the pupil's name in <see cref="Problem"/> and <see cref="Fix"/>.</summary>
    public const string PupilName = "{pupil}";

    /// <summary>The pupil's names, for findings about a pupil on record.</summary>
    public PupilNames? Names { get; init; }

    public string ProblemFor(Audience audience) => Fill(Problem, audience);
    public string FixFor(Audience audience) => Fill(Fix, audience);

    /// <summary>Problem and fix as one text, without the rule id.</summary>
    public string TextFor(Audience audience) => $"{ProblemFor(audience)} {FixFor(audience)}";

    /// <summary>"P4: no consent covers … Record a new consent …": the finding as one line citing its rule.</summary>
    public string LineFor(Audience audience) => $"{RuleId}: {TextFor(audience)}";

    /// <summary>The line with the pupil's full name: for the staff member's 1:1 chat only.</summary>
    public string Message => LineFor(Audience.Personal);

    /// <summary>The line with the pupil's initials: what is stored, audited and sent to managers or channels.</summary>
    public string RedactedMessage => LineFor(Audience.Shared);

    public override string ToString() => Message;

    private string Fill(string text, Audience audience) => Names is { } names
        ? text.Replace(PupilName, audience == Audience.Personal ? names.FullName : names.Initials, StringComparison.Ordinal)
        : text;
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

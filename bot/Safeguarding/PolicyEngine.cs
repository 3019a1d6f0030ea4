using Chexs.Bot.Records;
using Chexs.Bot.Safeguarding.Rules;

namespace Chexs.Bot.Safeguarding;

/// <summary>
/// The one place the safeguarding policy is decided (policy-rules.md; rules in <see cref="RuleCatalogue"/>).
/// Pure: it reads only the proposal, the records handed to it, the options and the clock, and writes nothing.
/// Each rule is one Check method that cites its catalogue entry and says, for staff, what is wrong and what
/// would fix it. Rules that can only be judged at or after the session (P5 recording exists, P8 lock…)
/// belong to the steps that run then; everything judgeable beforehand is judged here.
/// </summary>
public sealed class PolicyEngine
{
    /// <summary>Where a finding names its pupil (filled in per audience, see <see cref="PolicyFinding.PupilName"/>).</summary>
    private const string Name = PolicyFinding.PupilName;

    private readonly SafeguardingOptions _options;
    private readonly TimeProvider _clock;
    private readonly OrgCalendar _calendar;

    public PolicyEngine(SafeguardingOptions options, TimeProvider clock)
    {
        _options = options;
        _clock = clock;
        _calendar = new OrgCalendar(options);
    }

    public OrgCalendar Calendar => _calendar;

    /// <summary>G1's current limit (the records service uses it to bound its overlap query).</summary>
    public int MaxSessionMinutes => _options.MaxSessionMinutes;

    /// <summary>Every check, in the order staff read the findings: the session's shape, then each pupil, then timing.</summary>
    public PolicyVerdict Judge(SessionProposal proposal, PolicyContext records)
    {
        var c = Case.Of(proposal, records, _calendar, _clock.GetUtcNow());
        List<PolicyFinding> findings =
        [
            .. CheckP1Programme(c),
            .. CheckP2StaffHost(c),
            .. CheckP10OneToOneHasOnePupil(c),
            .. c.Pupils.SelectMany(p => CheckEachPupil(c, p)),
            .. CheckP9AdultPresence(c),
            .. CheckP10Approval(c),
            .. CheckG1Length(c),
            .. CheckG2Notice(c),
            .. CheckG4CoHost(c),
            .. CheckD1DoubleBooking(c),
            .. CheckP15Review(c),
        ];
        return new PolicyVerdict(findings, findings.Any(f => f.RuleId == RuleCatalogue.AdultPresence.Id), c.Now);
    }

    /// <summary>A pupil's findings stay together (P3, then consent: P4, P5, P10), so staff read them pupil by pupil.</summary>
    private static IEnumerable<PolicyFinding> CheckEachPupil(Case c, PupilCase p) =>
        [.. CheckP3GuardianContact(p), .. CheckP4Consent(c, p), .. CheckP5Recording(p), .. CheckP10GroupConsent(c, p)];

    /// <summary>P1: a CHEXS programme, and pupils who are on it.</summary>
    private static IEnumerable<PolicyFinding> CheckP1Programme(Case c)
    {
        var rule = RuleCatalogue.Programme;
        var programme = c.Proposal.Programme;
        var programmeKnown = Enum.IsDefined(programme);
        if (!programmeKnown)
            yield return Block(rule, "a session must belong to the Growth Programme or the Afterschool Leadership Programme.", "Choose one of them.");
        if (c.PupilIds.Count == 0)
            yield return Block(rule, "the session has no pupils.", "Add at least one pupil on the programme.");
        foreach (var id in c.PupilIds)
        {
            if (c.Pupils.FirstOrDefault(p => p.Pupil.Id == id)?.Pupil is not { } pupil)
            {
                yield return Block(rule, $"there is no pupil with reference {id} on record.", "Check the reference; if the pupil is new, ask a CHEXS manager to send me the updated pupils list (a CSV file in their chat with me).") with { PupilId = id };
            }
            else if (programmeKnown && !pupil.Programmes.Contains(programme))
            {
                var theirs = pupil.Programmes.Count == 0 ? "no programme" : "the " + string.Join(" and the ", pupil.Programmes.Select(p => p.Display()));
                yield return About(rule, FindingSeverity.Block, pupil,
                    $"{Name} is not on the {programme.Display()} (their record says {theirs}).",
                    "Book them under their own programme; if they have joined this one, ask a CHEXS manager to send me the updated pupils list with it on their record.");
            }
        }
    }

    /// <summary>P2: the host is CHEXS staff with a user on the CHEXS Zoom account.</summary>
    private static IEnumerable<PolicyFinding> CheckP2StaffHost(Case c)
    {
        if (c.Host is null)
            yield return Block(RuleCatalogue.StaffHost, "the host is not a CHEXS staff member on record, so cannot host a session.", "A manager must add them as staff first.");
        else if (string.IsNullOrWhiteSpace(c.Host.ZoomUserId))
            yield return Block(RuleCatalogue.StaffHost, $"{c.HostName} has no user on the CHEXS Zoom account, and meetings are only made there.", $"Ask a CHEXS manager to set it: `set zoom user for {c.HostName} to` their CHEXS Zoom e-mail.");
    }

    /// <summary>P3: join details go to a parent/guardian only, so there must be one to send them to.</summary>
    private static IEnumerable<PolicyFinding> CheckP3GuardianContact(PupilCase p)
    {
        if (!p.Guardians.Any(g => !string.IsNullOrWhiteSpace(g.Email)))
            yield return About(RuleCatalogue.GuardianContact, FindingSeverity.Block, p.Pupil,
                $"{Name} has no parent/guardian with an email address on record, and join details go only to a parent/guardian.",
                "Ask a CHEXS manager to send me the updated pupils list with their parent or guardian's e-mail address.");
    }

    /// <summary>P4: a consent that covers the session date.</summary>
    private static IEnumerable<PolicyFinding> CheckP4Consent(Case c, PupilCase p)
    {
        if (!p.Coverage.Covered)
            yield return About(RuleCatalogue.Consent, FindingSeverity.Block, p.Pupil,
                $"no consent covers {Name} on {OrgCalendar.FormatDate(c.SessionDate)} — {p.Coverage.WhyNone}.", p.Coverage.Fix!);
    }

    /// <summary>P5: every session is recorded, so the covering consent must cover recording (judged once P4 holds).</summary>
    private static IEnumerable<PolicyFinding> CheckP5Recording(PupilCase p)
    {
        if (p.Coverage.Covered && !p.Coverage.Scope.HasFlag(ConsentScope.Recording))
            yield return About(RuleCatalogue.Recording, FindingSeverity.Block, p.Pupil,
                $"every session is recorded, but {Name}'s consent ({Describe(p.Coverage.Covering)}) does not cover recording.",
                "Ask their parent/guardian for a consent that covers recording and record it with `record consent`.");
    }

    /// <summary>P9: under the threshold on the session's local date → an adult present or close by (a note, not a block).</summary>
    private IEnumerable<PolicyFinding> CheckP9AdultPresence(Case c)
    {
        var threshold = _options.AdultPresenceAgeThreshold;
        foreach (var pupil in c.Pupils.Select(p => p.Pupil).Where(p => PupilAge.IsUnder(threshold, p.DateOfBirth, c.SessionDate)))
        {
            yield return About(RuleCatalogue.AdultPresence, FindingSeverity.Note, pupil,
                $"{Name} is {PupilAge.YearsOn(pupil.DateOfBirth, c.SessionDate)} on {OrgCalendar.FormatDate(c.SessionDate)} (under {threshold}), so an adult must be present or close by.",
                "The guardian invitation and the host's checklist will say so.");
        }
    }

    /// <summary>P10 (shape): one-to-one means exactly one pupil.</summary>
    private static IEnumerable<PolicyFinding> CheckP10OneToOneHasOnePupil(Case c)
    {
        if (c.Proposal.Kind == SessionKind.OneToOne && c.PupilIds.Count > 1)
            yield return Block(RuleCatalogue.GroupSessions, $"a one-to-one session has exactly one pupil; this one has {c.PupilIds.Count}.",
                "Book a group session instead (it needs every guardian's consent to group sessions and a manager's approval).");
    }

    /// <summary>P10 (permission): each guardian's consent covers group sessions (judged once P4 holds).</summary>
    private static IEnumerable<PolicyFinding> CheckP10GroupConsent(Case c, PupilCase p)
    {
        if (c.Proposal.Kind == SessionKind.Group && p.Coverage.Covered && !p.Coverage.Scope.HasFlag(ConsentScope.Group))
            yield return About(RuleCatalogue.GroupSessions, FindingSeverity.Block, p.Pupil,
                $"{Name}'s consent ({Describe(p.Coverage.Covering)}) does not cover group sessions.",
                "Book them one-to-one, or record a consent that covers group sessions with `record consent`.");
    }

    /// <summary>P10 (approval): group sessions need a manager's approval; nobody approves their own booking.</summary>
    private IEnumerable<PolicyFinding> CheckP10Approval(Case c)
    {
        var rule = RuleCatalogue.GroupSessions;
        var proposal = c.Proposal;
        if (proposal.Kind != SessionKind.Group) yield break;
        var approval = proposal.Approval;
        if (approval is null)
        {
            yield return Finding(rule, FindingSeverity.NeedsApproval,
                "group sessions need a manager's approval before any meeting is made or invitation sent.",
                "A manager other than the host or the person booking will be asked.");
            yield break;
        }
        var approver = c.Records.Staff.FirstOrDefault(s => s.Id == approval.DecidedBy);
        var who = approval.DecidedByName is { Length: > 0 } dn ? dn : approver?.DisplayName ?? "the approver";
        if (approval.DecidedBy == proposal.HostId || approval.DecidedBy == proposal.RequestedBy)
        {
            var role = approval.DecidedBy == proposal.HostId ? "hosts" : "booked";
            yield return Block(rule, $"nobody approves their own booking, and {who} {role} this session.", "Another manager must decide.");
        }
        else if (!approval.Approved)
        {
            var reason = string.IsNullOrWhiteSpace(approval.Reason) ? "" : $" (\"{approval.Reason}\")";
            yield return Block(rule, $"{who} did not approve this group session on {OrgCalendar.FormatShortDate(_calendar.LocalDate(approval.DecidedAt))}{reason}.",
                "Change what they asked and book it again.");
        }
        else if (approver is null || approver.Role != StaffRole.Manager)
        {
            yield return Finding(rule, FindingSeverity.NeedsApproval,
                $"the approval by {who} does not count, as they are not a manager.", "A manager must approve the group session.");
        }
    }

    /// <summary>G1: session length.</summary>
    private IEnumerable<PolicyFinding> CheckG1Length(Case c)
    {
        var minutes = c.Proposal.DurationMinutes;
        if (minutes <= 0)
            yield return Block(RuleCatalogue.MaxLength, "a session must last at least one minute.", "Give it a length.");
        else if (minutes > _options.MaxSessionMinutes)
            yield return Block(RuleCatalogue.MaxLength, $"sessions last at most {_options.MaxSessionMinutes} minutes; this one is {minutes}.",
                "Shorten it, or split it into two sessions.");
    }

    /// <summary>G2: notice, measured on real elapsed time (instants), so a clock change is counted correctly.</summary>
    private IEnumerable<PolicyFinding> CheckG2Notice(Case c)
    {
        var proposal = c.Proposal;
        var requestedAt = proposal.RequestedAt ?? c.Now;
        var notice = proposal.Start - requestedAt;
        var group = proposal.Kind == SessionKind.Group;
        var minNotice = group ? _options.MinNoticeGroup : _options.MinNoticeOneToOne;
        var start = _calendar.FormatLocal(proposal.Start);
        if (notice < TimeSpan.Zero)
            yield return Block(RuleCatalogue.Notice, $"the session would start in the past ({start}).", "Choose a later time.");
        else if (notice < minNotice)
            yield return Block(RuleCatalogue.Notice,
                $"{(group ? "group" : "one-to-one")} sessions need at least {Span(minNotice)} notice; this one starts in {Span(notice)} ({start}).",
                $"Choose a start at or after {_calendar.FormatLocal(requestedAt + minNotice)}.");
    }

    /// <summary>G4: a second CHEXS adult for group sessions, when the organisation asks for it; any co-host is real staff.</summary>
    private IEnumerable<PolicyFinding> CheckG4CoHost(Case c)
    {
        var rule = RuleCatalogue.CoHost;
        var coHostId = string.IsNullOrWhiteSpace(c.Proposal.CoHostId) ? null : c.Proposal.CoHostId;
        if (coHostId is null)
        {
            if (c.Proposal.Kind == SessionKind.Group && _options.RequireCoHostForGroups)
                yield return Block(rule, "group sessions need a second CHEXS adult as co-host.", "Add a co-host from the staff.");
        }
        else if (coHostId == c.Proposal.HostId)
            yield return Block(rule, "the co-host must be a different CHEXS adult from the host.", "Choose another member of staff.");
        else if (c.Records.Staff.All(s => s.Id != coHostId))
            yield return Block(rule, "the co-host is not a CHEXS staff member on record.", "Choose a co-host from the staff.");
    }

    /// <summary>D1: nobody (host, co-host or pupil) in two live sessions at once; touching end-to-start is fine.</summary>
    private IEnumerable<PolicyFinding> CheckD1DoubleBooking(Case c)
    {
        var rule = RuleCatalogue.DoubleBooking;
        var proposal = c.Proposal;
        if (proposal.DurationMinutes <= 0) yield break;
        var staff = new[] { proposal.HostId, proposal.CoHostId }.Where(s => !string.IsNullOrWhiteSpace(s)).ToHashSet();
        var overlapping = c.Records.OtherSessions
            .Where(s => s.IsLive && s.Id != proposal.SessionId && s.Start < proposal.End && proposal.Start < s.End)
            .OrderBy(s => s.Start);
        foreach (var other in overlapping)
        {
            var slot = $"session {other.Id} ({_calendar.FormatLocal(other.Start)}–{_calendar.FormatLocalTime(other.End)})";
            foreach (var person in staff.Where(p => p == other.HostId || p == other.CoHostId))
            {
                var name = person == proposal.HostId ? c.HostName : c.Records.Staff.FirstOrDefault(s => s.Id == person)?.DisplayName ?? "The co-host";
                yield return Block(rule, $"{name} is already in {slot}, which overlaps this one.", "Choose another time, or another host.");
            }
            foreach (var pupil in c.Pupils.Select(p => p.Pupil).Where(p => other.PupilIds.Contains(p.Id)))
                yield return About(rule, FindingSeverity.Block, pupil, $"{Name} is already booked in {slot}, which overlaps this one.", "Choose another time.");
        }
    }

    /// <summary>P15: the policy's review date (a note: bookings still go ahead).</summary>
    private IEnumerable<PolicyFinding> CheckP15Review(Case c)
    {
        if (_calendar.LocalDate(c.Now) > _options.PolicyReviewDate)
            yield return Finding(RuleCatalogue.PolicyReview, FindingSeverity.Note,
                $"the policy the bot enforces ({_options.PolicyVersion}) was due for review on {OrgCalendar.FormatShortDate(_options.PolicyReviewDate)}.",
                "Bookings still go ahead; managers should review the policy and update the settings.");
    }

    /// <summary>What every check reads, worked out once per judgement.</summary>
    private sealed record Case(SessionProposal Proposal, PolicyContext Records, IReadOnlyList<string> PupilIds, IReadOnlyList<PupilCase> Pupils,
        StaffMember? Host, string HostName, DateOnly SessionDate, DateTimeOffset Now)
    {
        public static Case Of(SessionProposal proposal, PolicyContext records, OrgCalendar calendar, DateTimeOffset now)
        {
            var pupilIds = proposal.PupilIds.Where(id => !string.IsNullOrWhiteSpace(id)).Distinct().ToList();
            var pupils = pupilIds
                .Select(id => records.Pupils.FirstOrDefault(p => p.Id == id))
                .OfType<Pupil>()
                .Select(pupil => PupilCase.Of(pupil, proposal, records, calendar))
                .ToList();
            var host = records.Staff.FirstOrDefault(s => s.Id == proposal.HostId);
            var hostName = host?.DisplayName is { Length: > 0 } hn ? hn : "The host";
            return new Case(proposal, records, pupilIds, pupils, host, hostName, calendar.LocalDate(proposal.Start), now);
        }
    }

    /// <summary>One pupil on record with their guardians and what their consents cover (P3, P4, P5 and P10 read it).</summary>
    private sealed record PupilCase(Pupil Pupil, IReadOnlyList<Guardian> Guardians, ConsentCoverage Coverage)
    {
        public static PupilCase Of(Pupil pupil, SessionProposal proposal, PolicyContext records, OrgCalendar calendar)
        {
            var guardians = records.Guardians.Where(g => pupil.GuardianIds.Contains(g.Id) || g.PupilIds.Contains(pupil.Id)).ToList();
            var guardianIds = guardians.Select(g => g.Id).Concat(pupil.GuardianIds).ToHashSet();
            return new PupilCase(pupil, guardians, ConsentCoverage.For(pupil, records.Consents, guardianIds, proposal.SessionId, proposal.Start, calendar));
        }
    }

    private static string Describe(IEnumerable<Consent> consents) =>
        string.Join(", ", consents.Select(c => $"{ConsentCoverage.Label(c)}, given {OrgCalendar.FormatShortDate(c.GivenOn)}"));

    /// <summary>"24 hours", "23 hours 59 minutes", "45 minutes".</summary>
    private static string Span(TimeSpan span)
    {
        var hours = (int)span.TotalHours;
        var minutes = span.Minutes;
        var parts = new List<string>();
        if (hours > 0) parts.Add(hours == 1 ? "1 hour" : $"{hours} hours");
        if (minutes > 0 || hours == 0) parts.Add(minutes == 1 ? "1 minute" : $"{minutes} minutes");
        return string.Join(" ", parts);
    }

    private static PolicyFinding Finding(PolicyRule rule, FindingSeverity severity, string problem, string fix) => new(rule.Id, severity, null, problem, fix);

    private static PolicyFinding Block(PolicyRule rule, string problem, string fix) => Finding(rule, FindingSeverity.Block, problem, fix);

    /// <summary>A finding about one pupil: named in full for the staff member's 1:1 chat, by initials everywhere else (G6).</summary>
    private static PolicyFinding About(PolicyRule rule, FindingSeverity severity, Pupil pupil, string problem, string fix) =>
        new(rule.Id, severity, pupil.Id, problem, fix) { Names = new PupilNames(pupil.FullName, pupil.Initials) };
}

using Chexs.Bot.Records;

namespace Chexs.Bot.Safeguarding;

/// <summary>
/// The one place the safeguarding policy is decided (policy-rules.md). Pure: it reads only the
/// proposal, the records handed to it, the options and the clock, and writes nothing. Each finding
/// cites its rule id and says, in a sentence fit for a staff member, who is affected and what would
/// fix it. Rules that can only be judged at or after the session (P5 recording exists, P8 lock…)
/// belong to the steps that run then; everything judgeable beforehand is judged here.
/// </summary>
public sealed class PolicyEngine
{
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

    public PolicyVerdict Judge(SessionProposal proposal, PolicyContext records)
    {
        var now = _clock.GetUtcNow();
        var findings = new List<PolicyFinding>();
        var sessionDate = _calendar.LocalDate(proposal.Start);
        var pupilIds = proposal.PupilIds.Where(id => !string.IsNullOrWhiteSpace(id)).Distinct().ToList();
        var pupils = new List<Pupil>();

        // P1: a CHEXS programme, and pupils who are on it.
        var programme = proposal.Programme;
        var programmeKnown = Enum.IsDefined(programme);
        if (!programmeKnown)
            findings.Add(Block(RuleIds.Programme, "P1: a session must belong to the Growth Programme or the Afterschool Leadership Programme. Choose one of them."));
        if (pupilIds.Count == 0)
            findings.Add(Block(RuleIds.Programme, "P1: the session has no pupils. Add at least one pupil on the programme."));
        foreach (var id in pupilIds)
        {
            var pupil = records.Pupils.FirstOrDefault(p => p.Id == id);
            if (pupil is null)
            {
                findings.Add(new PolicyFinding(RuleIds.Programme, FindingSeverity.Block, id,
                    $"P1: there is no pupil with reference {id} on record. Check the reference, or import the pupil with `import pupils`.",
                    $"P1: there is no pupil with reference {id} on record. Check the reference, or import the pupil with `import pupils`."));
                continue;
            }
            pupils.Add(pupil);
            if (programmeKnown && !pupil.Programmes.Contains(programme))
            {
                var theirs = pupil.Programmes.Count == 0 ? "no programme" : "the " + string.Join(" and the ", pupil.Programmes.Select(p => p.Display()));
                findings.Add(About(RuleIds.Programme, FindingSeverity.Block, pupil,
                    n => $"P1: {n} is not on the {programme.Display()} (their record says {theirs}). Book them under their own programme, or update their record with `import pupils` if they have joined this one."));
            }
        }

        // P2: the host is CHEXS staff with a user on the CHEXS Zoom account.
        var host = records.Staff.FirstOrDefault(s => s.Id == proposal.HostId);
        var hostName = host?.DisplayName is { Length: > 0 } hn ? hn : "The host";
        if (host is null)
            findings.Add(Block(RuleIds.StaffHost, "P2: the host is not a CHEXS staff member on record, so cannot host a session. A manager must add them as staff first."));
        else if (string.IsNullOrWhiteSpace(host.ZoomUserId))
            findings.Add(Block(RuleIds.StaffHost, $"P2: {hostName} has no user on the CHEXS Zoom account, and meetings are only made there. Ask a manager to link their Zoom user."));

        // P10 (shape): one-to-one means exactly one pupil.
        if (proposal.Kind == SessionKind.OneToOne && pupilIds.Count > 1)
            findings.Add(Block(RuleIds.GroupSessions,
                $"P10: a one-to-one session has exactly one pupil; this one has {pupilIds.Count}. Book a group session instead (it needs every guardian's consent to group sessions and a manager's approval)."));

        foreach (var pupil in pupils)
        {
            var guardians = records.Guardians.Where(g => pupil.GuardianIds.Contains(g.Id) || g.PupilIds.Contains(pupil.Id)).ToList();

            // P3: join details go to a parent/guardian only, so there must be one to send them to.
            if (!guardians.Any(g => !string.IsNullOrWhiteSpace(g.Email)))
                findings.Add(About(RuleIds.GuardianContact, FindingSeverity.Block, pupil,
                    n => $"P3: {n} has no parent/guardian with an email address on record, and join details go only to a parent/guardian. Add their guardian with `import pupils`."));

            // P4, P5, P10: consent covering the date, recording, and group sessions.
            var coverage = ConsentCoverage.For(pupil, records.Consents, guardians.Select(g => g.Id).Concat(pupil.GuardianIds).ToHashSet(), proposal.SessionId, proposal.Start, _calendar);
            var when = OrgCalendar.FormatDate(sessionDate);
            if (!coverage.Covered)
            {
                findings.Add(About(RuleIds.Consent, FindingSeverity.Block, pupil,
                    n => $"P4: no consent covers {n} on {when} — {coverage.WhyNone}. {coverage.Fix}"));
            }
            else
            {
                if (!coverage.Scope.HasFlag(ConsentScope.Recording))
                    findings.Add(About(RuleIds.Recording, FindingSeverity.Block, pupil,
                        n => $"P5: every session is recorded, but {n}'s consent ({Describe(coverage.Covering)}) does not cover recording. Ask their parent/guardian for a consent that covers recording and record it with `record consent`."));
                if (proposal.Kind == SessionKind.Group && !coverage.Scope.HasFlag(ConsentScope.Group))
                    findings.Add(About(RuleIds.GroupSessions, FindingSeverity.Block, pupil,
                        n => $"P10: {n}'s consent ({Describe(coverage.Covering)}) does not cover group sessions. Book them one-to-one, or record a consent that covers group sessions with `record consent`."));
            }
        }

        // P9: under the threshold on the session's local date → an adult present or close by.
        var adultPresence = false;
        foreach (var pupil in pupils.Where(p => PupilAge.IsUnder(_options.AdultPresenceAgeThreshold, p.DateOfBirth, sessionDate)))
        {
            adultPresence = true;
            var age = PupilAge.YearsOn(pupil.DateOfBirth, sessionDate);
            findings.Add(About(RuleIds.AdultPresence, FindingSeverity.Note, pupil,
                n => $"P9: {n} is {age} on {OrgCalendar.FormatDate(sessionDate)} (under {_options.AdultPresenceAgeThreshold}), so an adult must be present or close by. The guardian invitation and the host's checklist will say so."));
        }

        // P10 (approval): group sessions need a manager's approval; nobody approves their own booking.
        if (proposal.Kind == SessionKind.Group)
            findings.AddRange(JudgeApproval(proposal, records));

        // G1: session length.
        if (proposal.DurationMinutes <= 0)
            findings.Add(Block(RuleIds.MaxLength, "G1: a session must last at least one minute. Give it a length."));
        else if (proposal.DurationMinutes > _options.MaxSessionMinutes)
            findings.Add(Block(RuleIds.MaxLength,
                $"G1: sessions last at most {_options.MaxSessionMinutes} minutes; this one is {proposal.DurationMinutes}. Shorten it, or split it into two sessions."));

        // G2: notice, measured on real elapsed time (instants), so a clock change is counted correctly.
        var requestedAt = proposal.RequestedAt ?? now;
        var notice = proposal.Start - requestedAt;
        var minNotice = proposal.Kind == SessionKind.Group ? _options.MinNoticeGroup : _options.MinNoticeOneToOne;
        if (notice < TimeSpan.Zero)
            findings.Add(Block(RuleIds.Notice, $"G2: the session would start in the past ({_calendar.FormatLocal(proposal.Start)}). Choose a later time."));
        else if (notice < minNotice)
            findings.Add(Block(RuleIds.Notice,
                $"G2: {(proposal.Kind == SessionKind.Group ? "group" : "one-to-one")} sessions need at least {Span(minNotice)} notice; this one starts in {Span(notice)} ({_calendar.FormatLocal(proposal.Start)}). Choose a start at or after {_calendar.FormatLocal(requestedAt + minNotice)}."));

        // G4: a second CHEXS adult for group sessions, when the organisation asks for it.
        findings.AddRange(JudgeCoHost(proposal, records));

        // Nobody in two live sessions at once (touching end-to-start is fine).
        findings.AddRange(JudgeOverlaps(proposal, records, pupils, hostName));

        // P15: the policy's review date.
        var today = _calendar.LocalDate(now);
        if (today > _options.PolicyReviewDate)
            findings.Add(Note(RuleIds.PolicyReview,
                $"P15: the policy the bot enforces ({_options.PolicyVersion}) was due for review on {OrgCalendar.FormatShortDate(_options.PolicyReviewDate)}. Bookings still go ahead; managers should review the policy and update the settings."));

        return new PolicyVerdict(findings, adultPresence, now);
    }

    private IEnumerable<PolicyFinding> JudgeApproval(SessionProposal proposal, PolicyContext records)
    {
        var approval = proposal.Approval;
        if (approval is null)
        {
            yield return new PolicyFinding(RuleIds.GroupSessions, FindingSeverity.NeedsApproval, null,
                "P10: group sessions need a manager's approval before any meeting is made or invitation sent. A manager other than the host or the person booking will be asked.",
                "P10: group sessions need a manager's approval before any meeting is made or invitation sent. A manager other than the host or the person booking will be asked.");
            yield break;
        }
        var approver = records.Staff.FirstOrDefault(s => s.Id == approval.DecidedBy);
        var who = approval.DecidedByName is { Length: > 0 } dn ? dn : approver?.DisplayName ?? "the approver";
        if (approval.DecidedBy == proposal.HostId || approval.DecidedBy == proposal.RequestedBy)
        {
            var role = approval.DecidedBy == proposal.HostId ? "hosts" : "booked";
            yield return Block(RuleIds.GroupSessions,
                $"P10: nobody approves their own booking, and {who} {role} this session. Another manager must decide.");
            yield break;
        }
        if (!approval.Approved)
        {
            var reason = string.IsNullOrWhiteSpace(approval.Reason) ? "" : $" (\"{approval.Reason}\")";
            yield return Block(RuleIds.GroupSessions,
                $"P10: {who} did not approve this group session on {OrgCalendar.FormatShortDate(_calendar.LocalDate(approval.DecidedAt))}{reason}. Change what they asked and book it again.");
            yield break;
        }
        if (approver is null || approver.Role != StaffRole.Manager)
            yield return new PolicyFinding(RuleIds.GroupSessions, FindingSeverity.NeedsApproval, null,
                $"P10: the approval by {who} does not count, as they are not a manager. A manager must approve the group session.",
                $"P10: the approval by {who} does not count, as they are not a manager. A manager must approve the group session.");
    }

    private IEnumerable<PolicyFinding> JudgeCoHost(SessionProposal proposal, PolicyContext records)
    {
        var coHostId = string.IsNullOrWhiteSpace(proposal.CoHostId) ? null : proposal.CoHostId;
        if (coHostId is null)
        {
            if (proposal.Kind == SessionKind.Group && _options.RequireCoHostForGroups)
                yield return Block(RuleIds.CoHost, "G4: group sessions need a second CHEXS adult as co-host. Add a co-host from the staff.");
            yield break;
        }
        if (coHostId == proposal.HostId)
            yield return Block(RuleIds.CoHost, "G4: the co-host must be a different CHEXS adult from the host. Choose another member of staff.");
        else if (records.Staff.All(s => s.Id != coHostId))
            yield return Block(RuleIds.CoHost, "G4: the co-host is not a CHEXS staff member on record. Choose a co-host from the staff.");
    }

    private IEnumerable<PolicyFinding> JudgeOverlaps(SessionProposal proposal, PolicyContext records, List<Pupil> pupils, string hostName)
    {
        if (proposal.DurationMinutes <= 0) yield break;
        var staff = new[] { proposal.HostId, proposal.CoHostId }.Where(s => !string.IsNullOrWhiteSpace(s)).ToHashSet();
        var overlapping = records.OtherSessions
            .Where(s => s.IsLive && s.Id != proposal.SessionId && s.Start < proposal.End && proposal.Start < s.End)
            .OrderBy(s => s.Start)
            .ToList();
        foreach (var other in overlapping)
        {
            var slot = $"session {other.Id} ({_calendar.FormatLocal(other.Start)}–{_calendar.FormatLocalTime(other.End)})";
            foreach (var person in staff.Where(p => p == other.HostId || p == other.CoHostId))
            {
                var name = person == proposal.HostId ? hostName : records.Staff.FirstOrDefault(s => s.Id == person)?.DisplayName ?? "The co-host";
                yield return Block(RuleIds.DoubleBooking,
                    $"D1: {name} is already in {slot}, which overlaps this one. Choose another time, or another host.");
            }
            foreach (var pupil in pupils.Where(p => other.PupilIds.Contains(p.Id)))
                yield return About(RuleIds.DoubleBooking, FindingSeverity.Block, pupil,
                    n => $"D1: {n} is already booked in {slot}, which overlaps this one. Choose another time.");
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

    private static PolicyFinding Block(string rule, string message) => new(rule, FindingSeverity.Block, null, message, message);
    private static PolicyFinding Note(string rule, string message) => new(rule, FindingSeverity.Note, null, message, message);

    /// <summary>A finding about one pupil: full name for the staff member's 1:1 chat, initials for everything stored or shared (G6).</summary>
    private static PolicyFinding About(string rule, FindingSeverity severity, Pupil pupil, Func<string, string> sentence) =>
        new(rule, severity, pupil.Id, sentence(pupil.FullName), sentence(pupil.Initials));
}

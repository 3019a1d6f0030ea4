using Chexs.Bot.Records;

namespace Chexs.Bot.Safeguarding;

/// <summary>
/// Loads from the records what the policy engine needs for a session and judges it, so a caller
/// (booking dialog, approval, re-check) makes one call. Also the read-side look-ups those callers need.
/// </summary>
public sealed class SafeguardingRecords
{
    private readonly IPupilRepository _pupils;
    private readonly IGuardianRepository _guardians;
    private readonly IConsentRepository _consents;
    private readonly IStaffRepository _staff;
    private readonly ISessionRepository _sessions;
    private readonly PolicyEngine _engine;

    public SafeguardingRecords(IPupilRepository pupils, IGuardianRepository guardians, IConsentRepository consents, IStaffRepository staff,
        ISessionRepository sessions, PolicyEngine engine)
    {
        _pupils = pupils;
        _guardians = guardians;
        _consents = consents;
        _staff = staff;
        _sessions = sessions;
        _engine = engine;
    }

    public PolicyEngine Engine => _engine;

    /// <summary>Judges a proposed booking (or an existing session via <see cref="SessionProposal.FromSession"/>) against the stored records.</summary>
    public async Task<PolicyVerdict> JudgeAsync(SessionProposal proposal, CancellationToken ct = default) =>
        _engine.Judge(proposal, await LoadContextAsync(proposal, ct));

    public Task<PolicyVerdict> JudgeAsync(Session session, CancellationToken ct = default) => JudgeAsync(SessionProposal.FromSession(session), ct);

    public async Task<PolicyContext> LoadContextAsync(SessionProposal proposal, CancellationToken ct = default)
    {
        var pupilIds = proposal.PupilIds.Where(id => !string.IsNullOrWhiteSpace(id)).Distinct().ToList();
        var pupils = new List<Pupil>();
        var consents = new List<Consent>();
        var guardianIds = new List<string>();
        foreach (var id in pupilIds)
        {
            if (await _pupils.FindAsync(id, ct) is { } pupil)
            {
                pupils.Add(pupil);
                guardianIds.AddRange(pupil.GuardianIds);
            }
            consents.AddRange(await _consents.OfPupilAsync(id, ct));
            guardianIds.AddRange((await _guardians.OfPupilAsync(id, ct)).Select(g => g.Id));
        }
        var guardians = await FindAllAsync(_guardians, guardianIds.Distinct(), ct);
        var staffIds = new[] { proposal.HostId, proposal.CoHostId, proposal.Approval?.DecidedBy }
            .Where(id => !string.IsNullOrWhiteSpace(id)).Select(id => id!).Distinct();
        var staff = await FindAllAsync(_staff, staffIds, ct);

        return new PolicyContext
        {
            Pupils = pupils,
            Consents = consents,
            Guardians = guardians,
            Staff = staff,
            OtherSessions = await SessionsThatMayOverlapAsync(proposal, pupilIds, ct),
        };
    }

    private static async Task<List<T>> FindAllAsync<T>(Storage.IRepository<T> repository, IEnumerable<string> ids, CancellationToken ct) where T : class
    {
        var found = new List<T>();
        foreach (var id in ids)
        {
            if (await repository.FindAsync(id, ct) is { } item) found.Add(item);
        }
        return found;
    }

    /// <summary>Live sessions of the host, co-host or any pupil that start before this one ends and recently enough to still be running.</summary>
    private async Task<List<Session>> SessionsThatMayOverlapAsync(SessionProposal proposal, IReadOnlyList<string> pupilIds, CancellationToken ct)
    {
        var end = proposal.End;
        // Nothing live can be longer than G1 allows. Four hours also covers sessions booked under a longer G1
        // before it was lowered; a wider window only costs reading more of the day's sessions (it was 24 h, and
        // the D1 check was a quarter of a booking turn's CPU in the benchmark's profile).
        var earliest = proposal.Start.AddMinutes(-Math.Max(_engine.MaxSessionMinutes, 4 * 60));
        var staffIds = new[] { proposal.HostId, proposal.CoHostId }.Where(id => !string.IsNullOrWhiteSpace(id)).ToHashSet();
        var pupils = pupilIds.ToHashSet();
        // Read only the sessions in the time window (the Start index), not every session the host or the
        // pupils ever had: the history grows without bound, the window does not (docs/benchmarks.md).
        var window = await _sessions.StartingBetweenAsync(earliest, end, ct);
        var found = new Dictionary<string, Session>();
        foreach (var s in window.Where(s => s.IsLive && s.Start < end && s.Start > earliest))
        {
            if (staffIds.Contains(s.HostId) || (s.CoHostId is not null && staffIds.Contains(s.CoHostId)) || s.PupilIds.Any(pupils.Contains))
            {
                found[s.Id] = s;
            }
        }
        if (proposal.SessionId is not null) found.Remove(proposal.SessionId);
        return found.Values.ToList();
    }

    public ValueTask<Pupil?> PupilAsync(string id, CancellationToken ct = default) => _pupils.FindAsync(id, ct);

    public ValueTask<StaffMember?> StaffMemberAsync(string id, CancellationToken ct = default) => _staff.FindAsync(id, ct);

    public ValueTask<IReadOnlyList<Consent>> ConsentsOfAsync(string pupilId, CancellationToken ct = default) => _consents.OfPupilAsync(pupilId, ct);

    public async Task<IReadOnlyList<Guardian>> GuardiansOfAsync(string pupilId, CancellationToken ct = default)
    {
        var pupil = await _pupils.FindAsync(pupilId, ct);
        var ids = (pupil?.GuardianIds ?? new List<string>())
            .Concat((await _guardians.OfPupilAsync(pupilId, ct)).Select(g => g.Id))
            .Distinct();
        return await FindAllAsync(_guardians, ids, ct);
    }

    /// <summary>
    /// Pupils a staff member may mean by <paramref name="text"/>: an exact reference, else every pupil
    /// whose name contains each typed word (so "sam p" finds Sam Patel, and "Patel"/"Patil" stay apart).
    /// More than one result means the caller must ask which.
    /// </summary>
    public async Task<IReadOnlyList<Pupil>> FindPupilsAsync(string text, CancellationToken ct = default)
    {
        var t = (text ?? "").Trim();
        if (t.Length == 0) return Array.Empty<Pupil>();
        if (await _pupils.FindAsync(t, ct) is { IsErased: false } exact) return new[] { exact };
        var words = t.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (await _pupils.AllAsync(ct))
            .Where(p => !p.IsErased && words.All(w => p.FullName.Contains(w, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(p => p.LastName).ThenBy(p => p.FirstName)
            .ToList();
    }
}

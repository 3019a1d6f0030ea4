using Chexs.Bot.Records;
using Chexs.Bot.Storage;
using LiteDB;

namespace Chexs.Bot.Safeguarding;

/// <summary>
/// Loads from the database what the policy engine needs for a session and judges it, so a caller
/// (booking dialog, approval, re-check) makes one call. Also the read-side look-ups those callers need.
/// </summary>
public sealed class SafeguardingRecords
{
    private readonly ChexsDatabase _db;
    private readonly PolicyEngine _engine;

    public SafeguardingRecords(ChexsDatabase db, PolicyEngine engine)
    {
        _db = db;
        _engine = engine;
    }

    public PolicyEngine Engine => _engine;

    /// <summary>Judges a proposed booking (or an existing session via <see cref="SessionProposal.FromSession"/>) against the stored records.</summary>
    public PolicyVerdict Judge(SessionProposal proposal) => _engine.Judge(proposal, LoadContext(proposal));

    public PolicyVerdict Judge(Session session) => Judge(SessionProposal.FromSession(session));

    public PolicyContext LoadContext(SessionProposal proposal)
    {
        var pupilIds = proposal.PupilIds.Where(id => !string.IsNullOrWhiteSpace(id)).Distinct().ToList();
        var pupils = pupilIds.Select(id => _db.Pupils.FindById(id)).Where(p => p is not null).ToList();
        var consents = pupilIds.SelectMany(ConsentsOf).ToList();
        var guardianIds = pupils.SelectMany(p => p.GuardianIds)
            .Concat(pupilIds.SelectMany(id => _db.Guardians.Find(HasPupil(id)).Select(g => g.Id)))
            .Distinct();
        var guardians = guardianIds.Select(id => _db.Guardians.FindById(id)).Where(g => g is not null).ToList();

        var staffIds = new[] { proposal.HostId, proposal.CoHostId, proposal.Approval?.DecidedBy }
            .Where(id => !string.IsNullOrWhiteSpace(id)).Distinct();
        var staff = staffIds.Select(id => _db.Staff.FindById(id)).Where(s => s is not null).ToList();

        return new PolicyContext
        {
            Pupils = pupils,
            Consents = consents,
            Guardians = guardians,
            Staff = staff,
            OtherSessions = SessionsThatMayOverlap(proposal, pupilIds),
        };
    }

    /// <summary>Live sessions of the host, co-host or any pupil that start before this one ends and recently enough to still be running.</summary>
    private List<Session> SessionsThatMayOverlap(SessionProposal proposal, IReadOnlyList<string> pupilIds)
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
        var window = _db.Sessions.Find(Query.Between(nameof(Session.Start), new BsonValue(earliest.UtcDateTime), new BsonValue(end.UtcDateTime)));
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

    /// <summary>Documents whose PupilIds array holds the id (served by the multikey "PupilIds" index).</summary>
    internal static BsonExpression HasPupil(string pupilId) => BsonExpression.Create("$.PupilIds[*] ANY = @0", new BsonValue(pupilId));

    public Pupil? Pupil(string id) => _db.Pupils.FindById(id);

    public StaffMember? StaffMember(string id) => _db.Staff.FindById(id);

    public IReadOnlyList<Consent> ConsentsOf(string pupilId) => _db.Consents.Find(c => c.PupilId == pupilId).ToList();

    public IReadOnlyList<Guardian> GuardiansOf(string pupilId)
    {
        var pupil = _db.Pupils.FindById(pupilId);
        var ids = (pupil?.GuardianIds ?? new List<string>())
            .Concat(_db.Guardians.Find(HasPupil(pupilId)).Select(g => g.Id))
            .Distinct();
        return ids.Select(id => _db.Guardians.FindById(id)).Where(g => g is not null).ToList();
    }

    /// <summary>
    /// Pupils a staff member may mean by <paramref name="text"/>: an exact reference, else every pupil
    /// whose name contains each typed word (so "sam p" finds Sam Patel, and "Patel"/"Patil" stay apart).
    /// More than one result means the caller must ask which.
    /// </summary>
    public IReadOnlyList<Pupil> FindPupils(string text)
    {
        var t = (text ?? "").Trim();
        if (t.Length == 0) return Array.Empty<Pupil>();
        if (_db.Pupils.FindById(t) is { } exact) return new[] { exact };
        var words = t.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return _db.Pupils.FindAll()
            .Where(p => words.All(w => p.FullName.Contains(w, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(p => p.LastName).ThenBy(p => p.FirstName)
            .ToList();
    }
}

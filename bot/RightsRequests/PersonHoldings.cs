using Chexs.Bot.Invitations;
using Chexs.Bot.Notices;
using Chexs.Bot.Records;
using Chexs.Bot.Storage;

namespace Chexs.Bot.RightsRequests;

/// <summary>
/// Everything the bot's store holds about one person, read through the storage port: the one list both the export
/// and the erasure work from, so what is shown and what is erased cannot drift apart.
/// </summary>
public sealed record PersonHoldings(
    PersonRef Person,
    Pupil? Pupil,
    Guardian? Guardian,
    IReadOnlyList<Pupil> LinkedPupils,
    IReadOnlyList<Guardian> LinkedGuardians,
    IReadOnlyList<Consent> Consents,
    IReadOnlyList<Session> Sessions,
    IReadOnlyList<GuardianEmailRow> Emails,
    IReadOnlyList<StaffNotice> Notices,
    IReadOnlyList<AuditEvent> AuditLines,
    IReadOnlyDictionary<string, string> StaffNames,
    IReadOnlyDictionary<string, string> PupilInitials)
{
    public string StaffName(string? id) => id is null ? "" : StaffNames.TryGetValue(id, out var n) && n.Length > 0 ? n : id;

    public string Initials(string pupilId) => PupilInitials.TryGetValue(pupilId, out var i) ? i : "?";
}

/// <summary>Reads a person's <see cref="PersonHoldings"/>. Call it inside a transaction when the answer is acted on.</summary>
public sealed class PersonHoldingsReader(
    IPupilRepository pupils, IGuardianRepository guardians, IConsentRepository consents, ISessionRepository sessions,
    IGuardianEmailOutbox emails, IStaffNoticeOutbox notices, IStaffRepository staff, IAuditTrail audit)
{
    public async Task<PersonHoldings?> ReadAsync(PersonRef person, CancellationToken ct = default)
    {
        Pupil? pupil = null;
        Guardian? guardian = null;
        List<Pupil> linkedPupils = new();
        List<Guardian> linkedGuardians = new();
        List<Consent> theirConsents;
        var allPupils = await pupils.AllAsync(ct);
        if (person.Kind == PersonKind.Pupil)
        {
            pupil = await pupils.FindAsync(person.Id, ct);
            if (pupil is null) return null;
            linkedGuardians = (await guardians.OfPupilAsync(pupil.Id, ct)).OrderBy(g => g.Id, StringComparer.Ordinal).ToList();
            theirConsents = (await consents.OfPupilAsync(pupil.Id, ct)).ToList();
        }
        else
        {
            guardian = await guardians.FindAsync(person.Id, ct);
            if (guardian is null) return null;
            linkedPupils = allPupils.Where(p => guardian.PupilIds.Contains(p.Id) || p.GuardianIds.Contains(guardian.Id)).OrderBy(p => p.Id, StringComparer.Ordinal).ToList();
            theirConsents = (await consents.AllAsync(ct)).Where(c => c.GuardianId == guardian.Id).ToList();
        }
        theirConsents = theirConsents.OrderBy(c => c.GivenOn).ThenBy(c => c.Id, StringComparer.Ordinal).ToList();

        // A pupil's sessions are the ones they were in; a guardian's, the ones an e-mail went to them about (their
        // children's, including children no longer linked to them).
        var sessionPupils = pupil is not null ? new[] { pupil.Id } : linkedPupils.Select(p => p.Id).Concat(theirConsents.Select(c => c.PupilId)).Distinct().ToArray();
        var candidateSessions = new Dictionary<string, Session>(StringComparer.Ordinal);
        foreach (var id in sessionPupils)
            foreach (var s in await sessions.WithPupilAsync(id, ct)) candidateSessions[s.Id] = s;
        var theirEmails = new List<GuardianEmailRow>();
        foreach (var s in candidateSessions.Values)
            theirEmails.AddRange((await emails.ForSessionAsync(s.Id, ct))
                .Where(r => pupil is not null ? r.PupilId == pupil.Id : r.GuardianId == guardian!.Id));
        var theirSessions = pupil is not null
            ? candidateSessions.Values.ToList()
            : candidateSessions.Values.Where(s => theirEmails.Any(e => e.SessionId == s.Id)).ToList();

        // Audit lines and notices naming the person, or one of their consents.
        var ids = new HashSet<string>(StringComparer.Ordinal) { person.Id };
        ids.UnionWith(theirConsents.Select(c => c.Id));
        var lines = (await audit.AllAsync(ct)).Where(e => e.Records.Any(ids.Contains)).ToList();
        var theirNotices = (await notices.AllAsync(ct)).Where(n => n.Records.Any(ids.Contains)).OrderBy(n => n.CreatedAt).ToList();

        // The caller may know the person only by reference (a card's signed data): name them from the record.
        person = person with { Name = pupil?.FullName ?? (string.IsNullOrWhiteSpace(guardian!.Name) ? guardian.Id : guardian.Name) };
        return new PersonHoldings(person, pupil, guardian, linkedPupils, linkedGuardians, theirConsents,
            theirSessions.OrderBy(s => s.Start).ThenBy(s => s.Id, StringComparer.Ordinal).ToList(),
            theirEmails.OrderBy(e => e.CreatedAt).ThenBy(e => e.Id).ToList(),
            theirNotices, lines,
            (await staff.AllAsync(ct)).ToDictionary(s => s.Id, s => s.DisplayName, StringComparer.Ordinal),
            allPupils.ToDictionary(p => p.Id, p => p.Initials, StringComparer.Ordinal));
    }
}

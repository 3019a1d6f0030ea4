using Chexs.Bot.Records;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Storage;
using Microsoft.Extensions.Options;

namespace Chexs.Bot.Concerns;

/// <summary>What a staff member said about a concern, before it is recorded.</summary>
public sealed record ConcernReport(
    string? SessionId,
    IReadOnlyList<string> PupilIds,
    IReadOnlyList<string> OtherPeople,
    string Account,
    string HappenedWhen,
    ConcernCategory Category,
    bool ImmediateRisk);

public enum EntryOutcome { Added, AlreadyAcknowledged, NotFound, NotAllowed, Empty }

/// <summary>
/// The concern use cases: raise (record + the leads' deliveries + audit, in one transaction), add a dated entry,
/// and read. Audit lines name the concern, session and pupils by reference only: never what was written.
/// </summary>
public sealed class SafeguardingConcerns
{
    private readonly IConcernRecords _records;
    private readonly IConcernDeliveryOutbox _deliveries;
    private readonly IStoreTransactions _transactions;
    private readonly IAuditTrail _audit;
    private readonly IPupilRepository _pupils;
    private readonly ISessionRepository _sessions;
    private readonly IStaffRepository _staff;
    private readonly ConcernsOptions _options;
    private readonly SafeguardingOptions _policy;
    private readonly TimeProvider _clock;

    public SafeguardingConcerns(IConcernRecords records, IConcernDeliveryOutbox deliveries, IStoreTransactions transactions, IAuditTrail audit,
        IPupilRepository pupils, ISessionRepository sessions, IStaffRepository staff, IOptions<ConcernsOptions> options, SafeguardingOptions policy, TimeProvider clock)
    {
        _records = records;
        _deliveries = deliveries;
        _transactions = transactions;
        _audit = audit;
        _pupils = pupils;
        _sessions = sessions;
        _staff = staff;
        _options = options.Value;
        _policy = policy;
        _clock = clock;
    }

    public ConcernsOptions Options => _options;

    /// <summary>Wakes the delivery worker once a concern's transaction has committed.</summary>
    public Outbox.OutboxWakeup Wakeup { get; } = new();

    /// <summary>The Designated Safeguarding Leads (Safeguarding:LeadIds), or the managers the bot knows when none is configured.</summary>
    public async Task<IReadOnlyList<string>> LeadsAsync(CancellationToken ct = default) =>
        _options.LeadIds.Count > 0
            ? _options.LeadIds.Where(id => !string.IsNullOrWhiteSpace(id)).Distinct(StringComparer.OrdinalIgnoreCase).ToList()
            : (await _staff.AllAsync(ct)).Where(s => s.Role == StaffRole.Manager).Select(s => s.Id).Order(StringComparer.Ordinal).ToList();

    /// <summary>Whether this person receives and looks after concerns.</summary>
    public bool IsLead(string userId, StaffRole role) =>
        _options.LeadIds.Count > 0 ? _options.LeadIds.Contains(userId, StringComparer.OrdinalIgnoreCase) : role == StaffRole.Manager;

    public async Task<IReadOnlyList<string>> LeadNamesAsync(IEnumerable<string> ids, CancellationToken ct = default)
    {
        var names = new List<string>();
        foreach (var id in ids) names.Add((await _staff.FindAsync(id, ct))?.DisplayName is { Length: > 0 } n ? n : "the Designated Safeguarding Lead");
        return names.Distinct().ToList();
    }

    public async Task<Concern> RaiseAsync(ConcernReport report, string byId, string byName, CancellationToken ct = default)
    {
        var now = _clock.GetUtcNow();
        var session = report.SessionId is { } sid ? await _sessions.FindAsync(sid, ct) : null;
        var pupils = new List<ConcernPupil>();
        foreach (var id in report.PupilIds.Distinct())
        {
            if (await _pupils.FindAsync(id, ct) is { } p)
                pupils.Add(new ConcernPupil { PupilId = p.Id, Name = p.FullName, DateOfBirth = p.DateOfBirth, School = p.School });
        }
        pupils.AddRange(report.OtherPeople.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => new ConcernPupil { Name = n.Trim() }));
        var leads = await LeadsAsync(ct);
        var concern = new Concern
        {
            RaisedAt = now,
            RaisedById = byId,
            RaisedByName = byName,
            SessionId = session?.Id ?? report.SessionId,
            SessionStart = session?.Start,
            Programme = session?.Programme.Display(),
            Pupils = pupils,
            Category = report.Category,
            Account = report.Account,
            HappenedWhen = report.HappenedWhen,
            ImmediateRisk = report.ImmediateRisk,
            SentTo = leads.ToList(),
            KeepUntil = KeepUntil(pupils, now),
        };
        await _transactions.RunAsync(async () =>
        {
            await _records.AddAsync(concern, ct);
            foreach (var lead in leads)
            {
                await _deliveries.InsertAsync(new ConcernDelivery
                {
                    Id = ConcernDelivery.IdOf(concern.Id, lead), ConcernId = concern.Id, Recipient = lead, CreatedAt = now,
                }, ct);
            }
            await _audit.AppendAsync(now, byId, "concern.raised", Records(concern),
                $"{concern.Reference}: {ConcernCategories.Short(concern.Category)}; immediate risk: {(concern.ImmediateRisk ? "yes" : "no")}; " +
                $"sent to {leads.Count} lead(s); kept until {concern.KeepUntil:yyyy-MM-dd}", ct);
        }, ct);
        Wakeup.Wake();
        return concern;
    }

    /// <summary>Until the youngest pupil's birthday at ConcernKeepUntilAge; with no birth date known, that many years from the day it was raised.</summary>
    public DateOnly KeepUntil(IEnumerable<ConcernPupil> pupils, DateTimeOffset raisedAt)
    {
        var births = pupils.Where(p => p.DateOfBirth is not null).Select(p => p.DateOfBirth!.Value).ToList();
        var raised = LocalTimes.LocalDate(raisedAt, _policy.Zone);
        var fallback = raised.AddYears(_options.ConcernKeepUntilAge);
        if (births.Count == 0) return fallback;
        var youngest = births.Max();
        var until = PupilAge.BirthdayIn(youngest, youngest.Year + _options.ConcernKeepUntilAge);
        return until < raised ? raised : until;
    }

    /// <summary>
    /// Appends a dated entry by a named person. The leads may acknowledge, add notes and close; the person who raised
    /// it may add notes (later information). A second acknowledgement changes nothing.
    /// </summary>
    public async Task<(EntryOutcome Outcome, ConcernFile? File)> AddEntryAsync(long concernId, ConcernEntryKind kind, string text, string byId, string byName, StaffRole role,
        CancellationToken ct = default)
    {
        var concern = await _records.FindAsync(concernId, ct);
        if (concern is null) return (EntryOutcome.NotFound, null);
        var lead = IsLead(byId, role);
        if (!lead && !(kind == ConcernEntryKind.Note && concern.RaisedById == byId)) return (EntryOutcome.NotAllowed, null);
        text = (text ?? "").Trim();
        if (kind != ConcernEntryKind.Acknowledged && text.Length == 0) return (EntryOutcome.Empty, await FileAsync(concernId, ct));
        var now = _clock.GetUtcNow();
        var outcome = await _transactions.RunAsync(async () =>
        {
            var entries = await _records.EntriesOfAsync(concernId, ct);
            if (kind == ConcernEntryKind.Acknowledged && entries.Any(e => e.Kind == ConcernEntryKind.Acknowledged))
            {
                return EntryOutcome.AlreadyAcknowledged;
            }
            await _records.AppendAsync(new ConcernEntry { ConcernId = concernId, At = now, ById = byId, ByName = byName, Kind = kind, Text = text }, ct);
            var action = kind switch
            {
                ConcernEntryKind.Acknowledged => "concern.acknowledged",
                ConcernEntryKind.Closed => "concern.closed",
                _ => "concern.noted",
            };
            await _audit.AppendAsync(now, byId, action, [concern.Reference], $"{concern.Reference}: entry added by {byName}", ct);
            return EntryOutcome.Added;
        }, ct);
        return (outcome, await FileAsync(concernId, ct));
    }

    public async Task<ConcernFile?> FileAsync(long concernId, CancellationToken ct = default) =>
        await _records.FindAsync(concernId, ct) is { } c ? new ConcernFile(c, await _records.EntriesOfAsync(concernId, ct)) : null;

    /// <summary>Every concern with its entries, oldest first.</summary>
    public async Task<IReadOnlyList<ConcernFile>> AllFilesAsync(CancellationToken ct = default)
    {
        var entries = (await _records.AllEntriesAsync(ct)).ToLookup(e => e.ConcernId);
        return (await _records.AllAsync(ct)).Select(c => new ConcernFile(c, entries[c.Id].OrderBy(e => e.Id).ToList())).ToList();
    }

    public async Task<IReadOnlyList<ConcernFile>> OpenFilesAsync(CancellationToken ct = default) =>
        (await AllFilesAsync(ct)).Where(f => !f.IsClosed).ToList();

    private static List<string> Records(Concern c)
    {
        var records = new List<string> { c.Reference };
        if (c.SessionId is { } s) records.Add(s);
        records.AddRange(c.Pupils.Where(p => p.PupilId.Length > 0).Select(p => p.PupilId));
        return records;
    }
}

using Chexs.Bot.Concerns;
using LiteDB;

namespace Chexs.Bot.Storage.LiteDb;

/// <summary>
/// The concerns and their entries: only ever inserted. LiteDB's Insert never replaces a document (a number already
/// there is a duplicate-key error), and this class issues no other write to these collections.
/// </summary>
internal sealed class LiteDbConcerns(LiteDbFile file) : IConcernRecords
{
    private ILiteCollection<Concern> Concerns => file.Collection<Concern>(LiteDbNames.Concerns);
    private ILiteCollection<ConcernEntry> Entries => file.Collection<ConcernEntry>(LiteDbNames.ConcernEntries);

    public async ValueTask AddAsync(Concern concern, CancellationToken ct = default)
    {
        if (concern.Id != 0) throw new InvalidOperationException("A new concern gets its number from the store.");
        await file.WriteAsync(() => Concerns.Insert(concern));
    }

    public async ValueTask AppendAsync(ConcernEntry entry, CancellationToken ct = default)
    {
        if (entry.Id != 0) throw new InvalidOperationException("A new entry gets its id from the store.");
        await file.WriteAsync(() => Entries.Insert(entry));
    }

    public ValueTask<Concern?> FindAsync(long id, CancellationToken ct = default) => new(file.Read(() => Concerns.FindById(id)));

    public ValueTask<IReadOnlyList<Concern>> AllAsync(CancellationToken ct = default) =>
        new(file.Read<IReadOnlyList<Concern>>(() => Concerns.FindAll().OrderBy(c => c.Id).ToList()));

    public ValueTask<IReadOnlyList<ConcernEntry>> EntriesOfAsync(long concernId, CancellationToken ct = default) =>
        new(file.Read<IReadOnlyList<ConcernEntry>>(() => Entries.Find(e => e.ConcernId == concernId).OrderBy(e => e.Id).ToList()));

    public ValueTask<IReadOnlyList<ConcernEntry>> AllEntriesAsync(CancellationToken ct = default) =>
        new(file.Read<IReadOnlyList<ConcernEntry>>(() => Entries.FindAll().OrderBy(e => e.Id).ToList()));

    public ValueTask<IReadOnlyList<Concern>> ForSessionAsync(string sessionId, CancellationToken ct = default) =>
        new(file.Read<IReadOnlyList<Concern>>(() => Concerns.Find(c => c.SessionId == sessionId).OrderBy(c => c.Id).ToList()));

    public ValueTask<int> CountOpenAsync(CancellationToken ct = default) =>
        new(file.Read(() =>
        {
            var closed = Entries.Find(e => e.Kind == ConcernEntryKind.Closed).Select(e => e.ConcernId).ToHashSet();
            return Concerns.Query().Select(c => c.Id).ToEnumerable().Count(id => !closed.Contains(id));
        }));

    public async ValueTask CopyInAsync(IReadOnlyList<Concern> concerns, IReadOnlyList<ConcernEntry> entries, CancellationToken ct = default) =>
        await file.WriteAsync(() =>
        {
            foreach (var c in concerns) Concerns.Insert(c);
            foreach (var e in entries) Entries.Insert(e);
            return 0;
        });
}

internal sealed class LiteDbConcernDeliveries(LiteDbFile file) : LiteDbRepository<ConcernDelivery>(file, LiteDbNames.ConcernDeliveries), IConcernDeliveryOutbox
{
    public async ValueTask<IReadOnlyList<ConcernDelivery>> UnsentAsync(int maxAttempts, CancellationToken ct = default) =>
        (await WhereAsync(d => d.SentAt == null)).Where(d => d.Attempts < maxAttempts).OrderBy(d => d.CreatedAt).ThenBy(d => d.Id, StringComparer.Ordinal).ToList();
}

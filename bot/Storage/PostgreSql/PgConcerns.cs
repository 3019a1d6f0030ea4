using Chexs.Bot.Concerns;

namespace Chexs.Bot.Storage.PostgreSql;

/// <summary>
/// The concerns and their entries (tables <c>concerns</c>, <c>concern_entries</c>): only ever inserted. The schema's
/// triggers (migration 2) reject UPDATE, DELETE and TRUNCATE on both tables, so not even a hand-written statement
/// through this connection can change or remove an entry.
/// </summary>
internal sealed class PgConcerns(PgDatabase db) : IConcernRecords
{
    private readonly ConcernTable _concerns = new(db);
    private readonly EntryTable _entries = new(db);

    public async ValueTask AddAsync(Concern concern, CancellationToken ct = default)
    {
        if (concern.Id != 0) throw new InvalidOperationException("A new concern gets its number from the store.");
        await _concerns.InsertAsync(concern, ct);
    }

    public async ValueTask AppendAsync(ConcernEntry entry, CancellationToken ct = default)
    {
        if (entry.Id != 0) throw new InvalidOperationException("A new entry gets its id from the store.");
        await _entries.InsertAsync(entry, ct);
    }

    public ValueTask<Concern?> FindAsync(long id, CancellationToken ct = default) => _concerns.FindAsync(id, ct);

    public ValueTask<IReadOnlyList<Concern>> AllAsync(CancellationToken ct = default) => _concerns.AllAsync(ct);

    public ValueTask<IReadOnlyList<ConcernEntry>> EntriesOfAsync(long concernId, CancellationToken ct = default) => _entries.OfAsync(concernId, ct);

    public ValueTask<IReadOnlyList<ConcernEntry>> AllEntriesAsync(CancellationToken ct = default) => _entries.AllAsync(ct);

    public ValueTask<IReadOnlyList<Concern>> ForSessionAsync(string sessionId, CancellationToken ct = default) => _concerns.ForSessionAsync(sessionId, ct);

    public async ValueTask<int> CountOpenAsync(CancellationToken ct = default) =>
        await db.ReadAsync(async commands =>
        {
            await using var command = commands.Command(
                "SELECT count(*) FROM concerns c WHERE NOT EXISTS (SELECT 1 FROM concern_entries e WHERE e.concern_id = c.id AND e.kind = 'Closed')");
            return Convert.ToInt32(await command.ExecuteScalarAsync(ct));
        }, ct);

    public async ValueTask CopyInAsync(IReadOnlyList<Concern> concerns, IReadOnlyList<ConcernEntry> entries, CancellationToken ct = default)
    {
        // InsertMany keeps the given numbers and moves each sequence past them; a number already present is a key violation.
        await _concerns.InsertManyAsync(concerns, ct);
        await _entries.InsertManyAsync(entries, ct);
    }

    private sealed class ConcernTable(PgDatabase db) : PgRepository<Concern, long>(db, new("concerns",
        new PgColumn<Concern>("session_id", "text", c => c.SessionId),
        new PgColumn<Concern>("raised_at", "timestamptz", c => c.RaisedAt)))
    {
        public ValueTask<IReadOnlyList<Concern>> ForSessionAsync(string sessionId, CancellationToken ct) =>
            WhereAsync("session_id = @session", p => p.AddWithValue("session", sessionId), ct: ct);
    }

    private sealed class EntryTable(PgDatabase db) : PgRepository<ConcernEntry, long>(db, new("concern_entries",
        new PgColumn<ConcernEntry>("concern_id", "bigint", e => e.ConcernId),
        new PgColumn<ConcernEntry>("kind", "text", e => e.Kind)))
    {
        public ValueTask<IReadOnlyList<ConcernEntry>> OfAsync(long concernId, CancellationToken ct) =>
            WhereAsync("concern_id = @concern", p => p.AddWithValue("concern", concernId), ct: ct);
    }
}

internal sealed class PgConcernDeliveries(PgDatabase db) : PgRepository<ConcernDelivery>(db, new("concern_deliveries",
    new PgColumn<ConcernDelivery>("created_at", "timestamptz", d => d.CreatedAt),
    new PgColumn<ConcernDelivery>("sent_at", "timestamptz", d => d.SentAt),
    new PgColumn<ConcernDelivery>("attempts", "int", d => d.Attempts))), IConcernDeliveryOutbox
{
    public ValueTask<IReadOnlyList<ConcernDelivery>> UnsentAsync(int maxAttempts, CancellationToken ct = default) =>
        WhereAsync("sent_at IS NULL AND attempts < @max", p => p.AddWithValue("max", maxAttempts), "created_at, id", ct: ct);
}

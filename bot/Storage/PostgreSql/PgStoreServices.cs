using Chexs.Bot.Records;

namespace Chexs.Bot.Storage.PostgreSql;

/// <summary>The audit trail: rows are only ever inserted (ids from the table's bigserial, so oldest first is id order).</summary>
internal sealed class PgAuditTrail(PgDatabase db) : IAuditTrail
{
    private readonly PgRepository<AuditEvent, long> _audit = new(db, new("audit", new PgColumn<AuditEvent>("at", "timestamptz", e => e.At)));

    public async ValueTask<AuditEvent> AppendAsync(DateTimeOffset at, string actor, string action, IEnumerable<string> records, string? detail = null, CancellationToken ct = default)
    {
        var e = new AuditEvent { At = at, Actor = actor, Action = action, Records = records.ToList(), Detail = detail };
        await _audit.InsertAsync(e, ct);
        return e;
    }

    public ValueTask<IReadOnlyList<AuditEvent>> AllAsync(CancellationToken ct = default) => _audit.AllAsync(ct);
}

internal sealed class PgSettings(PgDatabase db) : ISettingsStore
{
    // Under the writer lock, so two instances starting together agree on one value (the first stored).
    public ValueTask<string> GetOrAddAsync(string key, Func<string> create, CancellationToken ct = default) =>
        new(db.WriteAsync(async commands =>
        {
            await using (var find = commands.Command("SELECT value FROM settings WHERE id = @id"))
            {
                find.Parameters.AddWithValue("id", key);
                if (await find.ExecuteScalarAsync(ct) is string stored) return stored;
            }
            var value = create();
            await using var insert = commands.Command("INSERT INTO settings (id, value) VALUES (@id, @value)");
            insert.Parameters.AddWithValue("id", key);
            insert.Parameters.AddWithValue("value", value);
            await insert.ExecuteNonQueryAsync(ct);
            return value;
        }, ct));
}

internal sealed class PgTransactions(PgDatabase db) : IStoreTransactions
{
    public Task<T> RunAsync<T>(Func<Task<T>> work, CancellationToken ct = default) => db.InTransactionAsync(work, ct);
}

internal sealed class PgHealth(PgDatabase db) : IStoreHealth
{
    public async ValueTask<StoreHealth> CheckAsync(CancellationToken ct = default)
    {
        try
        {
            // Connects (and migrates on first use), then one round trip.
            await db.ReadAsync(async commands =>
            {
                await using var command = commands.Command("SELECT 1");
                return await command.ExecuteScalarAsync(ct);
            }, ct);
            return StoreHealth.Ok;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return new StoreHealth(false, e);
        }
    }

    public async ValueTask ProbeWriteAsync(CancellationToken ct = default)
    {
        var id = "probe-" + Guid.NewGuid().ToString("N");
        await db.WriteAsync(async commands =>
        {
            await using var insert = commands.Command("INSERT INTO health (id, at) VALUES (@id, now())");
            insert.Parameters.AddWithValue("id", id);
            await insert.ExecuteNonQueryAsync(ct);
            await using var read = commands.Command("SELECT count(*) FROM health WHERE id = @id");
            read.Parameters.AddWithValue("id", id);
            if (Convert.ToInt64(await read.ExecuteScalarAsync(ct)) != 1)
            {
                throw new InvalidOperationException("the marker written to the database could not be read back");
            }
            await using var delete = commands.Command("DELETE FROM health WHERE id = @id");
            delete.Parameters.AddWithValue("id", id);
            return await delete.ExecuteNonQueryAsync(ct);
        }, ct);
    }

    public string Describe() => db.Describe;
}

using Npgsql;

namespace Chexs.Bot.Storage.PostgreSql;

/// <summary>
/// <see cref="IRepository{T,TKey}"/> over one table (<c>id</c>, <c>doc jsonb</c>, indexed columns). A numeric
/// id left at 0 is assigned by the table's <c>bigserial</c>. Writes join the ambient transaction or take the
/// writer lock in one of their own (<see cref="PgDatabase"/>).
/// </summary>
internal class PgRepository<T, TKey> : IRepository<T, TKey> where T : class
{
    private static readonly bool DatabaseAssignsIds = typeof(TKey) == typeof(long);

    public PgRepository(PgDatabase database, PgTable<T> table)
    {
        Database = database;
        Table = table;
    }

    protected PgDatabase Database { get; }
    protected PgTable<T> Table { get; }

    public async ValueTask<T?> FindAsync(TKey id, CancellationToken ct = default) =>
        (await WhereAsync("id = @id", p => p.AddWithValue("id", id!), ct: ct)).FirstOrDefault();

    public async ValueTask InsertAsync(T item, CancellationToken ct = default) =>
        await Database.WriteAsync(async db => { await InsertAsync(db, item, upsert: false, ct); return 0; }, ct);

    public async ValueTask<bool> UpdateAsync(T item, CancellationToken ct = default) =>
        await Database.WriteAsync(async db =>
        {
            await using var command = db.Command($"UPDATE {Table.Name} SET {Table.Assignments} WHERE id = @id");
            Table.Bind(command.Parameters, item, withId: true);
            return await command.ExecuteNonQueryAsync(ct) > 0;
        }, ct);

    public async ValueTask UpsertAsync(T item, CancellationToken ct = default) =>
        await Database.WriteAsync(async db => { await InsertAsync(db, item, upsert: true, ct); return 0; }, ct);

    public async ValueTask InsertManyAsync(IEnumerable<T> items, CancellationToken ct = default) =>
        await Database.WriteAsync(async db => { await WriteManyAsync(db, items, upsert: false, ct); return 0; }, ct);

    public async ValueTask UpsertManyAsync(IEnumerable<T> items, CancellationToken ct = default) =>
        await Database.WriteAsync(async db => { await WriteManyAsync(db, items, upsert: true, ct); return 0; }, ct);

    public ValueTask<bool> DeleteAsync(TKey id, CancellationToken ct = default) =>
        ExecuteAsync($"DELETE FROM {Table.Name} WHERE id = @id", p => p.AddWithValue("id", id!), ct).Then(n => n > 0);

    public ValueTask<IReadOnlyList<T>> AllAsync(CancellationToken ct = default) => WhereAsync("true", _ => { }, ct: ct);

    public async ValueTask<int> CountAsync(CancellationToken ct = default) =>
        await Database.ReadAsync(async db =>
        {
            await using var command = db.Command($"SELECT count(*) FROM {Table.Name}");
            return Convert.ToInt32(await command.ExecuteScalarAsync(ct));
        }, ct);

    /// <summary>The records matching a SQL condition on the table's columns, in <paramref name="orderBy"/> order.</summary>
    protected async ValueTask<IReadOnlyList<T>> WhereAsync(string condition, Action<NpgsqlParameterCollection> parameters,
        string orderBy = "id", int limit = int.MaxValue, CancellationToken ct = default) =>
        await Database.ReadAsync<IReadOnlyList<T>>(async db =>
        {
            var sql = $"SELECT id, doc FROM {Table.Name} WHERE {condition} ORDER BY {orderBy}";
            if (limit != int.MaxValue) sql += $" LIMIT {limit}";
            await using var command = db.Command(sql);
            parameters(command.Parameters);
            await using var reader = await command.ExecuteReaderAsync(ct);
            var found = new List<T>();
            while (await reader.ReadAsync(ct)) found.Add(Table.Read(reader));
            return found;
        }, ct);

    protected async ValueTask<bool> ExistsAsync(string condition, Action<NpgsqlParameterCollection> parameters, CancellationToken ct) =>
        await Database.ReadAsync(async db =>
        {
            await using var command = db.Command($"SELECT EXISTS (SELECT 1 FROM {Table.Name} WHERE {condition})");
            parameters(command.Parameters);
            return (bool)(await command.ExecuteScalarAsync(ct))!;
        }, ct);

    /// <summary>A write statement (UPDATE, DELETE) of the table; returns the rows it touched.</summary>
    protected async ValueTask<int> ExecuteAsync(string sql, Action<NpgsqlParameterCollection> parameters, CancellationToken ct) =>
        await Database.WriteAsync(async db =>
        {
            await using var command = db.Command(sql);
            parameters(command.Parameters);
            return await command.ExecuteNonQueryAsync(ct);
        }, ct);

    /// <summary>
    /// Many records in the caller's transaction: those with their own id go in batches of <see cref="BatchSize"/>
    /// statements per round trip (a bulk import or a copied store would otherwise pay one round trip per row);
    /// those whose id the database assigns go one at a time, since each needs its id back.
    /// </summary>
    private async Task WriteManyAsync(PgCommands db, IEnumerable<T> items, bool upsert, CancellationToken ct)
    {
        var pending = new List<T>(BatchSize);
        var ownNumbers = false;
        foreach (var item in items)
        {
            if (MustAssignId(item))
            {
                // Numbered records first, and the sequence past them, so this one's number cannot collide.
                await FlushAsync();
                if (ownNumbers) await AdvanceSequenceAsync(db, ct);
                ownNumbers = false;
                await InsertAsync(db, item, upsert, ct);
                continue;
            }
            ownNumbers |= DatabaseAssignsIds;
            pending.Add(item);
            if (pending.Count == BatchSize) await FlushAsync();
        }
        await FlushAsync();
        if (ownNumbers) await AdvanceSequenceAsync(db, ct);

        async Task FlushAsync()
        {
            if (pending.Count == 0) return;
            await using var batch = db.Batch();
            var sql = InsertSql(assign: false, upsert);
            foreach (var item in pending)
            {
                var statement = batch.CreateBatchCommand();
                statement.CommandText = sql;
                Table.Bind(statement.Parameters, item, withId: true);
                batch.BatchCommands.Add(statement);
            }
            await batch.ExecuteNonQueryAsync(ct);
            pending.Clear();
        }
    }

    private const int BatchSize = 500;

    private bool MustAssignId(T item) => DatabaseAssignsIds && Convert.ToInt64(Table.IdOf(item)) == 0;

    private string InsertSql(bool assign, bool upsert)
    {
        var sql = $"INSERT INTO {Table.Name} ({Table.ColumnList(withId: !assign)}) VALUES ({Table.ValueList(withId: !assign)})";
        if (upsert && !assign) sql += $" ON CONFLICT (id) DO UPDATE SET {Table.ExcludedAssignments}";
        if (assign) sql += " RETURNING id";
        return sql;
    }

    private async Task InsertAsync(PgCommands db, T item, bool upsert, CancellationToken ct)
    {
        var assign = MustAssignId(item);
        await using (var command = db.Command(InsertSql(assign, upsert)))
        {
            Table.Bind(command.Parameters, item, withId: !assign);
            if (assign)
            {
                Table.SetId(item, (long)(await command.ExecuteScalarAsync(ct))!);
                return;
            }
            await command.ExecuteNonQueryAsync(ct);
        }
        if (DatabaseAssignsIds) await AdvanceSequenceAsync(db, ct);
    }

    /// <summary>
    /// After records that came with their own number (an import, a copied store): move the sequence past them,
    /// so the next assigned id cannot collide with one of them.
    /// </summary>
    private async Task AdvanceSequenceAsync(PgCommands db, CancellationToken ct)
    {
        await using var advance = db.Command($"SELECT setval(pg_get_serial_sequence('{Table.Name}', 'id'), greatest((SELECT max(id) FROM {Table.Name}), 1))");
        await advance.ExecuteNonQueryAsync(ct);
    }
}

internal class PgRepository<T>(PgDatabase database, PgTable<T> table) : PgRepository<T, string>(database, table), IRepository<T> where T : class;

internal static class ValueTaskExtensions
{
    public static async ValueTask<TOut> Then<TIn, TOut>(this ValueTask<TIn> task, Func<TIn, TOut> map) => map(await task);
}

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
            Table.Bind(command, item, withId: true);
            return await command.ExecuteNonQueryAsync(ct) > 0;
        }, ct);

    public async ValueTask UpsertAsync(T item, CancellationToken ct = default) =>
        await Database.WriteAsync(async db => { await InsertAsync(db, item, upsert: true, ct); return 0; }, ct);

    public async ValueTask InsertManyAsync(IEnumerable<T> items, CancellationToken ct = default) =>
        await Database.WriteAsync(async db =>
        {
            foreach (var item in items) await InsertAsync(db, item, upsert: false, ct);
            return 0;
        }, ct);

    public async ValueTask UpsertManyAsync(IEnumerable<T> items, CancellationToken ct = default) =>
        await Database.WriteAsync(async db =>
        {
            foreach (var item in items) await InsertAsync(db, item, upsert: true, ct);
            return 0;
        }, ct);

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

    private async Task InsertAsync(PgCommands db, T item, bool upsert, CancellationToken ct)
    {
        var assign = DatabaseAssignsIds && Convert.ToInt64(Table.IdOf(item)) == 0;
        var sql = $"INSERT INTO {Table.Name} ({Table.ColumnList(withId: !assign)}) VALUES ({Table.ValueList(withId: !assign)})";
        if (upsert && !assign) sql += $" ON CONFLICT (id) DO UPDATE SET {Table.ExcludedAssignments}";
        if (assign) sql += " RETURNING id";
        await using (var command = db.Command(sql))
        {
            Table.Bind(command, item, withId: !assign);
            if (assign)
            {
                Table.SetId(item, (long)(await command.ExecuteScalarAsync(ct))!);
                return;
            }
            await command.ExecuteNonQueryAsync(ct);
        }
        if (DatabaseAssignsIds)
        {
            // A record that came with its own number (an import, a copied store): move the sequence past it,
            // so the next assigned id cannot collide with it.
            await using var advance = db.Command($"SELECT setval(pg_get_serial_sequence('{Table.Name}', 'id'), greatest((SELECT max(id) FROM {Table.Name}), 1))");
            await advance.ExecuteNonQueryAsync(ct);
        }
    }
}

internal class PgRepository<T>(PgDatabase database, PgTable<T> table) : PgRepository<T, string>(database, table), IRepository<T> where T : class;

internal static class ValueTaskExtensions
{
    public static async ValueTask<TOut> Then<TIn, TOut>(this ValueTask<TIn> task, Func<TIn, TOut> map) => map(await task);
}

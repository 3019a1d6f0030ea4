using Npgsql;

namespace Chexs.Bot.Storage.PostgreSql;

/// <summary>
/// The PostgreSQL database behind the server engine: a pooled data source, the schema brought up to date
/// before first use, and the ambient transaction of <see cref="IStoreTransactions.RunAsync{T}"/>.
/// <para>
/// Writers are serialised across every instance with one transaction-level advisory lock
/// (<see cref="WriterLockKey"/>) taken at the start of every transaction and of every write outside one.
/// Under READ COMMITTED that gives the port's promise simply and correctly: while a transaction holds the
/// lock nothing else commits a write, so everything it reads stays as it read it ("judge again, then write"
/// cannot miss a booking stored beside it), and it sees everything committed before it took the lock.
/// Reads outside a transaction take no lock. The charity's write rate is a few per minute, so one writer at a
/// time (as with LiteDB) costs nothing that matters.
/// </para>
/// <para>
/// Within one instance writers first queue on an in-process gate, and only the one at its head opens a connection
/// to wait for the advisory lock: waiting on the lock holds a pooled connection, so without the gate a burst of
/// writers would hold one connection each (the pool has 100) and leave readers waiting for one.
/// </para>
/// </summary>
public sealed class PgDatabase : IDisposable, IAsyncDisposable
{
    /// <summary>The writer lock's key: a constant every instance shares ("CHEXS" and 1).</summary>
    internal const long WriterLockKey = 0x4348_4558_5300_0001;

    private readonly NpgsqlDataSource _source;
    private readonly AsyncLocal<PgTransaction?> _ambient = new();
    private readonly SemaphoreSlim _schemaGate = new(1, 1);
    private readonly SemaphoreSlim _writers = new(1, 1);
    private volatile bool _schemaReady;

    /// <summary>Names the database; nothing connects until first use, so an unreachable server shows as an unhealthy /healthz.</summary>
    public PgDatabase(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        Describe = $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}";
        _source = NpgsqlDataSource.Create(builder);
    }

    /// <summary>Host, port and database, for operators (never the password).</summary>
    public string Describe { get; }

    /// <summary>Creates or migrates the schema now (start-up and the <c>migrate</c> verb); returns the versions applied.</summary>
    public async Task<IReadOnlyList<int>> MigrateAsync(CancellationToken ct = default)
    {
        await _schemaGate.WaitAsync(ct);
        try
        {
            var applied = await PgSchema.MigrateAsync(_source, ct);
            _schemaReady = true;
            return applied;
        }
        finally
        {
            _schemaGate.Release();
        }
    }

    /// <summary>A read: inside a transaction it joins it; otherwise it runs on a pooled connection of its own.</summary>
    internal async Task<T> ReadAsync<T>(Func<PgCommands, Task<T>> read, CancellationToken ct)
    {
        if (_ambient.Value is { } transaction) return await transaction.UseAsync(read, ct);
        await EnsureSchemaAsync(ct);
        await using var connection = await _source.OpenConnectionAsync(ct);
        return await read(new PgCommands(connection, null));
    }

    /// <summary>A write: inside a transaction it joins it; otherwise it takes the writer lock in a short transaction of its own.</summary>
    internal async Task<T> WriteAsync<T>(Func<PgCommands, Task<T>> write, CancellationToken ct)
    {
        if (_ambient.Value is { } transaction) return await transaction.UseAsync(write, ct);
        await EnsureSchemaAsync(ct);
        await _writers.WaitAsync(ct);
        try
        {
            await using var connection = await _source.OpenConnectionAsync(ct);
            await using var own = await connection.BeginTransactionAsync(ct);
            var commands = new PgCommands(connection, own);
            await commands.TakeWriterLockAsync(ct);
            var result = await write(commands);
            await own.CommitAsync(CancellationToken.None);
            return result;
        }
        finally
        {
            _writers.Release();
        }
    }

    /// <summary>
    /// One statement that is atomic by itself (a work claim's conditional upsert), committed at once without the
    /// writer lock: row locks order it against the same key, and it must not queue behind a booking's transaction.
    /// </summary>
    internal async Task<T> StatementAsync<T>(Func<PgCommands, Task<T>> statement, CancellationToken ct)
    {
        await EnsureSchemaAsync(ct);
        await using var connection = await _source.OpenConnectionAsync(ct);
        return await statement(new PgCommands(connection, null));
    }

    internal async Task<T> InTransactionAsync<T>(Func<Task<T>> work, CancellationToken ct)
    {
        if (_ambient.Value is { IsOpen: true }) return await work(); // nested: join the outer transaction
        await EnsureSchemaAsync(ct);
        await _writers.WaitAsync(ct);
        try
        {
            return await RunTransactionAsync(work, ct);
        }
        finally
        {
            _writers.Release();
        }
    }

    private async Task<T> RunTransactionAsync<T>(Func<Task<T>> work, CancellationToken ct)
    {
        await using var connection = await _source.OpenConnectionAsync(ct);
        await using var own = await connection.BeginTransactionAsync(ct);
        var commands = new PgCommands(connection, own);
        // Every transaction is treated as a writer: whether it will write is only known once its work has read.
        await commands.TakeWriterLockAsync(ct);
        var transaction = new PgTransaction(commands);
        _ambient.Value = transaction; // flows into the work's awaits only; the caller's context never sees it
        try
        {
            var result = await work();
            await transaction.CloseAsync();
            // Not cancellable: the work is done, and a cancelled commit would leave the caller unsure whether it landed.
            await own.CommitAsync(CancellationToken.None);
            return result;
        }
        finally
        {
            await transaction.CloseAsync(); // disposing `own` without a commit rolls everything back
        }
    }

    private async Task EnsureSchemaAsync(CancellationToken ct)
    {
        if (_schemaReady) return;
        await _schemaGate.WaitAsync(ct);
        try
        {
            if (_schemaReady) return;
            await PgSchema.MigrateAsync(_source, ct);
            _schemaReady = true;
        }
        finally
        {
            _schemaGate.Release();
        }
    }

    public void Dispose() => _source.Dispose();

    public ValueTask DisposeAsync() => _source.DisposeAsync();
}

/// <summary>Commands on one connection, inside its transaction when there is one.</summary>
internal sealed class PgCommands(NpgsqlConnection connection, NpgsqlTransaction? transaction)
{
    public NpgsqlCommand Command(string sql) => new(sql, connection, transaction);

    /// <summary>Several statements sent in one round trip (and run in the transaction, if there is one).</summary>
    public NpgsqlBatch Batch() => new(connection, transaction);

    public async Task TakeWriterLockAsync(CancellationToken ct)
    {
        await using var command = Command($"SELECT pg_advisory_xact_lock({PgDatabase.WriterLockKey})");
        await command.ExecuteNonQueryAsync(ct);
    }
}

/// <summary>
/// The transaction a <c>RunAsync</c> opened, shared by everything its work awaits. One connection runs one
/// command at a time, so uses are queued; a use after the transaction ended (work that escaped it, e.g. a task
/// left running) fails loudly instead of writing outside it.
/// </summary>
internal sealed class PgTransaction(PgCommands commands)
{
    private readonly SemaphoreSlim _turn = new(1, 1);
    private volatile bool _closed;

    public bool IsOpen => !_closed;

    public async Task<T> UseAsync<T>(Func<PgCommands, Task<T>> use, CancellationToken ct)
    {
        await _turn.WaitAsync(ct);
        try
        {
            if (_closed)
            {
                throw new InvalidOperationException("Storage was used after its transaction ended (work that outlived RunAsync). Do outside work before or after the transaction.");
            }
            return await use(commands);
        }
        finally
        {
            _turn.Release();
        }
    }

    public async Task CloseAsync()
    {
        if (_closed) return;
        await _turn.WaitAsync();
        _closed = true;
        _turn.Release();
    }
}

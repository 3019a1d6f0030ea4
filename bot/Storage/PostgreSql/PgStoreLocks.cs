using Npgsql;

namespace Chexs.Bot.Storage.PostgreSql;

/// <summary>
/// Named locks as PostgreSQL transaction-level advisory locks (keyed by a 64-bit hash of the name) on a connection
/// of their own, held until the handle is disposed. Waiting happens in the server, so nothing polls; an instance
/// that dies drops its connection and the server releases its locks at once.
/// </summary>
internal sealed class PgStoreLocks(PgDatabase db) : IStoreLocks
{
    public Task<IAsyncDisposable> LockAsync(string name, CancellationToken ct = default) => db.HoldLockAsync(name, ct);
}

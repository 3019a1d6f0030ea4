namespace Chexs.Bot.Storage;

/// <summary>
/// The documents of one kind, by id: the port every feature's repository extends with the queries it
/// needs. An engine (LiteDB embedded, a server database) implements it; nothing above this port knows
/// which. A write made while <see cref="IStoreTransactions.RunAsync{T}"/> runs lands with the rest of
/// that transaction or not at all; outside one, each write stands alone.
/// </summary>
public interface IRepository<T, in TKey> where T : class
{
    ValueTask<T?> FindAsync(TKey id, CancellationToken ct = default);

    /// <summary>Adds a new document. A numeric id left at 0 is assigned by the engine and set on <paramref name="item"/>.</summary>
    ValueTask InsertAsync(T item, CancellationToken ct = default);

    /// <summary>Replaces a stored document; false when there is none with that id.</summary>
    ValueTask<bool> UpdateAsync(T item, CancellationToken ct = default);

    ValueTask UpsertAsync(T item, CancellationToken ct = default);

    /// <summary>Adds many new documents in one write (data generation, copying a store).</summary>
    ValueTask InsertManyAsync(IEnumerable<T> items, CancellationToken ct = default);

    /// <summary>Adds or replaces many documents in one write (imports).</summary>
    ValueTask UpsertManyAsync(IEnumerable<T> items, CancellationToken ct = default);

    ValueTask<bool> DeleteAsync(TKey id, CancellationToken ct = default);

    /// <summary>Every document. For small collections (staff, pupils, installations) and exports only.</summary>
    ValueTask<IReadOnlyList<T>> AllAsync(CancellationToken ct = default);

    ValueTask<int> CountAsync(CancellationToken ct = default);
}

/// <summary>Documents keyed by a string id (most of ours: session references, Entra ids, deterministic keys).</summary>
public interface IRepository<T> : IRepository<T, string> where T : class
{
}

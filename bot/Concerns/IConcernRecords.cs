namespace Chexs.Bot.Concerns;

/// <summary>
/// The safeguarding concerns: an unalterable record. A concern is added once and later information is appended
/// as dated entries by named people; there is deliberately no update and no delete here (unlike
/// <see cref="Storage.IRepository{T}"/>), and the engines refuse them underneath too (LiteDB: only inserts are
/// issued, and an insert never replaces; PostgreSQL: triggers reject UPDATE, DELETE and TRUNCATE on the tables).
/// Retention and erasure do not reach these collections.
/// </summary>
public interface IConcernRecords
{
    /// <summary>Adds a new concern; its number (<see cref="Concern.Id"/>, left at 0) is assigned by the store and set on it.</summary>
    ValueTask AddAsync(Concern concern, CancellationToken ct = default);

    /// <summary>Adds an entry to a concern; its id (left at 0) is assigned by the store.</summary>
    ValueTask AppendAsync(ConcernEntry entry, CancellationToken ct = default);

    ValueTask<Concern?> FindAsync(long id, CancellationToken ct = default);

    /// <summary>Every concern, oldest first.</summary>
    ValueTask<IReadOnlyList<Concern>> AllAsync(CancellationToken ct = default);

    /// <summary>A concern's entries, oldest first.</summary>
    ValueTask<IReadOnlyList<ConcernEntry>> EntriesOfAsync(long concernId, CancellationToken ct = default);

    /// <summary>Every entry of every concern, oldest first (exports, copying a store).</summary>
    ValueTask<IReadOnlyList<ConcernEntry>> AllEntriesAsync(CancellationToken ct = default);

    /// <summary>Concerns raised about a session, oldest first (the inspection pack counts them; no details leave this port that way).</summary>
    ValueTask<IReadOnlyList<Concern>> ForSessionAsync(string sessionId, CancellationToken ct = default);

    /// <summary>How many concerns have no closing entry yet (the weekly digest's count).</summary>
    ValueTask<int> CountOpenAsync(CancellationToken ct = default);

    /// <summary>
    /// Copies concerns and entries in with their numbers kept (copy-storage into an empty store). Insert only:
    /// a number already present is an error, never an overwrite.
    /// </summary>
    ValueTask CopyInAsync(IReadOnlyList<Concern> concerns, IReadOnlyList<ConcernEntry> entries, CancellationToken ct = default);
}

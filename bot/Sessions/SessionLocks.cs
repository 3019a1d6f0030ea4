using Chexs.Bot.Storage;

namespace Chexs.Bot.Sessions;

/// <summary>
/// One caller at a time per session (two clicks on Confirm or Approve, a reschedule and a cancel), so the second
/// sees the first one's result: first in this process (cheap, and an entry lives only while somebody holds or waits
/// for it, so the table does not grow with every session ever touched), then across every bot instance on the
/// store (<see cref="IStoreLocks"/>: a work claim on PostgreSQL; nothing more on LiteDB, which one process owns).
/// The store's transactions keep the data right on their own; this keeps the answers to people tidy and stops two
/// instances from both making a Zoom meeting for one decision.
/// </summary>
public sealed class SessionLocks
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly IStoreLocks _store;

    public SessionLocks(IStoreLocks store) => _store = store;

    public async Task<IAsyncDisposable> AcquireAsync(string sessionId, CancellationToken ct)
    {
        Entry entry;
        lock (_entries)
        {
            if (!_entries.TryGetValue(sessionId, out entry!))
            {
                entry = new Entry();
                _entries[sessionId] = entry;
            }
            entry.Users++;
        }
        try
        {
            await entry.Gate.WaitAsync(ct);
        }
        catch
        {
            Leave(sessionId, entry);
            throw;
        }
        try
        {
            var acrossInstances = await _store.LockAsync($"session:{sessionId}", ct);
            return new Held(this, sessionId, entry, acrossInstances);
        }
        catch
        {
            entry.Gate.Release();
            Leave(sessionId, entry);
            throw;
        }
    }

    /// <summary>How many sessions have an entry now (for tests: it must fall back to zero).</summary>
    public int Count
    {
        get
        {
            lock (_entries) return _entries.Count;
        }
    }

    private void Leave(string sessionId, Entry entry)
    {
        lock (_entries)
        {
            if (--entry.Users == 0) _entries.Remove(sessionId);
        }
    }

    private sealed class Entry
    {
        public readonly SemaphoreSlim Gate = new(1, 1);
        public int Users;
    }

    private sealed class Held(SessionLocks owner, string sessionId, Entry entry, IAsyncDisposable acrossInstances) : IAsyncDisposable
    {
        private int _released;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 1) return;
            try
            {
                await acrossInstances.DisposeAsync();
            }
            finally
            {
                entry.Gate.Release();
                owner.Leave(sessionId, entry);
            }
        }
    }
}

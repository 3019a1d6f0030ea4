namespace Chexs.Bot.Sessions;

/// <summary>
/// One caller at a time per session in this process (two clicks on Confirm or Approve, a reschedule and
/// a cancel), so the second sees the first one's result. An entry lives only while somebody holds or waits
/// for it, so the table does not grow with every session ever touched. Across processes the store's
/// transactions keep the data right; this keeps the answers to people tidy.
/// </summary>
public sealed class SessionLocks
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public async Task<IDisposable> AcquireAsync(string sessionId, CancellationToken ct)
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
        return new Held(this, sessionId, entry);
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

    private sealed class Held(SessionLocks owner, string sessionId, Entry entry) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 1) return;
            entry.Gate.Release();
            owner.Leave(sessionId, entry);
        }
    }
}

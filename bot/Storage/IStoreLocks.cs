namespace Chexs.Bot.Storage;

/// <summary>
/// A named lock held across every bot instance on one store, for work that must not interleave but cannot run
/// inside a transaction because it calls out between its reads and its write (deciding an approval makes a Zoom
/// meeting). The transactions still keep the data right on their own; this keeps two instances from both doing
/// the outside work, so the second click hears "already decided" rather than making and deleting a meeting.
/// </summary>
public interface IStoreLocks
{
    /// <summary>Waits for <paramref name="name"/> and holds it until the returned handle is disposed.</summary>
    Task<IAsyncDisposable> LockAsync(string name, CancellationToken ct = default);
}

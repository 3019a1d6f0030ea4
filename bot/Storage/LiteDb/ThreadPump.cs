using System.Collections.Concurrent;

namespace Chexs.Bot.Storage.LiteDb;

/// <summary>
/// Runs an async delegate to completion on the calling thread, with every continuation it posts brought
/// back to that thread. A LiteDB transaction belongs to the thread that began it, so this is what lets a
/// transaction's work be written as ordinary async code against the storage port.
/// </summary>
internal sealed class ThreadPump : SynchronizationContext
{
    private readonly BlockingCollection<(SendOrPostCallback Callback, object? State)> _queue = new();

    public static T Run<T>(Func<Task<T>> work)
    {
        var previous = Current;
        var pump = new ThreadPump();
        SetSynchronizationContext(pump);
        try
        {
            var task = work();
            if (!task.IsCompleted)
            {
                // Only when the work really awaited something that did not complete at once (rare: the
                // LiteDB repositories complete synchronously).
                task.ContinueWith(_ => pump._queue.CompleteAdding(), TaskScheduler.Default);
                foreach (var (callback, state) in pump._queue.GetConsumingEnumerable())
                {
                    callback(state);
                }
            }
            return task.GetAwaiter().GetResult();
        }
        finally
        {
            SetSynchronizationContext(previous);
        }
    }

    public override void Post(SendOrPostCallback d, object? state)
    {
        if (!_queue.TryAddSafely((d, state)))
        {
            // Posted after the work finished (fire-and-forget inside it): run it elsewhere.
            ThreadPool.QueueUserWorkItem(_ => d(state));
        }
    }

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("Synchronous Send is not supported inside a storage transaction.");
}

internal static class BlockingCollectionExtensions
{
    public static bool TryAddSafely<T>(this BlockingCollection<T> queue, T item)
    {
        try
        {
            return !queue.IsAddingCompleted && queue.TryAdd(item);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}

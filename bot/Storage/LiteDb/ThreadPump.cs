using System.Collections.Concurrent;

namespace Chexs.Bot.Storage.LiteDb;

/// <summary>
/// Runs an async delegate to completion on the calling thread, with every continuation it posts brought
/// back to that thread. A LiteDB transaction belongs to the thread that began it, so this is what lets a
/// transaction's work be written as ordinary async code against the storage port.
/// </summary>
internal sealed class ThreadPump : SynchronizationContext
{
    private readonly object _gate = new();
    // Made only when the work really awaits something that does not complete at once (rare: the LiteDB
    // repositories complete synchronously), so the usual transaction allocates nothing here.
    private BlockingCollection<(SendOrPostCallback Callback, object? State)>? _queue;

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
                var queue = pump.Queue();
                task.ContinueWith(_ => queue.CompleteAdding(), TaskScheduler.Default);
                foreach (var (callback, state) in queue.GetConsumingEnumerable())
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

    private BlockingCollection<(SendOrPostCallback, object?)> Queue()
    {
        lock (_gate)
        {
            return _queue ??= new();
        }
    }

    public override void Post(SendOrPostCallback d, object? state)
    {
        var queue = Queue();
        try
        {
            if (!queue.IsAddingCompleted && queue.TryAdd((d, state))) return;
        }
        catch (InvalidOperationException)
        {
        }
        // Posted after the work finished (fire-and-forget inside it): run it elsewhere.
        ThreadPool.QueueUserWorkItem(_ => d(state));
    }

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("Synchronous Send is not supported inside a storage transaction.");
}

namespace Chexs.Bot.Storage.LiteDb;

/// <summary>
/// LiteDB is opened by one process only, whose callers already take their in-process locks (SessionLocks):
/// there is no other instance to keep out, so this holds nothing.
/// </summary>
internal sealed class LiteDbStoreLocks : IStoreLocks
{
    private sealed class Nothing : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private static readonly Nothing Held = new();

    public Task<IAsyncDisposable> LockAsync(string name, CancellationToken ct = default) => Task.FromResult<IAsyncDisposable>(Held);
}

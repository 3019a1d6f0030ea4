namespace Chexs.Bot.Storage;

/// <summary>
/// "This booking and its outbox rows commit together, or none of it does." Work run here sees every
/// transaction committed before it and none that commit while it runs (transactions that write are
/// serialised), so a "judge again, then write" inside one cannot interleave with another booking.
/// Nested calls join the outer transaction.
/// </summary>
/// <remarks>
/// Keep the work to reads and writes of the store: call Zoom, Graph or Teams before or after, never
/// inside (outside work goes into an outbox that a worker sends after the commit).
/// </remarks>
public interface IStoreTransactions
{
    Task<T> RunAsync<T>(Func<Task<T>> work, CancellationToken ct = default);

    /// <summary>The same, for work that returns nothing.</summary>
    Task RunAsync(Func<Task> work, CancellationToken ct = default) =>
        RunAsync(async () =>
        {
            await work();
            return true;
        }, ct);
}

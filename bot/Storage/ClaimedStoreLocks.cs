namespace Chexs.Bot.Storage;

/// <summary>
/// Named locks across instances as work claims (<see cref="WorkClaims"/>, key <c>lock:NAME</c>): held, and renewed,
/// without holding a database connection. The first version held a PostgreSQL advisory lock on a pooled connection
/// for as long as the lock was held; a burst of bookings (each holds its session's lock while it queues to write)
/// then took every pooled connection, the writer at the head of the queue could not get one, and the bot stalled
/// until the pool's timeout. A claim costs one statement to take and one to release.
/// <para>
/// Waiting polls, backing off from 10 ms to 200 ms: two people deciding one session at the same moment is rare,
/// and the second waits for the first's decision. A lock left by an instance that died lapses after
/// <see cref="StorageOptions.ClaimLease"/>, like every claim.
/// </para>
/// </summary>
internal sealed class ClaimedStoreLocks(WorkClaims claims) : IStoreLocks
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromMilliseconds(200);

    public async Task<IAsyncDisposable> LockAsync(string name, CancellationToken ct = default)
    {
        var wait = FirstRetry;
        while (true)
        {
            if (await claims.TryClaimAsync($"lock:{name}", ct) is { } claim) return claim;
            // A retry interval on the wall clock, not a business time: the holder's lease is on the injected clock.
            await Task.Delay(wait, ct);
            wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, LongestRetry.Ticks));
        }
    }
}

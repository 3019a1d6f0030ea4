using Microsoft.Extensions.Options;

namespace Chexs.Bot.Storage;

/// <summary>
/// What the workers use to do a piece of shared work once across every bot instance: claim it for one lease
/// (<see cref="StorageOptions.ClaimLease"/>), read it again (another instance may have finished it between the
/// worker's list and the claim), and do it only if it is still wanted; the claim is released when the work ends,
/// however it ends. An instance killed mid-work never releases: its claim lapses after the lease, and another
/// instance takes the work over then — that lease is the longest a killed instance's work waits.
/// <para>
/// A held claim is renewed every third of a lease, so work that outlasts one lease (a long scheduled job, a slow
/// vendor) is not taken over by another instance while this one is still doing it; only a dead instance stops renewing.
/// </para>
/// </summary>
public sealed class WorkClaims
{
    private readonly IWorkClaims _store;
    private readonly TimeProvider _clock;
    private readonly ILogger<WorkClaims> _log;

    public WorkClaims(IWorkClaims store, TimeProvider clock, IOptions<StorageOptions> options, ILogger<WorkClaims> log)
    {
        _store = store;
        _clock = clock;
        _log = log;
        Lease = options.Value.ClaimLease;
    }

    /// <summary>This process, in claims (host name and process id, for an operator reading work_claims).</summary>
    public static string Instance { get; } = $"{Environment.MachineName}/{Environment.ProcessId}";

    public TimeSpan Lease { get; }

    /// <summary>Claims <paramref name="key"/> now; null when another claim holds it. Dispose the claim to release it.</summary>
    public async Task<Claim?> TryClaimAsync(string key, CancellationToken ct = default)
    {
        var claimant = $"{Instance}/{Guid.NewGuid():N}";
        return await _store.TryClaimAsync(key, claimant, _clock.GetUtcNow(), Lease, ct) ? new Claim(this, key, claimant) : null;
    }

    /// <summary>
    /// Claims <paramref name="key"/>, reads the work again with <paramref name="reload"/>, and runs <paramref name="work"/> on the fresh
    /// copy if <paramref name="stillDue"/> says it is still wanted. Returns what the work returned, or false when it was not done here.
    /// </summary>
    public async Task<bool> DoOnceAsync<T>(string key, Func<Task<T?>> reload, Func<T, bool> stillDue, Func<T, Task<bool>> work, CancellationToken ct) where T : class
    {
        var claim = await TryClaimAsync(key, ct);
        if (claim is null) return false;
        await using (claim)
        {
            var fresh = await reload();
            if (fresh is null || !stillDue(fresh)) return false;
            return await work(fresh);
        }
    }

    private async Task RenewAsync(Claim claim)
    {
        try
        {
            if (!await _store.RenewAsync(claim.Key, claim.Claimant, _clock.GetUtcNow(), Lease, CancellationToken.None))
            {
                _log.LogWarning("The claim on {Key} was lost before its work ended (it lapsed and another instance took it over)", claim.Key);
            }
        }
        catch (Exception e)
        {
            // The next renewal tries again; the lease is three renewals long.
            _log.LogWarning(e, "Could not renew the claim on {Key}", claim.Key);
        }
    }

    private async Task ReleaseAsync(string key, string claimant)
    {
        try
        {
            // Not cancellable: the work is over either way, and an unreleased claim only delays the next instance by a lease.
            await _store.ReleaseAsync(key, claimant, CancellationToken.None);
        }
        catch (Exception e)
        {
            _log.LogWarning(e, "Could not release the claim on {Key}; it lapses by itself within {Lease}", key, Lease);
        }
    }

    /// <summary>One held claim, renewed while held; disposing it releases it.</summary>
    public sealed class Claim : IAsyncDisposable
    {
        private readonly WorkClaims _owner;
        private readonly ITimer _renewal;
        private int _released;
        private int _renewing;
        private Task _lastRenewal = Task.CompletedTask;

        internal Claim(WorkClaims owner, string key, string claimant)
        {
            _owner = owner;
            Key = key;
            Claimant = claimant;
            var every = owner.Lease / 3;
            // Not flowing the caller's context: a renewal is its own statement, never part of a transaction the work has open.
            using (ExecutionContext.SuppressFlow())
            {
                _renewal = owner._clock.CreateTimer(_ => Renew(), null, every, every);
            }
        }

        public string Key { get; }
        public string Claimant { get; }

        /// <summary>The renewal started last (complete when none is running); lets a test wait for one the clock set off.</summary>
        internal Task LastRenewal => Volatile.Read(ref _lastRenewal);

        private void Renew()
        {
            // One renewal at a time: a slow store must not pile them up.
            if (Volatile.Read(ref _released) == 1 || Interlocked.Exchange(ref _renewing, 1) == 1) return;
            Volatile.Write(ref _lastRenewal, RenewOnceAsync());

            async Task RenewOnceAsync()
            {
                try
                {
                    await _owner.RenewAsync(this); // never throws: a failure is logged and the next tick tries again
                }
                finally
                {
                    Volatile.Write(ref _renewing, 0);
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 1) return;
            await _renewal.DisposeAsync();
            await _owner.ReleaseAsync(Key, Claimant);
        }
    }
}

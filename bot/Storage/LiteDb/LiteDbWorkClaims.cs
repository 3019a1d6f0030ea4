namespace Chexs.Bot.Storage.LiteDb;

/// <summary>
/// Claims on the embedded engine: LiteDB is opened by exactly one process, so the claims live in that process's
/// memory (one table per open file). Nothing survives a restart, which is right: the process that held them is gone.
/// </summary>
internal sealed class LiteDbWorkClaims(LiteDbFile file) : IWorkClaims
{
    public ValueTask<bool> TryClaimAsync(string key, string claimant, DateTimeOffset now, TimeSpan lease, CancellationToken ct = default)
    {
        var claims = file.Claims;
        lock (claims)
        {
            if (claims.TryGetValue(key, out var held) && held.Until > now) return new(false);
            claims[key] = (claimant, now + lease);
            return new(true);
        }
    }

    public ValueTask<bool> RenewAsync(string key, string claimant, DateTimeOffset now, TimeSpan lease, CancellationToken ct = default)
    {
        var claims = file.Claims;
        lock (claims)
        {
            if (!claims.TryGetValue(key, out var held) || held.Claimant != claimant) return new(false);
            claims[key] = (claimant, now + lease);
            return new(true);
        }
    }

    public ValueTask ReleaseAsync(string key, string claimant, CancellationToken ct = default)
    {
        var claims = file.Claims;
        lock (claims)
        {
            if (claims.TryGetValue(key, out var held) && held.Claimant == claimant) claims.Remove(key);
        }
        return ValueTask.CompletedTask;
    }
}

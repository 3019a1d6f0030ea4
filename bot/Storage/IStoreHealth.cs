namespace Chexs.Bot.Storage;

/// <summary>Whether the store can serve reads now (for /healthz); on failure, why.</summary>
public interface IStoreHealth
{
    ValueTask<StoreHealth> CheckAsync(CancellationToken ct = default);

    /// <summary>Writes, reads back and deletes a marker: the store takes writes now. Throws when it does not.</summary>
    ValueTask ProbeWriteAsync(CancellationToken ct = default);

    /// <summary>Where the data lives, for messages to an operator (a file path, a host name; never a password).</summary>
    string Describe();
}

public sealed record StoreHealth(bool Healthy, Exception? Problem)
{
    public static readonly StoreHealth Ok = new(true, null);
}

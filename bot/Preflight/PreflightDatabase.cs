using Chexs.Bot.Records;
using Chexs.Bot.Storage;

namespace Chexs.Bot.Preflight;

/// <summary>What preflight needs from the store: that it can be written now, and the staff who may host.</summary>
public interface IPreflightDatabase
{
    /// <summary>Where the data lives, for the report.</summary>
    string Location { get; }

    /// <summary>Writes, reads back and deletes a marker. Throws when the store cannot be written.</summary>
    Task ProbeWriteAsync(CancellationToken ct);

    /// <summary>Staff who may host (Entra object id, email, Zoom user) as the store knows them.</summary>
    Task<IReadOnlyList<PreflightHost>> KnownHostsAsync(CancellationToken ct);
}

/// <summary>Preflight over the storage port, whichever engine is behind it.</summary>
public sealed class StorePreflightDatabase(IStoreHealth health, IStaffRepository staff) : IPreflightDatabase
{
    public string Location => health.Describe();

    public Task ProbeWriteAsync(CancellationToken ct) => health.ProbeWriteAsync(ct).AsTask();

    public async Task<IReadOnlyList<PreflightHost>> KnownHostsAsync(CancellationToken ct) =>
        (await staff.AllAsync(ct))
            .Where(s => !string.IsNullOrWhiteSpace(s.Email) || !string.IsNullOrWhiteSpace(s.ZoomUserId))
            .OrderBy(s => s.DisplayName, StringComparer.OrdinalIgnoreCase)
            .Select(s => new PreflightHost(s.Email ?? s.DisplayName, s.Id, s.ZoomUserId ?? s.Email))
            .ToList();
}

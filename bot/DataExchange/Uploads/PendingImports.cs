using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Chexs.Bot.DataExchange.Uploads;

public enum ImportKind
{
    Pupils,
    Consents,
}

/// <summary>
/// A file a manager sent, held by the bot (never in the card) until they confirm or it expires. The card carries
/// only <see cref="Hash"/>, the SHA-256 of the exact bytes, so "Confirm import" applies exactly what was previewed.
/// </summary>
public sealed class PendingImport
{
    public required string Hash { get; init; }
    public required string ManagerId { get; init; }
    public required string FileName { get; init; }
    /// <summary>The decoded text of the file.</summary>
    public required string Text { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }
    public ImportKind? Kind { get; set; }
    /// <summary>What the preview promised (see <see cref="ManagerImport.Fingerprint"/>); the import must do exactly this.</summary>
    public string? Fingerprint { get; set; }
    public DateTimeOffset? AppliedAt { get; set; }
    public string? AppliedSummary { get; set; }
}

/// <summary>
/// Previews waiting for "Confirm import", in memory: a restart forgets them (the manager sends the file again; an
/// import of the same file twice changes nothing anyway). Bounded in number and age, so files cannot pile up.
/// </summary>
public sealed class PendingImports(TimeProvider clock, IOptions<UploadOptions> options)
{
    private const int MaxHeld = 50;
    private readonly ConcurrentDictionary<string, PendingImport> _held = new(StringComparer.Ordinal);

    public TimeSpan Lifetime => options.Value.PreviewLifetime;

    public PendingImport Hold(string managerId, string hash, string fileName, string text)
    {
        Purge();
        var key = Key(managerId, hash);
        var pending = new PendingImport
        {
            Hash = hash, ManagerId = managerId, FileName = fileName, Text = text, ExpiresAt = clock.GetUtcNow() + Lifetime,
        };
        _held[key] = pending;
        foreach (var oldest in _held.OrderBy(kv => kv.Value.ExpiresAt).Take(Math.Max(0, _held.Count - MaxHeld)).ToList())
        {
            _held.TryRemove(oldest.Key, out _);
        }
        return pending;
    }

    /// <summary>The manager's own held file with this hash, unless it expired (another manager's file is never found).</summary>
    public PendingImport? Find(string managerId, string hash)
    {
        Purge();
        return _held.TryGetValue(Key(managerId, hash), out var p) ? p : null;
    }

    public void Drop(string managerId, string hash) => _held.TryRemove(Key(managerId, hash), out _);

    private void Purge()
    {
        var now = clock.GetUtcNow();
        foreach (var kv in _held.Where(kv => kv.Value.ExpiresAt <= now).ToList()) _held.TryRemove(kv.Key, out _);
    }

    private static string Key(string managerId, string hash) => managerId + "|" + hash;
}

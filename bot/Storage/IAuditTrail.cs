using Chexs.Bot.Records;

namespace Chexs.Bot.Storage;

/// <summary>The audit trail: append-only. There is no update or delete here, by design.</summary>
public interface IAuditTrail
{
    ValueTask<AuditEvent> AppendAsync(DateTimeOffset at, string actor, string action, IEnumerable<string> records, string? detail = null, CancellationToken ct = default);

    /// <summary>Every event, oldest first (exports).</summary>
    ValueTask<IReadOnlyList<AuditEvent>> AllAsync(CancellationToken ct = default);
}

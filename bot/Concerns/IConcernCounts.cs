namespace Chexs.Bot.Concerns;

/// <summary>
/// What the rights requests and the inspection pack need to know about safeguarding concerns, and nothing more:
/// how many were raised about a session, and which concern records must be kept for a person. The concern records
/// themselves (and their text) stay with the Designated Safeguarding Lead; neither caller ever reads them.
/// Until the concerns feature registers its own implementation, <see cref="NoConcerns"/> answers "none".
/// </summary>
public interface IConcernCounts
{
    /// <summary>How many concerns were raised about the session (any status). Never their content.</summary>
    ValueTask<int> CountForSessionAsync(string sessionId, CancellationToken ct = default);

    /// <summary>
    /// The concern records that name the person (a pupil id, or a guardian id), which an erasure must keep
    /// (safeguarding records are kept under the retention setting, not erased on request). Ids and dates only.
    /// </summary>
    ValueTask<IReadOnlyList<KeptConcern>> KeptForPersonAsync(string personId, CancellationToken ct = default);
}

/// <summary>One concern record kept for a person: its reference, when it was raised, and until when it is kept.</summary>
public sealed record KeptConcern(string ConcernId, DateTimeOffset RaisedAt, DateOnly? KeptUntil);

/// <summary>The default while no concerns feature is registered: no concerns anywhere.</summary>
public sealed class NoConcerns : IConcernCounts
{
    public ValueTask<int> CountForSessionAsync(string sessionId, CancellationToken ct = default) => ValueTask.FromResult(0);

    public ValueTask<IReadOnlyList<KeptConcern>> KeptForPersonAsync(string personId, CancellationToken ct = default) =>
        ValueTask.FromResult<IReadOnlyList<KeptConcern>>(Array.Empty<KeptConcern>());
}

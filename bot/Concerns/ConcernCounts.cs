namespace Chexs.Bot.Concerns;

/// <summary>
/// The concerns as the rights requests and the inspection pack see them (<see cref="IConcernCounts"/>): a count per
/// session, and which concerns name a pupil (kept when that pupil's data is erased). Numbers, ids and dates only.
/// </summary>
public sealed class ConcernCounts(IConcernRecords records) : IConcernCounts
{
    public async ValueTask<int> CountForSessionAsync(string sessionId, CancellationToken ct = default) =>
        (await records.ForSessionAsync(sessionId, ct)).Count;

    public async ValueTask<IReadOnlyList<KeptConcern>> KeptForPersonAsync(string personId, CancellationToken ct = default) =>
        (await records.AllAsync(ct))
            .Where(c => c.Pupils.Any(p => p.PupilId.Length > 0 && string.Equals(p.PupilId, personId, StringComparison.OrdinalIgnoreCase)))
            .Select(c => new KeptConcern(c.Reference, c.RaisedAt, c.KeepUntil))
            .ToList();
}

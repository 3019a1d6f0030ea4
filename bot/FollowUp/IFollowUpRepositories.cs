using Chexs.Bot.Storage;

namespace Chexs.Bot.FollowUp;

/// <summary>Checks owed after Zoom events (P8 lock nudge, P5 recording check), swept by the follow-up worker.</summary>
public interface IFollowUpRepository : IRepository<FollowUpItem>
{
    /// <summary>Up to <paramref name="max"/> outstanding items due at or before <paramref name="now"/>.</summary>
    ValueTask<IReadOnlyList<FollowUpItem>> DueAsync(DateTimeOffset now, int max, CancellationToken ct = default);

    ValueTask<IReadOnlyList<FollowUpItem>> InStatusAsync(FollowUpStatus status, CancellationToken ct = default);
}

/// <summary>The last occurrence done of each recurring job (weekly digest, daily retention).</summary>
public interface IScheduledJobRepository : IRepository<ScheduledJobState>
{
}

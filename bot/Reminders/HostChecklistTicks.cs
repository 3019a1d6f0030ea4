using Chexs.Bot.Records;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Safeguarding.Rules;
using Chexs.Bot.Storage;

namespace Chexs.Bot.Reminders;

/// <summary>One tickable item of the host checklist: its card input id, how the digest names it, its rule.</summary>
public sealed record TickableItem(string Key, string Label, string RuleId);

/// <summary>
/// The host's checklist ticks (P5, P7, P8, P9): stored on the session and, change by change, in the
/// audit trail (who, what, when). Which items exist comes from <see cref="HostChecklist"/>; the
/// tickable ones are those a host does during the meeting.
/// </summary>
public sealed class HostChecklistTicks
{
    public static readonly IReadOnlyList<TickableItem> Items = new[]
    {
        new TickableItem("waitingRoom", "waiting room", RuleCatalogue.WaitingRoom.Id),
        new TickableItem("locked", "meeting locked", RuleCatalogue.LockMeeting.Id),
        new TickableItem("recording", "recording", RuleCatalogue.Recording.Id),
        new TickableItem("adultPresent", "adult present", RuleCatalogue.AdultPresence.Id),
    };

    private readonly ISessionRepository _sessions;
    private readonly IStoreTransactions _transactions;
    private readonly IAuditTrail _audit;
    private readonly TimeProvider _clock;

    public HostChecklistTicks(ISessionRepository sessions, IStoreTransactions transactions, IAuditTrail audit, TimeProvider clock)
    {
        _sessions = sessions;
        _transactions = transactions;
        _audit = audit;
        _clock = clock;
    }

    /// <summary>The items this session's checklist asks the host to tick (adult present only when P9 applies).</summary>
    public static IReadOnlyList<TickableItem> For(Session session)
    {
        var keys = HostChecklist.For(session).Select(i => i.Key).ToHashSet();
        return Items.Where(i => keys.Contains(i.Key)).ToList();
    }

    /// <summary>The items of <paramref name="session"/> not ticked (yet), in checklist order.</summary>
    public static IReadOnlyList<TickableItem> NotTicked(Session session) =>
        For(session).Where(i => !IsTicked(session.Checklist, i.Key)).ToList();

    public static bool IsTicked(HostChecklistRecord? record, string key) => record is not null && key switch
    {
        "waitingRoom" => record.WaitingRoom,
        "locked" => record.Locked,
        "recording" => record.Recording,
        "adultPresent" => record.AdultPresent,
        _ => false,
    };

    /// <summary>
    /// Saves the ticks given (items not mentioned keep their state) and audits what changed.
    /// Returns the session as saved, or null when it does not exist.
    /// </summary>
    public Task<Session?> SaveAsync(string sessionId, IReadOnlyDictionary<string, bool> ticks, string actorId, string actorName, CancellationToken ct = default)
    {
        return _transactions.RunAsync(async () =>
        {
            var session = await _sessions.FindAsync(sessionId, ct);
            if (session is null) return null;
            var now = _clock.GetUtcNow();
            var before = session.Checklist;
            var after = new HostChecklistRecord
            {
                WaitingRoom = Pick(ticks, "waitingRoom", before?.WaitingRoom),
                Locked = Pick(ticks, "locked", before?.Locked),
                Recording = Pick(ticks, "recording", before?.Recording),
                AdultPresent = Pick(ticks, "adultPresent", before?.AdultPresent),
                UpdatedBy = actorId,
                UpdatedAt = now,
            };
            var ticked = Items.Where(i => IsTicked(after, i.Key) && !IsTicked(before, i.Key)).ToList();
            var unticked = Items.Where(i => !IsTicked(after, i.Key) && IsTicked(before, i.Key)).ToList();

            // Only the checklist field is written, so a Zoom event or a reschedule stored in the same
            // moment keeps its own changes to the session.
            await _sessions.SaveChecklistAsync(sessionId, after, ct);
            session.Checklist = after;

            var changes = new List<string>();
            if (ticked.Count > 0) changes.Add("ticked " + Describe(ticked));
            if (unticked.Count > 0) changes.Add("unticked " + Describe(unticked));
            await _audit.AppendAsync(now, actorId, "checklist.saved", new[] { session.Id },
                $"{actorName}: {(changes.Count == 0 ? "saved the checklist with no change" : string.Join("; ", changes))}", ct);
            return session;
        }, ct);
    }

    private static bool Pick(IReadOnlyDictionary<string, bool> ticks, string key, bool? current) =>
        ticks.TryGetValue(key, out var value) ? value : current ?? false;

    private static string Describe(IEnumerable<TickableItem> items) => string.Join(", ", items.Select(i => $"{i.Label} ({i.RuleId})"));
}

namespace Chexs.Bot.FollowUp;

public enum FollowUpKind
{
    /// <summary>P8: everyone expected has joined; tell the host to lock the meeting.</summary>
    LockNudge,
    /// <summary>P5: the meeting ended; check a recording was completed within the wait.</summary>
    RecordingCheck,
}

public enum FollowUpStatus
{
    Pending,
    /// <summary>Being sent; found at start-up it is tried again (see FollowUpWorker).</summary>
    Sending,
    Done,
    Skipped,
}

/// <summary>
/// A durable check owed for one session after a Zoom event: stored when the event arrives, swept by the
/// follow-up worker when due, so a restart in between loses nothing. One per kind and session.
/// </summary>
public sealed class FollowUpItem
{
    /// <summary>"{kind}:{sessionId}": one lock nudge and one recording check per session's meeting.</summary>
    public string Id { get; set; } = "";
    public FollowUpKind Kind { get; set; }
    public string SessionId { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset DueAt { get; set; }
    /// <summary>Equal to <see cref="DueAt"/> while outstanding, null afterwards (indexed, like reminders).</summary>
    public DateTime? OutstandingDueUtc { get; set; }
    public FollowUpStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset? DoneAt { get; set; }
    /// <summary>What happened, for people reading the database or the logs.</summary>
    public string? Outcome { get; set; }
    public string? LastError { get; set; }

    public static string IdFor(FollowUpKind kind, string sessionId) => $"{kind}:{sessionId}";
}

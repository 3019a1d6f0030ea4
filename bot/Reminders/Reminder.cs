namespace Chexs.Bot.Reminders;

public enum ReminderAudience
{
    /// <summary>Posted in the staff channel: no join link, no passcode, pupils by initials (P3, G6).</summary>
    Channel,
    /// <summary>Sent to the host's personal chat, with the host-only start link.</summary>
    Host,
}

public enum ReminderStatus
{
    Pending,
    /// <summary>Being handed to Teams; not yet confirmed. Found at start-up, it is sent again (see ReminderWorker).</summary>
    Sending,
    Sent,
    Skipped,
}

/// <summary>One reminder owed for one session at one G5 offset.</summary>
public sealed class Reminder
{
    /// <summary>Deterministic: session, start instant, offset and audience — rescheduling makes new ids.</summary>
    public string Id { get; set; } = "";
    public string SessionId { get; set; } = "";
    public ReminderAudience Audience { get; set; }
    public int OffsetMinutes { get; set; }
    public DateTimeOffset DueAt { get; set; }
    /// <summary>
    /// Equal to <see cref="DueAt"/> while the reminder still has to go out, null afterwards. Indexed, so
    /// finding due reminders touches only outstanding ones however many sessions are stored.
    /// </summary>
    public DateTime? OutstandingDueUtc { get; set; }
    public ReminderStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    /// <summary>Sent with the "sent late, it was due at …" banner (kept so a re-rendered card keeps it).</summary>
    public bool SentLate { get; set; }
    public string? SkipReason { get; set; }
    public string? ConversationId { get; set; }
    public string? ActivityId { get; set; }
    public string? LastError { get; set; }
}

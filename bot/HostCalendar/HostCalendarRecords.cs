namespace Chexs.Bot.HostCalendar;

/// <summary>The Outlook event that mirrors a session in its host's calendar ("hostCalendarEvents", one per session).</summary>
public sealed class HostCalendarEvent
{
    /// <summary>The session id.</summary>
    public string Id { get; set; } = "";
    /// <summary>Whose calendar the event is in (the host when it was made).</summary>
    public string HostId { get; set; } = "";
    /// <summary>
    /// Sent with the create request (Graph event.transactionId) and stored BEFORE it, so a create that
    /// succeeded just before a crash is not duplicated when it is repeated.
    /// </summary>
    public string TransactionId { get; set; } = "";
    public string? EventId { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public enum CalendarChangeStatus
{
    Pending,
    Done,
    Failed,
}

/// <summary>
/// "Bring this session's calendar event up to date" ("hostCalendarChanges", one row per session). The worker
/// reads the session as it is then, so several quick changes collapse into one Graph call.
/// </summary>
public sealed class HostCalendarChange
{
    /// <summary>The session id.</summary>
    public string Id { get; set; } = "";
    /// <summary>Bumped by every enqueue, so a change queued while the worker is busy is not lost.</summary>
    public int Version { get; set; }
    public CalendarChangeStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public string? LastError { get; set; }
}

/// <summary>What goes in the host's calendar for a session. No join link or passcode (P3), pupils by initials (G6).</summary>
public sealed record HostCalendarEntry(string Subject, string HtmlBody, DateTimeOffset Start, DateTimeOffset End, string Location);

/// <summary>
/// The host's Outlook calendar (Graph) or, offline, the log. A change that cannot be made is reported only as
/// <see cref="Outbox.DeliveryException"/>, whatever the calendar's own library threw.
/// </summary>
public interface IHostCalendar
{
    /// <summary>Creates the event and returns its id. Repeating a call with the same <paramref name="transactionId"/> must not make a second event.</summary>
    Task<string> CreateEventAsync(string hostId, HostCalendarEntry entry, string transactionId, CancellationToken cancellationToken);

    /// <summary>Updates the event; false when it no longer exists (the host deleted it).</summary>
    Task<bool> UpdateEventAsync(string hostId, string eventId, HostCalendarEntry entry, CancellationToken cancellationToken);

    /// <summary>Removes the event; an event that is already gone is fine.</summary>
    Task DeleteEventAsync(string hostId, string eventId, CancellationToken cancellationToken);
}

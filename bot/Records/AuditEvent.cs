namespace Chexs.Bot.Records;

/// <summary>One thing the bot decided or did. Append-only: nothing updates or deletes these.</summary>
public sealed class AuditEvent
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    /// <summary>Entra object id of the person, or "system" for the bot's own jobs.</summary>
    public string Actor { get; set; } = "";
    /// <summary>Short verb phrase, e.g. "session.booked", "consent.withdrawn".</summary>
    public string Action { get; set; } = "";
    /// <summary>Ids of the records involved (session, pupil, consent…).</summary>
    public List<string> Records { get; set; } = new();
    /// <summary>Human-readable detail. Never a join link or passcode.</summary>
    public string? Detail { get; set; }
}

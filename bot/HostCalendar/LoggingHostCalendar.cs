namespace Chexs.Bot.HostCalendar;

/// <summary>Offline development: calendar events are only logged (subject and times; no links exist in them).</summary>
public sealed class LoggingHostCalendar(ILogger<LoggingHostCalendar> log) : IHostCalendar
{
    public Task<string> CreateEventAsync(string hostId, HostCalendarEntry entry, string transactionId, CancellationToken cancellationToken)
    {
        log.LogInformation("Offline calendar: would add \"{Subject}\" {Start:u}–{End:u} to the calendar of {HostId}.", entry.Subject, entry.Start, entry.End, hostId);
        return Task.FromResult($"offline-{transactionId}");
    }

    public Task<bool> UpdateEventAsync(string hostId, string eventId, HostCalendarEntry entry, CancellationToken cancellationToken)
    {
        log.LogInformation("Offline calendar: would move \"{Subject}\" to {Start:u}–{End:u} in the calendar of {HostId}.", entry.Subject, entry.Start, entry.End, hostId);
        return Task.FromResult(true);
    }

    public Task DeleteEventAsync(string hostId, string eventId, CancellationToken cancellationToken)
    {
        log.LogInformation("Offline calendar: would remove event {EventId} from the calendar of {HostId}.", eventId, hostId);
        return Task.CompletedTask;
    }
}

using Chexs.Bot.HostCalendar;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;

namespace Chexs.Bot.Graph;

/// <summary>
/// Host calendar events through /users/{hostId}/events (Calendars.ReadWrite, application permission).
/// Events are private (sensitivity), busy, with no attendees: they are the host's own reminder.
/// Graph failures leave here only as <see cref="Outbox.DeliveryException"/> (see <see cref="GraphFailure"/>).
/// </summary>
public sealed class GraphHostCalendar(GraphServiceClient graph, TimeProvider clock) : IHostCalendar
{
    public Task<string> CreateEventAsync(string hostId, HostCalendarEntry entry, string transactionId, CancellationToken cancellationToken) =>
        GraphFailure.Guard(async () =>
        {
            var ev = ToEvent(entry);
            ev.TransactionId = transactionId; // Graph: repeated creates with the same transactionId do not duplicate the event
            var created = await graph.Users[hostId].Events.PostAsync(ev, cancellationToken: cancellationToken);
            return created?.Id ?? throw new InvalidOperationException("Graph created the calendar event but returned no id.");
        }, clock);

    public Task<bool> UpdateEventAsync(string hostId, string eventId, HostCalendarEntry entry, CancellationToken cancellationToken) =>
        GraphFailure.Guard(async () =>
        {
            try
            {
                await graph.Users[hostId].Events[eventId].PatchAsync(ToEvent(entry), cancellationToken: cancellationToken);
                return true;
            }
            catch (ODataError e) when (e.ResponseStatusCode == 404)
            {
                return false; // the host deleted it in Outlook
            }
        }, clock);

    public Task DeleteEventAsync(string hostId, string eventId, CancellationToken cancellationToken) =>
        GraphFailure.Guard(async () =>
        {
            try
            {
                await graph.Users[hostId].Events[eventId].DeleteAsync(cancellationToken: cancellationToken);
            }
            catch (ODataError e) when (e.ResponseStatusCode == 404)
            {
                // Already gone.
            }
        }, clock);

    private static Event ToEvent(HostCalendarEntry entry) => new()
    {
        Subject = entry.Subject,
        Body = new ItemBody { ContentType = BodyType.Html, Content = entry.HtmlBody },
        // UTC on the wire; Outlook shows it in the host's own zone.
        Start = new DateTimeTimeZone { DateTime = entry.Start.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss"), TimeZone = "UTC" },
        End = new DateTimeTimeZone { DateTime = entry.End.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss"), TimeZone = "UTC" },
        Location = new Location { DisplayName = entry.Location },
        Sensitivity = Sensitivity.Private,
        ShowAs = FreeBusyStatus.Busy,
        IsReminderOn = true,
        ReminderMinutesBeforeStart = 15,
    };
}

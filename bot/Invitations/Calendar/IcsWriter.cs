using Chexs.Bot.Records;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace Chexs.Bot.Invitations.Calendar;

/// <summary>
/// Writes a <see cref="SessionCalendarEntry"/> as an iCalendar file (RFC 5545) with Ical.Net. Times are written in the
/// organisation's zone (Europe/London) with its VTIMEZONE, so a calendar shows 4pm on both sides of a clock change
/// and a weekly series stays at 4pm through the last Sunday of March and of October.
/// This is the one entry point for every calendar part the bot sends, single sessions and series alike.
/// </summary>
public static class IcsWriter
{
    public const string ProductId = "-//CHEXS//CHEXS Bot//EN";

    public static string Write(SessionCalendarEntry entry, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var tzId = IanaId(zone);
        var start = TimeZoneInfo.ConvertTime(entry.Start, zone);

        var calendar = new Ical.Net.Calendar { ProductId = ProductId, Method = entry.Method };
        // Rules from a year before the session are enough for any calendar to place it (and its series) correctly.
        calendar.AddTimeZone(VTimeZone.FromDateTimeZone(tzId, start.DateTime.AddYears(-1), includeHistoricalData: false));

        var ev = new CalendarEvent
        {
            Uid = entry.Uid,
            Sequence = entry.Sequence,
            DtStamp = new CalDateTime(entry.Stamp.UtcDateTime, CalDateTime.UtcTzId),
            DtStart = Local(start, tzId),
            Duration = Duration.FromMinutes(entry.DurationMinutes),
            Summary = entry.Summary,
            Description = entry.Description,
            Location = entry.Location,
            Status = entry.Cancelled ? "CANCELLED" : "CONFIRMED",
            Transparency = "OPAQUE",
            Class = "PRIVATE",
            Organizer = new Organizer("mailto:" + entry.OrganizerEmail) { CommonName = entry.OrganizerName },
        };
        // RSVP=FALSE: the invitation informs; nobody has to answer it, and answers would only land in the shared mailbox.
        ev.Attendees.Add(new Attendee("mailto:" + entry.AttendeeEmail)
        {
            CommonName = entry.AttendeeName.Length > 0 ? entry.AttendeeName : null,
            Role = "REQ-PARTICIPANT",
            ParticipationStatus = "NEEDS-ACTION",
            Rsvp = false,
        });
        if (entry.Recurrence is { } series)
        {
            if (series.Count is null == series.Until is null) throw new ArgumentException("A series has either a count or an end date.", nameof(entry));
            var rule = new RecurrencePattern(FrequencyType.Weekly, series.Frequency == SeriesFrequency.Fortnightly ? 2 : 1);
            if (series.Count is { } count) rule.Count = count;
            // RFC 5545: with a zoned DTSTART, UNTIL is in UTC. The last local day counts whole.
            if (series.Until is { } until) rule.Until = new CalDateTime(TimeZoneInfo.ConvertTimeToUtc(until.ToDateTime(new TimeOnly(23, 59, 59)), zone), CalDateTime.UtcTzId);
            ev.RecurrenceRule = rule;
            foreach (var skipped in series.ExcludedStarts.Order()) ev.ExceptionDates.Add(Local(TimeZoneInfo.ConvertTime(skipped, zone), tzId));
        }
        if (!entry.Cancelled)
        {
            ev.Alarms.Add(new Alarm
            {
                Action = AlarmAction.Display,
                Description = entry.ReminderText.Length > 0 ? entry.ReminderText : entry.Summary,
                Trigger = new Trigger(Duration.FromMinutes(-entry.ReminderMinutes)),
            });
        }
        calendar.Events.Add(ev);
        return new CalendarSerializer().SerializeToString(calendar) ?? throw new InvalidOperationException("Ical.Net wrote no calendar.");
    }

    private static CalDateTime Local(DateTimeOffset local, string tzId) =>
        new(local.Year, local.Month, local.Day, local.Hour, local.Minute, local.Second, tzId);

    /// <summary>Calendars know IANA ids ("Europe/London"); Windows hosts name the zone "GMT Standard Time".</summary>
    private static string IanaId(TimeZoneInfo zone) =>
        zone.HasIanaId ? zone.Id : TimeZoneInfo.TryConvertWindowsIdToIanaId(zone.Id, out var iana) ? iana : zone.Id;
}

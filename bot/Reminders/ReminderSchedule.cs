using Chexs.Bot.Records;

namespace Chexs.Bot.Reminders;

/// <summary>
/// When a session's reminders fall due (G5). Pure.
/// Offsets of whole days are counted in local calendar days, so "24 hours before" a 16:00 session
/// is 16:00 the day before on the wall clock even across a clock change — what staff expect.
/// Shorter offsets are real elapsed time ("15 minutes before" is always 15 minutes).
/// </summary>
public static class ReminderSchedule
{
    public static IReadOnlyList<Reminder> For(Session session, IEnumerable<TimeSpan> offsets, TimeZoneInfo zone)
    {
        var list = new List<Reminder>();
        foreach (var offset in offsets.Where(o => o > TimeSpan.Zero).Distinct())
        {
            var due = DueAt(session.Start, offset, zone);
            foreach (var audience in new[] { ReminderAudience.Channel, ReminderAudience.Host })
            {
                list.Add(new Reminder
                {
                    Id = $"{session.Id}|{session.Start.UtcTicks}|{(int)offset.TotalMinutes}|{audience}",
                    SessionId = session.Id,
                    Audience = audience,
                    OffsetMinutes = (int)offset.TotalMinutes,
                    DueAt = due,
                    OutstandingDueUtc = due.UtcDateTime,
                    Status = ReminderStatus.Pending,
                });
            }
        }
        return list;
    }

    public static DateTimeOffset DueAt(DateTimeOffset start, TimeSpan offset, TimeZoneInfo zone)
    {
        if (offset.Ticks % TimeSpan.TicksPerDay != 0)
        {
            return start - offset;
        }
        var localStart = TimeZoneInfo.ConvertTime(start, zone).DateTime;
        var localDue = localStart.AddDays(-offset.TotalDays);
        if (zone.IsInvalidTime(localDue))
        {
            // The wall-clock time does not exist that day (spring forward): fall back to elapsed time.
            return start - offset;
        }
        var utcOffset = zone.IsAmbiguousTime(localDue) ? zone.GetAmbiguousTimeOffsets(localDue).Max() : zone.GetUtcOffset(localDue);
        return new DateTimeOffset(localDue, utcOffset);
    }
}

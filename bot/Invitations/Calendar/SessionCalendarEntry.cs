using Chexs.Bot.Records;

namespace Chexs.Bot.Invitations.Calendar;

/// <summary>
/// A weekly or fortnightly series (issue 17 part 4): from the entry's start, <see cref="Count"/> occurrences or until
/// <see cref="Until"/> (a date in the organisation's zone, inclusive), less <see cref="Excluded"/> (the starts of the
/// dates that were skipped or cancelled: EXDATE). Exactly one of Count and Until.
/// </summary>
public sealed record CalendarRecurrence(SeriesFrequency Frequency, int? Count = null, DateOnly? Until = null, IReadOnlyList<DateTimeOffset>? Excluded = null)
{
    public IReadOnlyList<DateTimeOffset> ExcludedStarts => Excluded ?? [];
}

/// <summary>
/// One session (or one series) as a guardian's calendar should show it. <see cref="Uid"/> is the same in every email
/// about the session, so calendars update the entry rather than add a second; <see cref="Sequence"/> grows with each
/// change (a calendar ignores an update whose sequence is not higher than what it has); <see cref="Cancelled"/>
/// makes it METHOD:CANCEL. The description holds the join link and passcode: this goes only to the guardian (P3).
/// </summary>
public sealed record SessionCalendarEntry(
    string Uid,
    int Sequence,
    DateTimeOffset Start,
    int DurationMinutes,
    string Summary,
    string Description,
    string? Location,
    string OrganizerEmail,
    string OrganizerName,
    string AttendeeEmail,
    string AttendeeName,
    DateTimeOffset Stamp,
    bool Cancelled = false,
    int ReminderMinutes = SessionCalendarEntry.DefaultReminderMinutes,
    string ReminderText = "",
    CalendarRecurrence? Recurrence = null)
{
    public const int DefaultReminderMinutes = 30;

    /// <summary>The UID of a session's calendar entry: stable for the session's whole life.</summary>
    public static string UidFor(string sessionId) => $"{sessionId}@chexs-bot";

    /// <summary>REQUEST for a new or changed entry, CANCEL when it is off (RFC 5546).</summary>
    public string Method => Cancelled ? "CANCEL" : "REQUEST";
}

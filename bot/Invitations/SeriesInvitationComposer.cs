using Chexs.Bot.Records;
using Chexs.Bot.Invitations.Languages;
using Chexs.Bot.Safeguarding;

namespace Chexs.Bot.Invitations;

/// <summary>
/// The pattern of a series as a calendar sees it: the first start, how often, the last start, and the dates inside
/// the run that have no session (skipped when booked). For the recurring calendar entry (RRULE with EXDATEs) that
/// goes with the series e-mail.
/// </summary>
public sealed record SeriesRecurrence(DateTimeOffset FirstStart, int DurationMinutes, SeriesFrequency Frequency, DateTimeOffset LastStart, IReadOnlyList<DateTimeOffset> ExceptionDates);

/// <summary>
/// THE place a series' guardian e-mail is written: one e-mail per guardian and pupil listing every booked date with
/// its own join link and passcode (one Zoom meeting per date, see <c>Sessions/SeriesScheduler</c>) and the dates of
/// the run that were skipped. Pure, like <see cref="InvitationComposer"/>, whose policy lines it shares (P3, P9,
/// P11–P14), so a rule's words live once. The recurring calendar entry (RRULE + EXDATEs) belongs with this e-mail:
/// <see cref="Recurrence"/> gives its facts.
/// </summary>
public sealed class SeriesInvitationComposer
{
    private readonly InvitationComposer _single;
    private readonly SafeguardingOptions _safeguarding;

    public SeriesInvitationComposer(InvitationComposer single)
    {
        _single = single;
        _safeguarding = single.Safeguarding;
    }

    /// <param name="sessions">The series' booked sessions, each with its Zoom meeting, in date order.</param>
    /// <exception cref="InvalidRecipientException">The guardian may not receive this pupil's join details (P3).</exception>
    public GuardianEmail Compose(BookingSeries series, IReadOnlyList<Session> sessions, Pupil pupil, Guardian guardian)
    {
        if (sessions.Count == 0) throw new ArgumentException($"Series {series.Id} has no booked dates to send.", nameof(sessions));
        var theirs = sessions.Where(s => s.PupilIds.Contains(pupil.Id, StringComparer.Ordinal)).OrderBy(s => s.Start).ToList();
        if (theirs.Count == 0) throw new InvalidRecipientException($"Pupil {pupil.Id} is not in series {series.Id}.");
        if (GuardianRecipients.WhyNot(pupil, guardian) is { } why)
            throw new InvalidRecipientException($"Guardian {guardian.Id} cannot receive pupil {pupil.Id}'s join details: {why}.");
        if (!_safeguarding.HasConcernsContact)
            throw new InvalidOperationException($"P14: no CHEXS concerns contact is configured ({string.Join(", ", ConcernsContactSettings.Missing(_safeguarding))}).");

        // Series e-mails are written in English for now (the series lines have no Welsh template yet); the policy lines
        // come from the English template, so their words are the single e-mail's.
        var t = EmailTemplate.For(GuardianLanguage.English);
        var child = InvitationComposer.ChildName(t, pupil);
        var programme = series.Programme.Display();
        var often = series.Frequency == SeriesFrequency.Fortnightly ? "fortnightly" : "weekly";
        var title = $"{child}'s CHEXS {programme} sessions";
        var opening = new List<EmailLine>
        {
            new(t.Text("greeting", ("guardian", InvitationComposer.Greeting(t, guardian)))),
            new($"{child} is invited to {theirs.Count} {often} CHEXS {programme} video session{(theirs.Count == 1 ? "" : "s")} on Zoom, {When(series, theirs)}."),
        };
        var dates = new List<EmailLine> { new("Each date has its own join link and passcode:") };
        foreach (var s in theirs)
        {
            var meeting = s.Meeting ?? throw new InvalidOperationException($"Session {s.Id} has no Zoom meeting yet, so there is nothing to join.");
            dates.Add(new(_single.When(s)));
            dates.Add(new(t.Text("join.label"), meeting.JoinUrl, $"Join {child}'s session on {LocalTimes.ShortDate(s.Start, _safeguarding.Zone)} on Zoom"));
            dates.Add(new(t.Text("join.passcode", ("passcode", meeting.Passcode))));
        }
        if (series.Skipped.Count > 0)
        {
            dates.Add(new($"There is no session on {string.Join(", ", series.Skipped.OrderBy(d => d.Start).Select(d => LocalTimes.ShortDate(d.Start, _safeguarding.Zone)))}."));
        }
        dates.Add(new(t.Text("policy.P3.private", ("child", child))));
        dates.Add(new(t.Text("join.waitingRoom")));
        dates.Add(new("If a date moves or is cancelled, we will e-mail you about that date."));
        var sections = new List<EmailSection>
        {
            new(null, opening),
            new(t.Text("heading.join"), dates),
            _single.SafetySection(t, child, theirs.Any(s => _single.NeedsAdultPresent(s, pupil))),
            new(t.Text("heading.contact"), [new(_single.ConcernsLine(t)), new($"Series reference: {series.Id} (sessions {string.Join(", ", theirs.Select(s => s.Id))})")]),
            new(null, [new(t.Text("signOff")), new(t.Text("signature"))]),
        };

        var subject = $"{child}'s CHEXS {programme} sessions: {theirs.Count} dates from {LocalTimes.ShortDateTime(theirs[0].Start, _safeguarding.Zone)}";
        return new GuardianEmail(guardian.Email.Trim(), GuardianRecipients.SafeDisplayName(guardian.Name), subject,
            [new EmailBlock(GuardianLanguage.English, title, sections)], GuardianLanguage.English);
    }

    /// <summary>
    /// The recurring calendar entry for the series e-mail: the first date's time, repeating weekly or fortnightly up to
    /// the last booked date, with the skipped dates as EXDATEs. Each date has its own Zoom meeting, so the description
    /// lists every date's join link rather than one location.
    /// </summary>
    public Calendar.SessionCalendarEntry CalendarFor(BookingSeries series, IReadOnlyList<Session> sessions, Pupil pupil, Guardian guardian, GuardianEmail email,
        int sequence, DateTimeOffset stamp, string organizerEmail)
    {
        var theirs = sessions.Where(s => s.PupilIds.Contains(pupil.Id, StringComparer.Ordinal)).OrderBy(s => s.Start).ToList();
        var pattern = Recurrence(series, theirs);
        var frequency = pattern.Frequency;
        var count = 1 + (int)Math.Round((pattern.LastStart - pattern.FirstStart).TotalDays / (frequency == SeriesFrequency.Fortnightly ? 14 : 7));
        var recurrence = new Calendar.CalendarRecurrence(frequency, Count: count, Excluded: pattern.ExceptionDates);
        var t = EmailTemplate.For(GuardianLanguage.English);
        var child = InvitationComposer.ChildName(t, pupil);
        return new Calendar.SessionCalendarEntry(
            Calendar.SessionCalendarEntry.UidFor(series.Id), sequence, pattern.FirstStart, pattern.DurationMinutes, email.Subject, email.TextBody,
            null, organizerEmail, "CHEXS", guardian.Email.Trim(), GuardianRecipients.SafeDisplayName(guardian.Name), stamp,
            ReminderText: t.Text("calendar.reminder", ("child", child), ("minutes", Calendar.SessionCalendarEntry.DefaultReminderMinutes.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            Recurrence: recurrence);
    }

    /// <summary>"every Tuesday, 4:00pm to 4:45pm (UK time), from Tue 1 Dec 2026 to Tue 5 Jan 2027" (for the outbox row and the host's notice).</summary>
    public string When(BookingSeries series, IReadOnlyList<Session> sessions)
    {
        var first = sessions.MinBy(s => s.Start)!;
        var last = sessions.MaxBy(s => s.Start)!;
        var day = LocalTimes.ToLocal(first.Start, _safeguarding.Zone).DayOfWeek;
        var times = LocalTimes.Describe(first.Start, first.DurationMinutes, _safeguarding.Zone);
        var clock = times[(times.IndexOf(',') + 2)..];
        var every = series.Frequency == SeriesFrequency.Fortnightly ? $"every other {day}" : $"every {day}";
        return sessions.Count == 1
            ? times
            : $"{every}, {clock}, from {LocalTimes.ShortDate(first.Start, _safeguarding.Zone)} to {LocalTimes.ShortDate(last.Start, _safeguarding.Zone)}";
    }

    /// <summary>The calendar pattern of the booked dates: every step from the first to the last, except the skipped dates.</summary>
    public static SeriesRecurrence Recurrence(BookingSeries series, IReadOnlyList<Session> sessions)
    {
        var ordered = sessions.OrderBy(s => s.Start).ToList();
        var first = ordered[0];
        var last = ordered[^1];
        var exceptions = series.Skipped.Select(d => d.Start).Where(d => d > first.Start && d < last.Start).Order().ToList();
        return new SeriesRecurrence(first.Start, first.DurationMinutes, series.Frequency, last.Start, exceptions);
    }
}

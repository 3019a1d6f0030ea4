using Chexs.Bot.Invitations;
using Chexs.Bot.Invitations.Calendar;
using Chexs.Bot.Notices;
using Chexs.Bot.Records;
using Ical.Net.DataTypes;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;
using IcalCalendar = Ical.Net.Calendar;

namespace Chexs.Bot.Tests.Graph;

/// <summary>Reads what the bot wrote back with Ical.Net, as a guardian's calendar would.</summary>
internal static class Ics
{
    public static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    public static IcalCalendar Read(string ics) => IcalCalendar.Load(ics) ?? throw new InvalidOperationException("not a calendar");

    /// <summary>The text/calendar part of a message (the one inside multipart/alternative).</summary>
    public static string CalendarPart(MimeMessage message) =>
        message.BodyParts.OfType<MimePart>().First(p => p.ContentType.IsMimeType("text", "calendar")) is var part && part.Content is not null
            ? new StreamReader(part.Content.Open()).ReadToEnd()
            : throw new InvalidOperationException("no calendar part");

    public static DateTimeOffset Utc(int y, int mo, int d, int h, int mi = 0) => new(y, mo, d, h, mi, 0, TimeSpan.Zero);

    public static SessionCalendarEntry Entry(DateTimeOffset start, CalendarRecurrence? recurrence = null, bool cancelled = false, int sequence = 0) =>
        new("S-7K3Q9@chexs-bot", sequence, start, 45, "Sam's CHEXS session", "Join link: https://zoom.us/j/1\nPasscode: k7Q2pX", "https://zoom.us/j/1",
            "sessions@chexs.example", "CHEXS", "priya@example.org", "Priya Patel", Utc(2026, 11, 30, 9), cancelled, Recurrence: recurrence);

    public static IReadOnlyList<DateTime> OccurrencesUtc(IcalCalendar calendar) =>
        calendar.Events.Single().GetOccurrences(new CalDateTime(2020, 1, 1, 0, 0, 0, CalDateTime.UtcTzId), null)
            .Select(o => o.Period.StartTime.AsUtc).Take(100).ToList();
}

/// <summary>The iCalendar part on its own: times in Europe/London across the clock changes, series, cancellation.</summary>
public sealed class IcsWriterTests
{
    [Theory]
    // Late March: the clocks go forward on Sunday 29 March 2026 (GMT → BST).
    [InlineData(2026, 3, 27, 16)] // Friday before: 4pm GMT = 16:00 UTC
    [InlineData(2026, 3, 31, 15)] // Tuesday after: 4pm BST = 15:00 UTC
    // Late October: the clocks go back on Sunday 25 October 2026 (BST → GMT).
    [InlineData(2026, 10, 23, 15)] // Friday before: 4pm BST
    [InlineData(2026, 10, 27, 16)] // Tuesday after: 4pm GMT
    public void A_4pm_session_is_4pm_London_time_either_side_of_a_clock_change(int year, int month, int day, int utcHour)
    {
        var calendar = Ics.Read(IcsWriter.Write(Ics.Entry(Ics.Utc(year, month, day, utcHour)), Ics.London));

        var ev = calendar.Events.Single();
        Assert.Equal("Europe/London", ev.DtStart!.TzId);
        Assert.Equal(16, ev.DtStart.Hour);
        Assert.Equal(new DateTime(year, month, day, utcHour, 0, 0, DateTimeKind.Utc), ev.DtStart.AsUtc);
        Assert.Equal(TimeSpan.FromMinutes(45), ev.EffectiveDuration.ToTimeSpanUnspecified());
        var zone = Assert.Single(calendar.TimeZones);
        Assert.Equal("Europe/London", zone.TzId);
        Assert.Equal("REQUEST", calendar.Method);
        Assert.Equal("S-7K3Q9@chexs-bot", ev.Uid);
        Assert.Equal("mailto:priya@example.org", ev.Attendees.Single().Value!.ToString());
        Assert.False(ev.Attendees.Single().Rsvp);
        Assert.Equal("mailto:sessions@chexs.example", ev.Organizer!.Value!.ToString());
        var alarm = Assert.Single(ev.Alarms);
        Assert.Equal("DISPLAY", alarm.Action);
        Assert.Equal(TimeSpan.FromMinutes(-30), alarm.Trigger!.Duration!.Value.ToTimeSpanUnspecified());
    }

    [Fact]
    public void A_cancellation_is_METHOD_CANCEL_for_the_same_UID_with_a_higher_sequence_and_no_reminder()
    {
        var calendar = Ics.Read(IcsWriter.Write(Ics.Entry(Ics.Utc(2026, 12, 3, 16), cancelled: true, sequence: 3), Ics.London));

        Assert.Equal("CANCEL", calendar.Method);
        var ev = calendar.Events.Single();
        Assert.Equal("S-7K3Q9@chexs-bot", ev.Uid);
        Assert.Equal(3, ev.Sequence);
        Assert.Equal("CANCELLED", ev.Status);
        Assert.Empty(ev.Alarms);
    }

    [Fact]
    public void A_weekly_series_through_the_March_change_stays_at_4pm_and_leaves_out_the_skipped_date()
    {
        // Tuesdays from 17 March 2026, four weeks, 24 March skipped (say, a holiday): 17 Mar GMT, 31 Mar and 7 Apr BST.
        var series = new CalendarRecurrence(SeriesFrequency.Weekly, Count: 4, Excluded: [Ics.Utc(2026, 3, 24, 16)]);

        var text = IcsWriter.Write(Ics.Entry(Ics.Utc(2026, 3, 17, 16), series), Ics.London);
        var calendar = Ics.Read(text);

        Assert.Contains("RRULE:FREQ=WEEKLY;COUNT=4", text);
        Assert.Contains("EXDATE;TZID=Europe/London:20260324T160000", text);
        Assert.Equal(
            [new DateTime(2026, 3, 17, 16, 0, 0, DateTimeKind.Utc), new DateTime(2026, 3, 31, 15, 0, 0, DateTimeKind.Utc), new DateTime(2026, 4, 7, 15, 0, 0, DateTimeKind.Utc)],
            Ics.OccurrencesUtc(calendar));
    }

    [Fact]
    public void A_fortnightly_series_until_a_date_through_the_October_change_ends_on_that_day()
    {
        // Every other Tuesday from 13 October 2026 until 17 December, 10 November skipped.
        var series = new CalendarRecurrence(SeriesFrequency.Fortnightly, Until: new DateOnly(2026, 12, 17), Excluded: [Ics.Utc(2026, 11, 10, 16)]);

        var text = IcsWriter.Write(Ics.Entry(Ics.Utc(2026, 10, 13, 15), series), Ics.London);

        Assert.Contains("INTERVAL=2", text);
        Assert.Contains("UNTIL=20261217T235959Z", text); // 23:59:59 London on 17 Dec is GMT, so the same in UTC
        Assert.Equal(
            [new DateTime(2026, 10, 13, 15, 0, 0, DateTimeKind.Utc), new DateTime(2026, 10, 27, 16, 0, 0, DateTimeKind.Utc),
             new DateTime(2026, 11, 24, 16, 0, 0, DateTimeKind.Utc), new DateTime(2026, 12, 8, 16, 0, 0, DateTimeKind.Utc)],
            Ics.OccurrencesUtc(Ics.Read(text)));
    }

    [Fact]
    public void A_series_needs_exactly_one_of_a_count_and_an_end_date()
    {
        Assert.Throws<ArgumentException>(() => IcsWriter.Write(Ics.Entry(Ics.Utc(2026, 3, 17, 16), new CalendarRecurrence(SeriesFrequency.Weekly)), Ics.London));
        Assert.Throws<ArgumentException>(() => IcsWriter.Write(Ics.Entry(Ics.Utc(2026, 3, 17, 16), new CalendarRecurrence(SeriesFrequency.Weekly, 3, new DateOnly(2026, 5, 1))), Ics.London));
    }
}

/// <summary>
/// The "done when": the offline pickup folder holds, for a booking, a reschedule and a cancellation, e-mails whose
/// .ics parts Ical.Net reads back with the right times and sequence (growing across restarts), and Welsh for a guardian marked cy.
/// </summary>
public sealed class PickupFolderCalendarTests : IDisposable
{
    private readonly GraphTestKit _kit = new();

    public void Dispose() => _kit.Dispose();

    private async Task<MimeMessage> SendOneAsync(Session session, InvitationKind kind, Session? previous = null)
    {
        // A fresh outbox and sender each time, over the reopened database: as after a restart.
        var sender = new PickupFolderMailSender(_kit.PickupFolder, Ids.Mailbox, _kit.Clock);
        var invitations = new GuardianInvitations(_kit.Db.GuardianEmailOutbox, _kit.Db.PupilRepository, _kit.Db.GuardianRepository, _kit.Db.Transactions,
            new InvitationComposer(_kit.SafeguardingSettings), _kit.Clock, _kit.GraphOptions, _kit.SafeguardingSettings);
        var worker = new GuardianEmailWorker(_kit.Db.GuardianEmailOutbox, _kit.Db.Transactions, _kit.Db.AuditTrail, sender, _kit.Db.WorkClaims(_kit.Clock), new StaffNotices(_kit.Db.NoticeOutbox, _kit.Clock),
            invitations, _kit.GraphOptions, _kit.Clock, NullLogger<GuardianEmailWorker>.Instance);
        var before = Directory.Exists(_kit.PickupFolder) ? Directory.GetFiles(_kit.PickupFolder, "*.eml").ToHashSet() : [];
        var batch = await invitations.EnqueueAsync(session, kind, previous);
        Assert.Single(batch.Queued);
        await worker.RunOnceAsync();
        var file = Assert.Single(Directory.GetFiles(_kit.PickupFolder, "*.eml"), f => !before.Contains(f));
        _kit.Clock.Advance(TimeSpan.FromMinutes(1)); // the next file gets a later name
        return MimeMessage.Load(file);
    }

    private (Pupil Pupil, Guardian Guardian) OneGuardian(string language)
    {
        var (pupil, mum, dad) = _kit.SeedFamily(new DateOnly(2014, 6, 21));
        mum.Language = language;
        _kit.Db.Guardians.Update(mum);
        dad.PupilIds.Clear(); // one e-mail per step keeps the test about the calendar
        _kit.Db.Guardians.Update(dad);
        return (pupil, mum);
    }

    [Fact]
    public async Task Booking_reschedule_and_cancellation_carry_one_UID_with_a_growing_sequence_across_restarts()
    {
        var (pupil, _) = OneGuardian("en");
        // Thursday 28 October 2027, 4pm BST; moved to Tuesday 2 November 2027, 4pm GMT (the clocks go back on 31 October).
        var session = _kit.SeedSession(pupil.Id);
        session.Start = Ics.Utc(2027, 10, 28, 15);
        _kit.Db.Sessions.Upsert(session);

        var booked = await SendOneAsync(session, InvitationKind.Invitation);
        _kit.Restart();
        var previous = session.Copy();
        session.MoveTo(Ics.Utc(2027, 11, 2, 16), 45);
        _kit.Db.Sessions.Upsert(session);
        var moved = await SendOneAsync(session, InvitationKind.Rescheduled, previous);
        _kit.Restart();
        session.Cancel("test");
        _kit.Db.Sessions.Upsert(session);
        var cancelled = await SendOneAsync(session, InvitationKind.Cancelled);

        var calendars = new[] { booked, moved, cancelled }.Select(m => Ics.Read(Ics.CalendarPart(m))).ToList();
        Assert.Equal(["REQUEST", "REQUEST", "CANCEL"], calendars.Select(c => c.Method));
        Assert.All(calendars, c => Assert.Equal("S-7K3Q9@chexs-bot", c.Events.Single().Uid));
        Assert.Equal([0, 1, 2], calendars.Select(c => c.Events.Single().Sequence));
        Assert.Equal(new DateTime(2027, 10, 28, 15, 0, 0, DateTimeKind.Utc), calendars[0].Events.Single().DtStart!.AsUtc);
        Assert.Equal(new DateTime(2027, 11, 2, 16, 0, 0, DateTimeKind.Utc), calendars[1].Events.Single().DtStart!.AsUtc);
        Assert.All(calendars.Take(2), c => Assert.Equal(16, c.Events.Single().DtStart!.Hour)); // 4pm on the guardian's wall clock both times

        // The join link and passcode are in the invitation's description (it goes only to the guardian, P3), not in the cancellation's.
        Assert.Contains(GraphTestKit.JoinUrl, calendars[0].Events.Single().Description);
        Assert.Contains("Passcode: " + GraphTestKit.Passcode, calendars[1].Events.Single().Description);
        Assert.DoesNotContain(GraphTestKit.Passcode, Ics.CalendarPart(cancelled));
        Assert.Contains("It was: Thursday 28 October 2027, 4:00pm to 4:45pm (UK time)", moved.TextBody);
        Assert.Contains("It is now: Tuesday 2 November 2027, 4:00pm to 4:45pm (UK time)", moved.TextBody);

        // The same calendar is attached as invite.ics for mail apps that only show attachments.
        var attachment = Assert.Single(booked.Attachments.OfType<MimePart>());
        Assert.Equal("invite.ics", attachment.FileName);
        var inline = booked.BodyParts.OfType<MimePart>().First(p => p.ContentType.IsMimeType("text", "calendar")).ContentType;
        Assert.Equal("REQUEST", inline.Parameters["method"]);
        Assert.Equal("utf-8", inline.Charset);
        Assert.Equal("CANCEL", cancelled.BodyParts.OfType<MimePart>().First(p => p.ContentType.IsMimeType("text", "calendar")).ContentType.Parameters["method"]);
    }

    [Fact]
    public async Task A_guardian_marked_cy_gets_the_email_and_the_calendar_entry_in_Welsh()
    {
        var (pupil, mum) = OneGuardian("cy");
        var session = _kit.SeedSession(pupil.Id);

        var message = await SendOneAsync(session, InvitationKind.Invitation);

        Assert.Equal("cy", message.Body!.Headers[HeaderId.ContentLanguage]);
        Assert.Equal("Sesiwn Sam gyda CHEXS (Rhaglen Twf): Iau 3 Rhag 2026, 4:00yh", message.Subject);
        var text = message.TextBody;
        Assert.Contains("Annwyl Priya Patel,", text);
        Assert.Contains("Pryd: dydd Iau 3 Rhagfyr 2026, 4:00yh tan 4:45yh (amser y DU)", text);
        Assert.Contains("Dolen ymuno: " + GraphTestKit.JoinUrl, text);
        Assert.Contains("Cod mynediad: " + GraphTestKit.Passcode, text);
        Assert.Contains("Gan fod Sam o dan 14 oed", text); // P9: 12 on the day
        Assert.DoesNotContain("Dear ", text);
        Assert.Contains("<html lang=\"cy\">", message.HtmlBody);
        var ev = Ics.Read(Ics.CalendarPart(message)).Events.Single();
        Assert.Equal("Sesiwn Sam gyda CHEXS (Rhaglen Twf)", ev.Summary);
        Assert.Contains("Cod mynediad: " + GraphTestKit.Passcode, ev.Description);
        Assert.Equal(mum.Email, message.To.Mailboxes.Single().Address);
    }
}

using Chexs.Bot.HostCalendar;
using Chexs.Bot.Invitations;
using Chexs.Bot.Records;
using Chexs.Bot.Reminders;
using Chexs.Bot.Sessions;
using Chexs.Bot.Storage;
using Chexs.Bot.Tests.Sessions;
using Chexs.Bot.Zoom;

namespace Chexs.Bot.Tests.StorageEngines;

/// <summary>
/// The whole booking flow (the bot's real services, Storage:Engine=PostgreSql, the fake Zoom) on a database
/// of its own: a booking is fully made on PostgreSQL, a second click finds it, and a cancellation lands whole.
/// Everything is read back through the ports (SessionWorld's raw views are LiteDB's).
/// </summary>
public sealed class PostgreSqlBookingFlowTests
{
    private static async Task OnPostgreSql(Func<SessionWorld, Task> test)
    {
        var name = TestPostgres.NewDatabaseName();
        var connectionString = await TestPostgres.CreateDatabaseAsync(name);
        try
        {
            await using var world = await SessionWorld.StartAsync(s =>
            {
                s["Storage:Engine"] = "PostgreSql";
                s["Storage:ConnectionString"] = connectionString;
            });
            Assert.Null(world.Bot.Services.GetService(typeof(Chexs.Bot.Storage.LiteDb.LiteDbFile))); // really on PostgreSQL
            await test(world);
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(name);
        }
    }

    [Theory, OnPostgreSql]
    public Task An_allowed_one_to_one_is_fully_made_and_a_second_click_finds_it(StorageEngine engine) => OnPostgreSql(async w =>
    {
        Assert.Equal(StorageEngine.PostgreSql, engine);
        var request = SessionWorld.OneToOne();

        var booked = Assert.IsType<BookingOutcome.Booked>(await w.Booking.BookAsync(request, CancellationToken.None));

        Assert.False(booked.AlreadyBooked);
        var session = (await w.Bot.Get<ISessionRepository>().FindAsync(request.SessionId))!;
        Assert.Equal(SessionStatus.Scheduled, session.Status);
        Assert.Equal(SessionWorld.Thursday4pm, session.Start);
        Assert.Equal(Assert.Single(w.Zoom.Meetings).Key, session.Meeting!.MeetingId);
        Assert.Equal(session.Id, (await w.Bot.Get<ISessionRepository>().ByMeetingAsync(session.Meeting.MeetingId))?.Id);

        var email = Assert.Single(await w.Bot.Get<IGuardianEmailOutbox>().ForSessionAsync(request.SessionId));
        Assert.Equal(OutboxStatus.Pending, email.Status);
        Assert.Equal(email.Id, Assert.Single(booked.Invitations.Queued).Id);
        Assert.Equal(CalendarChangeStatus.Pending, (await w.Bot.Get<IHostCalendarChanges>().FindAsync(request.SessionId))!.Status);
        Assert.Equal(4, (await w.Bot.Get<IReminderRepository>().ForSessionAsync(request.SessionId)).Count(r => r.Status == ReminderStatus.Pending));
        Assert.Equal(ZoomIntentState.Completed, Assert.Single(await w.Intents.ForSessionAsync(request.SessionId)).State);
        Assert.Single(await w.Bot.Get<IAuditTrail>().AllAsync(), e => e.Action == "session.booked");

        // The same confirmation clicked again: the first booking is found, nothing new is made.
        var again = Assert.IsType<BookingOutcome.Booked>(await w.Booking.BookAsync(request, CancellationToken.None));
        Assert.True(again.AlreadyBooked);
        Assert.Single(w.Zoom.Meetings);
        Assert.Single(await w.Bot.Get<IGuardianEmailOutbox>().ForSessionAsync(request.SessionId));
    });

    [Theory, OnPostgreSql]
    public Task A_cancellation_lands_whole(StorageEngine engine) => OnPostgreSql(async w =>
    {
        Assert.Equal(StorageEngine.PostgreSql, engine);
        var session = await w.BookAsync(SessionWorld.OneToOne());

        Assert.True(await w.Booking.CancelAsync(session.Id, SessionWorld.Alex, "pupil unwell", CancellationToken.None));

        var stored = (await w.Bot.Get<ISessionRepository>().FindAsync(session.Id))!;
        Assert.Equal(SessionStatus.Cancelled, stored.Status);
        Assert.Equal("pupil unwell", stored.CancelledReason);
        Assert.DoesNotContain(await w.Bot.Get<IReminderRepository>().ForSessionAsync(session.Id), r => r.Status == ReminderStatus.Pending);
        Assert.Single(await w.Bot.Get<IAuditTrail>().AllAsync(), e => e.Action == "session.cancelled");
    });

    [Theory, OnPostgreSql]
    public Task A_series_is_booked_whole_and_its_rest_cancelled_on_PostgreSQL(StorageEngine engine) => OnPostgreSql(async w =>
    {
        Assert.Equal(StorageEngine.PostgreSql, engine);
        var starts = new[] { SessionWorld.Thursday4pm, SessionWorld.Thursday4pm.AddDays(7), SessionWorld.Thursday4pm.AddDays(14) };
        var request = new SeriesRequest(SessionIds.NewSeries(), Programme.Growth, [SessionWorld.Sam], starts, 45, SessionKind.OneToOne, SeriesFrequency.Weekly,
            "every Thursday for 3 weeks", SessionWorld.Alex, SessionWorld.Alex);

        var booked = Assert.IsType<SeriesOutcome.Booked>(await w.Bot.Get<BookSeries>().BookAsync(request, starts, CancellationToken.None));

        var stored = await w.Bot.Get<ISessionRepository>().InSeriesAsync(request.SeriesId);
        Assert.Equal(starts, stored.Select(s => s.Start));
        Assert.All(stored, s => Assert.Equal(SessionStatus.Scheduled, s.Status));
        Assert.Equal(booked.Sessions.Select(s => s.Id).Order(), (await w.Bot.Get<IBookingSeriesRepository>().FindAsync(request.SeriesId))!.SessionIds.Order());
        Assert.Single(await w.Bot.Get<IGuardianEmailOutbox>().ForSessionAsync(request.SeriesId));

        var cancelled = await w.Bot.Get<CancelSeries>().CancelRestAsync(request.SeriesId, SessionWorld.Alex, "ended", CancellationToken.None);

        Assert.Equal(3, cancelled.Count);
        Assert.All(await w.Bot.Get<ISessionRepository>().InSeriesAsync(request.SeriesId), s => Assert.Equal(SessionStatus.Cancelled, s.Status));
    });
}

using Chexs.Bot.Invitations;
using Chexs.Bot.Records;
using Chexs.Bot.Reminders;
using Chexs.Bot.Sessions;
using Chexs.Bot.Storage;

namespace Chexs.Bot.Tests.StorageEngines;

/// <summary>
/// The storage port's promises, on every engine: repositories keep records exactly and answer their named
/// queries; transactions land whole or not at all, nest, and serialise writers.
/// </summary>
public sealed class StoragePortTests
{
    private static readonly DateTimeOffset Monday = new(2026, 3, 2, 16, 0, 0, TimeSpan.Zero);

    private static Session Session(string id, DateTimeOffset start, string host = "host-1", params string[] pupils) => new()
    {
        Id = id,
        Programme = Programme.Growth,
        HostId = host,
        PupilIds = pupils.ToList(),
        Start = start,
        DurationMinutes = 45,
        Kind = SessionKind.OneToOne,
        Status = SessionStatus.Scheduled,
        CreatedAt = start.AddDays(-1),
        CreatedBy = host,
    };

    private static Pupil Pupil(string id) => new() { Id = id, FirstName = "Sam", LastName = "Patel", DateOfBirth = new DateOnly(2012, 5, 1) };

    [Theory, OnLiteDb, OnPostgreSql]
    public async Task A_series_and_its_sessions_read_back_and_the_sessions_of_a_series_come_in_date_order(StorageEngine engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        var sessions = store.Get<ISessionRepository>();
        var later = Session("S-2", Monday.AddDays(7));
        later.SeriesId = "R-1";
        var first = Session("S-1", Monday);
        first.SeriesId = "R-1";
        await sessions.InsertAsync(later);
        await sessions.InsertAsync(first);
        await sessions.InsertAsync(Session("S-3", Monday));
        var series = new BookingSeries
        {
            Id = "R-1", HostId = "host-1", CreatedBy = "host-1", CreatedAt = Monday, Programme = Programme.Growth, Kind = SessionKind.OneToOne,
            DurationMinutes = 45, Frequency = SeriesFrequency.Fortnightly, Said = "every other Monday", SessionIds = ["S-1", "S-2"],
            Skipped = [new SkippedOccurrence { Start = Monday.AddDays(14), RuleIds = ["D1", "P4"] }],
        };
        await store.Get<IBookingSeriesRepository>().InsertAsync(series);

        Assert.Equal(["S-1", "S-2"], (await sessions.InSeriesAsync("R-1")).Select(s => s.Id));
        Assert.Empty(await sessions.InSeriesAsync("R-none"));
        Assert.Equal("R-1", (await sessions.FindAsync("S-1"))!.SeriesId);
        Assert.Null((await sessions.FindAsync("S-3"))!.SeriesId);
        var read = await store.Get<IBookingSeriesRepository>().FindAsync("R-1");
        Assert.NotNull(read);
        Assert.Equal((SeriesFrequency.Fortnightly, "every other Monday", 45), (read.Frequency, read.Said, read.DurationMinutes));
        Assert.Equal(["S-1", "S-2"], read.SessionIds);
        Assert.Equal(Monday.AddDays(14), read.Skipped.Single().Start);
        Assert.Equal(["D1", "P4"], read.Skipped.Single().RuleIds);
    }

    [Theory, OnLiteDb, OnPostgreSql]
    public async Task A_record_reads_back_as_it_was_stored(StorageEngine engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        var sessions = store.Get<ISessionRepository>();
        var british = new DateTimeOffset(2026, 6, 1, 17, 30, 0, TimeSpan.FromHours(1));
        var session = Session("S-1", british, "host-1", "P-1", "P-2");
        session.Meeting = new ZoomMeetingRecord { MeetingId = 81234567890, JoinUrl = "https://zoom.example/j/1", Passcode = "x y ", CreatedAt = british };
        session.Verdict = new PolicyVerdictRecord { Outcome = "Allowed", Findings = { new PolicyFindingRecord { RuleId = "P9", Severity = "Warning", Message = "" } } };
        session.CancelledReason = "  spaced  ";
        await sessions.InsertAsync(session);

        var read = await sessions.FindAsync("S-1");

        Assert.NotNull(read);
        Assert.Equal(british, read.Start); // the same instant (stored as UTC)
        Assert.Equal(TimeSpan.Zero, read.Start.Offset);
        Assert.Equal(SessionStatus.Scheduled, read.Status);
        Assert.Equal(Programme.Growth, read.Programme);
        Assert.Equal(["P-1", "P-2"], read.PupilIds);
        Assert.Equal(81234567890, read.Meeting!.MeetingId);
        Assert.Equal("x y ", read.Meeting.Passcode);
        Assert.Equal("  spaced  ", read.CancelledReason);
        Assert.Equal("", read.Verdict!.Findings.Single().Message);
        Assert.Null(read.Checklist);
        Assert.Null(await sessions.FindAsync("S-missing"));

        var pupils = store.Get<IPupilRepository>();
        await pupils.InsertAsync(Pupil("P-1"));
        Assert.Equal(new DateOnly(2012, 5, 1), (await pupils.FindAsync("P-1"))!.DateOfBirth);
    }

    [Theory, OnLiteDb, OnPostgreSql]
    public async Task Insert_update_upsert_delete_count_and_all(StorageEngine engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        var pupils = store.Get<IPupilRepository>();

        await pupils.InsertAsync(Pupil("P-1"));
        await Assert.ThrowsAnyAsync<Exception>(async () => await pupils.InsertAsync(Pupil("P-1"))); // an id is stored once
        Assert.False(await pupils.UpdateAsync(Pupil("P-none")));
        var changed = Pupil("P-1");
        changed.LastName = "Jones";
        Assert.True(await pupils.UpdateAsync(changed));
        Assert.Equal("Jones", (await pupils.FindAsync("P-1"))!.LastName);

        await pupils.UpsertAsync(Pupil("P-2"));
        changed.School = "Hill";
        await pupils.UpsertAsync(changed);
        await pupils.InsertManyAsync([Pupil("P-3"), Pupil("P-4")]);
        await pupils.UpsertManyAsync([Pupil("P-4"), Pupil("P-5")]);

        Assert.Equal(5, await pupils.CountAsync());
        Assert.Equal(["P-1", "P-2", "P-3", "P-4", "P-5"], (await pupils.AllAsync()).Select(p => p.Id).Order());
        Assert.Equal("Hill", (await pupils.FindAsync("P-1"))!.School);
        Assert.True(await pupils.DeleteAsync("P-2"));
        Assert.False(await pupils.DeleteAsync("P-2"));
        Assert.Equal(4, await pupils.CountAsync());
    }

    [Theory, OnLiteDb, OnPostgreSql]
    public async Task Writing_many_records_keeps_every_one_and_a_bad_one_keeps_none(StorageEngine engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        var pupils = store.Get<IPupilRepository>();
        var many = Enumerable.Range(1, 1_234).Select(i => Pupil($"P-{i:0000}")).ToList(); // more than one round trip's worth

        await pupils.InsertManyAsync(many);
        Assert.Equal(1_234, await pupils.CountAsync());
        Assert.Equal("P-1234", (await pupils.FindAsync("P-1234"))!.Id);

        many[700].School = "Hill";
        await pupils.UpsertManyAsync(many.Skip(600).Append(Pupil("P-9999")));
        Assert.Equal(1_235, await pupils.CountAsync());
        Assert.Equal("Hill", (await pupils.FindAsync("P-0701"))!.School);

        // One duplicate among new records: the whole write is refused, not the records before it kept.
        var withDuplicate = Enumerable.Range(2_000, 900).Select(i => Pupil($"P-{i}")).Append(Pupil("P-0001"));
        await Assert.ThrowsAnyAsync<Exception>(async () => await pupils.InsertManyAsync(withDuplicate));
        Assert.Equal(1_235, await pupils.CountAsync());
        Assert.Null(await pupils.FindAsync("P-2000"));
    }

    [Theory, OnLiteDb, OnPostgreSql]
    public async Task Numbered_and_unnumbered_rows_written_together_never_share_a_number(StorageEngine engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        var emails = store.Get<IGuardianEmailOutbox>();
        var rows = new[]
        {
            new GuardianEmailRow { Id = 1, SessionId = "S-1" },
            new GuardianEmailRow { Id = 2, SessionId = "S-1" },
            new GuardianEmailRow { SessionId = "S-2" }, // numbered by the store: after the rows before it
            new GuardianEmailRow { Id = 10, SessionId = "S-3" },
        };

        await emails.InsertManyAsync(rows);
        var next = new GuardianEmailRow { SessionId = "S-4" };
        await emails.InsertAsync(next);

        Assert.Equal(3, rows[2].Id);
        Assert.Equal(11, next.Id);
        Assert.Equal(5, await emails.CountAsync());
    }

    [Theory, OnLiteDb, OnPostgreSql]
    public async Task Session_queries_answer_by_start_host_pupil_and_meeting(StorageEngine engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        var sessions = store.Get<ISessionRepository>();
        await sessions.InsertManyAsync([
            Session("S-1", Monday, "host-1", "P-1"),
            Session("S-2", Monday.AddDays(1), "host-2", "P-1", "P-2"),
            Session("S-3", Monday.AddDays(2), "host-1", "P-3"),
        ]);
        var withMeeting = (await sessions.FindAsync("S-2"))!;
        withMeeting.Meeting = new ZoomMeetingRecord { MeetingId = 42 };
        await sessions.UpdateAsync(withMeeting);

        Assert.Equal(["S-1", "S-2"], (await sessions.StartingBetweenAsync(Monday, Monday.AddDays(1))).Select(s => s.Id));
        Assert.Equal(["S-2", "S-3"], (await sessions.StartingAfterAsync(Monday)).Select(s => s.Id));
        Assert.Equal(["S-1"], (await sessions.StartingBeforeAsync(Monday.AddHours(1))).Select(s => s.Id));
        Assert.Equal(["S-1", "S-3"], (await sessions.HostedByAsync("host-1")).Select(s => s.Id).Order());
        Assert.Equal(["S-1", "S-2"], (await sessions.WithPupilAsync("P-1")).Select(s => s.Id).Order());
        Assert.True(await sessions.AnyWithPupilAsync("P-2"));
        Assert.False(await sessions.AnyWithPupilAsync("P-9"));
        Assert.Equal("S-2", (await sessions.ByMeetingAsync(42))?.Id);
        Assert.Null(await sessions.ByMeetingAsync(43));
    }

    [Theory, OnLiteDb, OnPostgreSql]
    public async Task Saving_a_checklist_keeps_a_change_stored_meanwhile(StorageEngine engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        var sessions = store.Get<ISessionRepository>();
        await sessions.InsertAsync(Session("S-1", Monday));
        var moved = (await sessions.FindAsync("S-1"))!;
        moved.MoveTo(Monday.AddHours(2), 30);
        await sessions.UpdateAsync(moved);

        Assert.True(await sessions.SaveChecklistAsync("S-1", new HostChecklistRecord { Locked = true, UpdatedBy = "host-1", UpdatedAt = Monday }));
        Assert.False(await sessions.SaveChecklistAsync("S-none", new HostChecklistRecord()));

        var read = (await sessions.FindAsync("S-1"))!;
        Assert.True(read.Checklist!.Locked);
        Assert.Equal(Monday, read.Checklist.UpdatedAt);
        Assert.Equal(Monday.AddHours(2), read.Start);
        Assert.Equal(30, read.DurationMinutes);
    }

    [Theory, OnLiteDb, OnPostgreSql]
    public async Task Guardians_of_a_pupil_and_unlinked_guardians(StorageEngine engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        var guardians = store.Get<IGuardianRepository>();
        await guardians.InsertManyAsync([
            new Guardian { Id = "a@x", Email = "a@x", PupilIds = ["P-1", "P-2"] },
            new Guardian { Id = "b@x", Email = "b@x", PupilIds = ["P-2"] },
            new Guardian { Id = "c@x", Email = "c@x", PupilIds = [] },
        ]);

        Assert.Equal(["a@x", "b@x"], (await guardians.OfPupilAsync("P-2")).Select(g => g.Id).Order());
        Assert.Equal(1, await guardians.DeleteUnlinkedAsync());
        Assert.Equal(2, await guardians.CountAsync());
    }

    [Theory, OnLiteDb, OnPostgreSql]
    public async Task Due_reminders_are_the_outstanding_ones_up_to_now_earliest_first(StorageEngine engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        var reminders = store.Get<IReminderRepository>();
        Reminder Owed(string id, int minutes, ReminderStatus status = ReminderStatus.Pending) => new()
        {
            Id = id, SessionId = "S-1", DueAt = Monday.AddMinutes(minutes), Status = status,
            OutstandingDueUtc = status == ReminderStatus.Pending ? Monday.AddMinutes(minutes).UtcDateTime : null,
        };
        await reminders.InsertManyAsync([Owed("r3", -1), Owed("r1", -30), Owed("r2", -10), Owed("later", 10), Owed("sent", -60, ReminderStatus.Sent)]);

        Assert.Equal(["r1", "r2", "r3"], (await reminders.DueAsync(Monday, 10)).Select(r => r.Id));
        Assert.Equal(["r1", "r2"], (await reminders.DueAsync(Monday, 2)).Select(r => r.Id));
        Assert.Equal(["sent"], (await reminders.InStatusAsync(ReminderStatus.Sent)).Select(r => r.Id));
        Assert.Equal(5, (await reminders.ForSessionAsync("S-1")).Count);
    }

    [Theory, OnLiteDb, OnPostgreSql]
    public async Task Outbox_rows_with_numeric_ids_are_numbered_by_the_store(StorageEngine engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        var emails = store.Get<IGuardianEmailOutbox>();
        var first = new GuardianEmailRow { SessionId = "S-1", Status = OutboxStatus.Pending };
        var second = new GuardianEmailRow { SessionId = "S-1", Status = OutboxStatus.Sent };
        await emails.InsertAsync(first);
        await emails.InsertAsync(second);

        Assert.True(first.Id > 0);
        Assert.True(second.Id > first.Id);
        Assert.Equal([first.Id, second.Id], (await emails.ForSessionAsync("S-1")).Select(r => r.Id));
        Assert.Equal([first.Id], (await emails.PendingAsync()).Select(r => r.Id));
        Assert.Equal(first.MessageKey, (await emails.FindAsync(first.Id))!.MessageKey);

        var removals = store.Get<IMeetingRemovalOutbox>();
        var removal = new MeetingRemoval { SessionId = "S-1", MeetingId = 7, QueuedAt = Monday };
        await removals.InsertAsync(removal);
        Assert.Equal([removal.Id], (await removals.PendingAsync()).Select(r => r.Id));
        removal.DoneAt = Monday;
        await removals.UpdateAsync(removal);
        Assert.Empty(await removals.PendingAsync());
    }

    [Theory, OnLiteDb, OnPostgreSql]
    public async Task A_transaction_that_fails_leaves_nothing_and_one_that_succeeds_keeps_everything(StorageEngine engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        var pupils = store.Get<IPupilRepository>();
        var audit = store.Get<IAuditTrail>();
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.Transactions.RunAsync(async () =>
        {
            await pupils.InsertAsync(Pupil("P-1"));
            await audit.AppendAsync(Monday, "test", "pupil.added", ["P-1"]);
            throw new InvalidOperationException("fails after writing");
        }));
        Assert.Null(await pupils.FindAsync("P-1"));
        Assert.Empty(await audit.AllAsync());

        await store.Transactions.RunAsync(async () =>
        {
            await pupils.InsertAsync(Pupil("P-1"));
            await audit.AppendAsync(Monday, "test", "pupil.added", ["P-1"]);
        });
        Assert.NotNull(await pupils.FindAsync("P-1"));
        Assert.Equal("pupil.added", Assert.Single(await audit.AllAsync()).Action);
    }

    [Theory, OnLiteDb, OnPostgreSql]
    public async Task A_nested_transaction_joins_the_outer_one_and_rolls_back_with_it(StorageEngine engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        var pupils = store.Get<IPupilRepository>();
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.Transactions.RunAsync(async () =>
        {
            await store.Transactions.RunAsync(async () => await pupils.InsertAsync(Pupil("P-2")));
            Assert.NotNull(await pupils.FindAsync("P-2")); // the outer transaction sees its own write
            throw new InvalidOperationException("outer fails");
        }));
        Assert.Null(await pupils.FindAsync("P-2"));
    }

    [Theory, OnLiteDb, OnPostgreSql]
    public async Task Transactions_that_judge_then_write_never_interleave(StorageEngine engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        var sessions = store.Get<ISessionRepository>();

        // Each books the slot only if nobody has: without serialised writers, both would see it free.
        async Task<bool> BookIfFree(string id) => await store.Transactions.RunAsync(async () =>
        {
            if ((await sessions.StartingBetweenAsync(Monday, Monday)).Count > 0) return false;
            await Task.Delay(50); // time for the other to look, were they not serialised
            await sessions.InsertAsync(Session(id, Monday));
            return true;
        });
        var results = await Task.WhenAll(Task.Run(() => BookIfFree("S-a")), Task.Run(() => BookIfFree("S-b")), Task.Run(() => BookIfFree("S-c")));

        Assert.Single(results, booked => booked);
        Assert.Equal(1, await sessions.CountAsync());
    }

    [Theory, OnLiteDb, OnPostgreSql]
    public async Task Audit_settings_and_health(StorageEngine engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        var audit = store.Get<IAuditTrail>();
        var one = await audit.AppendAsync(Monday, "alex", "session.booked", ["S-1"], "detail");
        var two = await audit.AppendAsync(Monday.AddMinutes(1), "alex", "session.cancelled", ["S-1"]);
        Assert.True(two.Id > one.Id);
        var all = await audit.AllAsync();
        Assert.Equal(["session.booked", "session.cancelled"], all.Select(e => e.Action));
        Assert.Equal(Monday, all[0].At);
        Assert.Equal(["S-1"], all[0].Records);

        var settings = store.Get<ISettingsStore>();
        Assert.Equal("first", await settings.GetOrAddAsync("key", () => "first"));
        Assert.Equal("first", await settings.GetOrAddAsync("key", () => "second"));

        var health = store.Get<IStoreHealth>();
        Assert.True((await health.CheckAsync()).Healthy);
        await health.ProbeWriteAsync();
        Assert.DoesNotContain("Password", health.Describe(), StringComparison.OrdinalIgnoreCase);
    }
}

using Chexs.Bot.Invitations;
using Chexs.Bot.Records;
using Chexs.Bot.Storage;

namespace Chexs.Bot.Tests.StorageEngines;

/// <summary>copy-storage: a LiteDB file's records copied into PostgreSQL whole, ids and outbox numbers kept.</summary>
public sealed class StoreCopyTests
{
    private static readonly DateTimeOffset Monday = new(2026, 3, 2, 16, 0, 0, TimeSpan.Zero);

    [Theory, OnPostgreSql]
    public async Task Every_record_is_copied_from_LiteDB_into_PostgreSQL(StorageEngine engine)
    {
        await using var lite = await TestStore.CreateAsync(StorageEngine.LiteDb);
        await using var postgres = await TestStore.CreateAsync(engine);
        await lite.Get<IPupilRepository>().InsertAsync(new Pupil { Id = "P-1", FirstName = "Sam", LastName = "Patel", DateOfBirth = new DateOnly(2012, 5, 1) });
        await lite.Get<ISessionRepository>().InsertAsync(new Session { Id = "S-1", HostId = "host", PupilIds = ["P-1"], Start = Monday, Status = SessionStatus.Scheduled, SeriesId = "R-1" });
        await lite.Get<IBookingSeriesRepository>().InsertAsync(new BookingSeries { Id = "R-1", HostId = "host", SessionIds = ["S-1"] });
        var emails = lite.Get<IGuardianEmailOutbox>();
        await emails.InsertManyAsync([new GuardianEmailRow { SessionId = "S-1" }, new GuardianEmailRow { SessionId = "S-1" }, new GuardianEmailRow { SessionId = "S-1" }]);
        await emails.DeleteAsync(1); // a gap: numbers are kept, not renumbered
        await lite.Get<IAuditTrail>().AppendAsync(Monday, "alex", "session.booked", ["S-1", "P-1"], "detail");
        await lite.Get<IAuditTrail>().AppendAsync(Monday.AddMinutes(1), "alex", "session.cancelled", ["S-1"]);
        var key = await lite.Get<ISettingsStore>().GetOrAddAsync("cards.signingKey", () => "the-key");

        var copied = await StoreCopy.CopyAsync(lite.Services, postgres.Services);

        Assert.Contains(("sessions", 1), copied);
        Assert.Contains(("series", 1), copied);
        Assert.Equal(["S-1"], (await postgres.Get<IBookingSeriesRepository>().FindAsync("R-1"))!.SessionIds);
        Assert.Equal(["S-1"], (await postgres.Get<ISessionRepository>().InSeriesAsync("R-1")).Select(s => s.Id));
        Assert.Contains(("guardian e-mails", 2), copied);
        Assert.Contains(("audit events", 2), copied);
        Assert.Contains(("settings", 1), copied);
        Assert.Equal(["P-1"], (await postgres.Get<ISessionRepository>().WithPupilAsync("P-1")).SelectMany(s => s.PupilIds));
        Assert.Equal([2L, 3L], (await postgres.Get<IGuardianEmailOutbox>().ForSessionAsync("S-1")).Select(r => r.Id));
        var next = new GuardianEmailRow { SessionId = "S-2" };
        await postgres.Get<IGuardianEmailOutbox>().InsertAsync(next);
        Assert.Equal(4, next.Id); // numbering carries on after the copied rows
        Assert.Equal(["session.booked", "session.cancelled"], (await postgres.Get<IAuditTrail>().AllAsync()).Select(e => e.Action));
        Assert.Equal(key, await postgres.Get<ISettingsStore>().GetOrAddAsync("cards.signingKey", () => "a-new-key"));
        Assert.Equal(1, await lite.Get<ISessionRepository>().CountAsync()); // the source is only read
    }
}

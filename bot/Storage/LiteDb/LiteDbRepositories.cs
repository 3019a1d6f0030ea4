using Chexs.Bot.FollowUp;
using Chexs.Bot.HostCalendar;
using Chexs.Bot.Invitations;
using Chexs.Bot.Notices;
using Chexs.Bot.Records;
using Chexs.Bot.Reminders;
using Chexs.Bot.Sessions;
using Chexs.Bot.Teams;
using Chexs.Bot.Zoom;
using LiteDB;

namespace Chexs.Bot.Storage.LiteDb;

// Each feature's repository port over its collection; the queries use the indexes LiteDbFile ensures.

internal sealed class LiteDbPupils(LiteDbFile file) : LiteDbRepository<Pupil>(file, LiteDbNames.Pupils), IPupilRepository;

internal sealed class LiteDbStaff(LiteDbFile file) : LiteDbRepository<StaffMember>(file, LiteDbNames.Staff), IStaffRepository;

internal sealed class LiteDbGuardians(LiteDbFile file) : LiteDbRepository<Guardian>(file, LiteDbNames.Guardians), IGuardianRepository
{
    public ValueTask<IReadOnlyList<Guardian>> OfPupilAsync(string pupilId, CancellationToken ct = default) => WhereAsync(HasPupil(pupilId));

    public ValueTask<int> DeleteUnlinkedAsync(CancellationToken ct = default) =>
        File.WriteAsync(() => Collection.DeleteMany(g => g.PupilIds.Count == 0));
}

internal sealed class LiteDbConsents(LiteDbFile file) : LiteDbRepository<Consent>(file, LiteDbNames.Consents), IConsentRepository
{
    public ValueTask<IReadOnlyList<Consent>> OfPupilAsync(string pupilId, CancellationToken ct = default) => WhereAsync(c => c.PupilId == pupilId);
}

internal sealed class LiteDbSessions(LiteDbFile file) : LiteDbRepository<Session>(file, LiteDbNames.Sessions), ISessionRepository
{
    public ValueTask<IReadOnlyList<Session>> StartingBetweenAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default) =>
        WhereAsync(Query.Between(nameof(Session.Start), new BsonValue(from.UtcDateTime), new BsonValue(to.UtcDateTime)));

    public ValueTask<IReadOnlyList<Session>> StartingAfterAsync(DateTimeOffset instant, CancellationToken ct = default) =>
        WhereAsync(Query.GT(nameof(Session.Start), new BsonValue(instant.UtcDateTime)));

    public ValueTask<IReadOnlyList<Session>> StartingBeforeAsync(DateTimeOffset instant, CancellationToken ct = default) =>
        WhereAsync(Query.LT(nameof(Session.Start), new BsonValue(instant.UtcDateTime)));

    public ValueTask<IReadOnlyList<Session>> HostedByAsync(string hostId, CancellationToken ct = default) => WhereAsync(s => s.HostId == hostId);

    public ValueTask<IReadOnlyList<Session>> WithPupilAsync(string pupilId, CancellationToken ct = default) => WhereAsync(HasPupil(pupilId));

    public ValueTask<bool> AnyWithPupilAsync(string pupilId, CancellationToken ct = default) =>
        new(File.Read(() => Collection.Exists(HasPupil(pupilId))));

    public ValueTask<Session?> ByMeetingAsync(long meetingId, CancellationToken ct = default) =>
        new(File.Read(() => Collection.FindOne(Query.EQ("$.Meeting.MeetingId", meetingId))));

    public async ValueTask<IReadOnlyList<Session>> InSeriesAsync(string seriesId, CancellationToken ct = default) =>
        (await WhereAsync(s => s.SeriesId == seriesId)).OrderBy(s => s.Start).ToList();

    private static async ValueTask<bool> UpdatedAny(ValueTask<int> updated) => await updated > 0;

    public ValueTask<bool> SaveChecklistAsync(string sessionId, HostChecklistRecord checklist, CancellationToken ct = default)
    {
        var set = BsonExpression.Create("{ Checklist: @checklist }");
        set.Parameters["checklist"] = File.Database.Mapper.ToDocument(checklist);
        var which = BsonExpression.Create("_id = @id");
        which.Parameters["id"] = sessionId;
        return UpdatedAny(File.WriteAsync(() => Collection.UpdateMany(set, which)));
    }
}

internal sealed class LiteDbSeries(LiteDbFile file) : LiteDbRepository<BookingSeries>(file, LiteDbNames.Series), IBookingSeriesRepository;

internal sealed class LiteDbInstallations(LiteDbFile file) : LiteDbRepository<InstallationRecord>(file, LiteDbNames.Installations), IInstallationRepository
{
    public ValueTask<int> DeleteForTeamAsync(string teamId, CancellationToken ct = default) =>
        File.WriteAsync(() => Collection.DeleteMany(i => i.TeamId == teamId));

    public ValueTask<InstallationRecord?> PersonalChatOfAsync(string aadObjectId, CancellationToken ct = default) =>
        new(File.Read(() => Collection.FindOne(i => i.Scope == "personal" && i.UserAadObjectId == aadObjectId)));
}

internal sealed class LiteDbNotices(LiteDbFile file) : LiteDbRepository<StaffNotice>(file, LiteDbNames.Notices), IStaffNoticeOutbox
{
    public async ValueTask<IReadOnlyList<StaffNotice>> UnsentAsync(int maxAttempts, CancellationToken ct = default) =>
        (await WhereAsync(n => n.SentAt == null)).Where(n => n.Attempts < maxAttempts).OrderBy(n => n.CreatedAt).ToList();
}

internal sealed class LiteDbReminders(LiteDbFile file) : LiteDbRepository<Reminder>(file, LiteDbNames.Reminders), IReminderRepository
{
    public ValueTask<IReadOnlyList<Reminder>> ForSessionAsync(string sessionId, CancellationToken ct = default) => WhereAsync(r => r.SessionId == sessionId);

    public ValueTask<IReadOnlyList<Reminder>> DueAsync(DateTimeOffset now, int max, CancellationToken ct = default) =>
        WhereAsync(DueBy(nameof(Reminder.OutstandingDueUtc), now), max);

    public ValueTask<IReadOnlyList<Reminder>> InStatusAsync(ReminderStatus status, CancellationToken ct = default) => WhereAsync(r => r.Status == status);
}

internal sealed class LiteDbFollowUps(LiteDbFile file) : LiteDbRepository<FollowUpItem>(file, LiteDbNames.FollowUps), IFollowUpRepository
{
    public ValueTask<IReadOnlyList<FollowUpItem>> DueAsync(DateTimeOffset now, int max, CancellationToken ct = default) =>
        WhereAsync(DueBy(nameof(FollowUpItem.OutstandingDueUtc), now), max);

    public ValueTask<IReadOnlyList<FollowUpItem>> InStatusAsync(FollowUpStatus status, CancellationToken ct = default) => WhereAsync(i => i.Status == status);
}

internal sealed class LiteDbScheduledJobs(LiteDbFile file) : LiteDbRepository<ScheduledJobState>(file, LiteDbNames.ScheduledJobs), IScheduledJobRepository;

internal sealed class LiteDbZoomIntents(LiteDbFile file) : LiteDbRepository<ZoomMeetingIntent>(file, LiteDbNames.ZoomIntents), IZoomIntentRepository
{
    public ValueTask<IReadOnlyList<ZoomMeetingIntent>> ForSessionAsync(string sessionId, CancellationToken ct = default) => WhereAsync(i => i.SessionId == sessionId);

    public ValueTask<IReadOnlyList<ZoomMeetingIntent>> InStateAsync(ZoomIntentState state, CancellationToken ct = default) => WhereAsync(i => i.State == state);
}

internal sealed class LiteDbZoomDeliveries(LiteDbFile file) : LiteDbRepository<ZoomDelivery>(file, LiteDbNames.ZoomDeliveries), IZoomDeliveryRepository
{
    public ValueTask<int> DeleteReceivedBeforeAsync(DateTimeOffset cutoff, CancellationToken ct = default) =>
        File.WriteAsync(() => Collection.DeleteMany(d => d.ReceivedAt < cutoff));
}

internal sealed class LiteDbGuardianEmails(LiteDbFile file) : LiteDbRepository<GuardianEmailRow, long>(file, LiteDbNames.GuardianEmails), IGuardianEmailOutbox
{
    public ValueTask<IReadOnlyList<GuardianEmailRow>> PendingAsync(CancellationToken ct = default) => WhereAsync(r => r.Status == OutboxStatus.Pending);

    public async ValueTask<IReadOnlyList<GuardianEmailRow>> FailedAsync(CancellationToken ct = default) =>
        (await WhereAsync(r => r.Status == OutboxStatus.Failed)).OrderBy(r => r.Id).ToList();

    public async ValueTask<IReadOnlyList<GuardianEmailRow>> ForSessionAsync(string sessionId, CancellationToken ct = default) =>
        (await WhereAsync(r => r.SessionId == sessionId)).OrderBy(r => r.Id).ToList();
}

internal sealed class LiteDbHostCalendarEvents(LiteDbFile file) : LiteDbRepository<HostCalendarEvent>(file, LiteDbNames.HostCalendarEvents), IHostCalendarEvents;

internal sealed class LiteDbHostCalendarChanges(LiteDbFile file) : LiteDbRepository<HostCalendarChange>(file, LiteDbNames.HostCalendarChanges), IHostCalendarChanges
{
    public ValueTask<IReadOnlyList<HostCalendarChange>> PendingAsync(CancellationToken ct = default) => WhereAsync(c => c.Status == CalendarChangeStatus.Pending);

    public ValueTask<IReadOnlyList<HostCalendarChange>> FailedAsync(CancellationToken ct = default) => WhereAsync(c => c.Status == CalendarChangeStatus.Failed);
}

internal sealed class LiteDbMeetingRemovals(LiteDbFile file) : LiteDbRepository<MeetingRemoval, long>(file, LiteDbNames.MeetingRemovals), IMeetingRemovalOutbox
{
    public async ValueTask<IReadOnlyList<MeetingRemoval>> PendingAsync(CancellationToken ct = default) =>
        (await WhereAsync(r => r.DoneAt == null)).OrderBy(r => r.Id).ToList();
}

internal sealed class LiteDbAuditTrail(LiteDbFile file) : IAuditTrail
{
    private ILiteCollection<AuditEvent> Audit => file.Collection<AuditEvent>(LiteDbNames.Audit);

    public async ValueTask<AuditEvent> AppendAsync(DateTimeOffset at, string actor, string action, IEnumerable<string> records, string? detail = null, CancellationToken ct = default)
    {
        var e = new AuditEvent { At = at, Actor = actor, Action = action, Records = records.ToList(), Detail = detail };
        await file.WriteAsync(() => Audit.Insert(e));
        return e;
    }

    public ValueTask<IReadOnlyList<AuditEvent>> AllAsync(CancellationToken ct = default) =>
        new(file.Read<IReadOnlyList<AuditEvent>>(() => Audit.FindAll().OrderBy(e => e.Id).ToList()));
}

internal sealed class LiteDbSettings(LiteDbFile file) : ISettingsStore
{
    public ValueTask<string> GetOrAddAsync(string key, Func<string> create, CancellationToken ct = default) =>
        file.WriteAsync(() =>
        {
            var settings = file.Documents(LiteDbNames.Settings);
            if (settings.FindById(key) is { } doc) return doc["key"].AsString;
            var value = create();
            settings.Insert(new BsonDocument { ["_id"] = key, ["key"] = value });
            return value;
        });
}

internal sealed class LiteDbTransactions(LiteDbFile file) : IStoreTransactions
{
    public Task<T> RunAsync<T>(Func<Task<T>> work, CancellationToken ct = default) => file.InTransactionAsync(work, ct);
}

internal sealed class LiteDbHealth(LiteDbFile file) : IStoreHealth
{
    public ValueTask<StoreHealth> CheckAsync(CancellationToken ct = default)
    {
        try
        {
            // Opening ensures the indexes (reads and writes every collection's header); then one header read.
            // Not GetCollectionNames: it enumerates LiteDB's collection table, which throws while another
            // thread (a worker at start-up) creates a collection.
            _ = file.Database.UserVersion;
            return new(StoreHealth.Ok);
        }
        catch (Exception e)
        {
            return new(new StoreHealth(false, e));
        }
    }

    public async ValueTask ProbeWriteAsync(CancellationToken ct = default)
    {
        await file.WriteAsync(() =>
        {
            var markers = file.Documents(LiteDbNames.Health);
            var id = new BsonValue("probe-" + Guid.NewGuid().ToString("N"));
            markers.Insert(new BsonDocument { ["_id"] = id, ["at"] = DateTime.UtcNow });
            _ = markers.FindById(id) ?? throw new InvalidOperationException("the marker written to the database could not be read back");
            markers.Delete(id);
            return 0;
        });
    }

    public string Describe() => file.FilePath;
}

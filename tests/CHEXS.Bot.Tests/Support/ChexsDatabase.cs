using Chexs.Bot.FollowUp;
using Chexs.Bot.HostCalendar;
using Chexs.Bot.Invitations;
using Chexs.Bot.Notices;
using Chexs.Bot.Records;
using Chexs.Bot.Reminders;
using Chexs.Bot.Sessions;
using Chexs.Bot.Storage.LiteDb;
using Chexs.Bot.Teams;
using Chexs.Bot.Zoom;
using LiteDB;
using Microsoft.Extensions.DependencyInjection;

namespace Chexs.Bot.Storage;

/// <summary>
/// Tests only: the raw LiteDB view of the embedded engine's file, so tests can seed records and look at
/// exactly what was stored (the product reaches the file only through the repository ports). Wraps the
/// running bot's <see cref="LiteDbFile"/>, or opens one of its own on a path.
/// </summary>
public sealed class ChexsDatabase : IDisposable
{
    private readonly bool _owned;

    public ChexsDatabase(string path) : this(new LiteDbFile(path), owned: true)
    {
    }

    private ChexsDatabase(LiteDbFile file, bool owned)
    {
        File = file;
        _owned = owned;
    }

    /// <summary>The bot's own file (not disposed by this view).</summary>
    public static ChexsDatabase Of(IServiceProvider services) => new(services.GetRequiredService<LiteDbFile>(), owned: false);

    internal LiteDbFile File { get; }

    public string FilePath => File.FilePath;
    public LiteDatabase Raw => File.Database;

    public ILiteCollection<Pupil> Pupils => File.Collection<Pupil>(LiteDbNames.Pupils);
    public ILiteCollection<Guardian> Guardians => File.Collection<Guardian>(LiteDbNames.Guardians);
    public ILiteCollection<Consent> Consents => File.Collection<Consent>(LiteDbNames.Consents);
    public ILiteCollection<Session> Sessions => File.Collection<Session>(LiteDbNames.Sessions);
    public ILiteCollection<StaffMember> Staff => File.Collection<StaffMember>(LiteDbNames.Staff);
    public ILiteCollection<AuditEvent> Audit => File.Collection<AuditEvent>(LiteDbNames.Audit);
    public ILiteCollection<InstallationRecord> Installations => File.Collection<InstallationRecord>(LiteDbNames.Installations);
    public ILiteCollection<StaffNotice> Notices => File.Collection<StaffNotice>(LiteDbNames.Notices);
    public ILiteCollection<Reminder> Reminders => File.Collection<Reminder>(LiteDbNames.Reminders);
    public ILiteCollection<ZoomMeetingIntent> ZoomIntents => File.Collection<ZoomMeetingIntent>(LiteDbNames.ZoomIntents);
    public ILiteCollection<ZoomDelivery> ZoomDeliveries => File.Collection<ZoomDelivery>(LiteDbNames.ZoomDeliveries);
    public ILiteCollection<GuardianEmailRow> GuardianEmails => File.Collection<GuardianEmailRow>(LiteDbNames.GuardianEmails);
    public ILiteCollection<HostCalendarEvent> HostCalendarEvents => File.Collection<HostCalendarEvent>(LiteDbNames.HostCalendarEvents);
    public ILiteCollection<HostCalendarChange> HostCalendarChanges => File.Collection<HostCalendarChange>(LiteDbNames.HostCalendarChanges);
    public ILiteCollection<MeetingRemoval> MeetingRemovals => File.Collection<MeetingRemoval>(LiteDbNames.MeetingRemovals);
    public ILiteCollection<FollowUpItem> FollowUps => File.Collection<FollowUpItem>(LiteDbNames.FollowUps);
    public ILiteCollection<ScheduledJobState> ScheduledJobs => File.Collection<ScheduledJobState>(LiteDbNames.ScheduledJobs);
    internal ILiteCollection<BsonDocument> BotState => File.Documents(LiteDbNames.BotState);

    // The ports over this file, for tests that build a service by hand.
    public IStoreTransactions Transactions => new LiteDbTransactions(File);
    public IAuditTrail AuditTrail => new LiteDbAuditTrail(File);
    public IPupilRepository PupilRepository => new LiteDbPupils(File);
    public IGuardianRepository GuardianRepository => new LiteDbGuardians(File);
    public IConsentRepository ConsentRepository => new LiteDbConsents(File);
    public IStaffRepository StaffRepository => new LiteDbStaff(File);
    public ISessionRepository SessionRepository => new LiteDbSessions(File);
    public IStaffNoticeOutbox NoticeOutbox => new LiteDbNotices(File);
    public IGuardianEmailOutbox GuardianEmailOutbox => new LiteDbGuardianEmails(File);
    public IHostCalendarEvents HostCalendarEventRepository => new LiteDbHostCalendarEvents(File);
    public IHostCalendarChanges HostCalendarChangeRepository => new LiteDbHostCalendarChanges(File);
    public IZoomIntentRepository ZoomIntentRepository => new LiteDbZoomIntents(File);
    public IReminderRepository ReminderRepository => new LiteDbReminders(File);

    /// <summary>Work claims over this file (the process's own, as the bot's), on <paramref name="clock"/>.</summary>
    public WorkClaims WorkClaims(TimeProvider clock) =>
        new(new LiteDbWorkClaims(File), clock, Microsoft.Extensions.Options.Options.Create(new StorageOptions()), Microsoft.Extensions.Logging.Abstractions.NullLogger<WorkClaims>.Instance);

    public AuditEvent AppendAudit(DateTimeOffset at, string actor, string action, IEnumerable<string> records, string? detail = null) =>
        AuditTrail.AppendAsync(at, actor, action, records, detail).AsTask().GetAwaiter().GetResult();

    /// <summary>Runs <paramref name="work"/> in one transaction of the engine (tests staging a booking's writes).</summary>
    public T InTransaction<T>(Func<T> work) => Transactions.RunAsync(() => Task.FromResult(work())).GetAwaiter().GetResult();

    public void InTransaction(Action work) => InTransaction(() => { work(); return 0; });

    public bool IsHealthy() => new LiteDbHealth(File).CheckAsync().AsTask().GetAwaiter().GetResult().Healthy;

    /// <summary>Closes the file even when it is the bot's own (a stopping process closes it before the next one opens it).</summary>
    public void Close() => File.Dispose();

    public void Dispose()
    {
        if (_owned) File.Dispose();
    }
}

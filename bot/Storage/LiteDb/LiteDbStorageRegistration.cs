using Microsoft.Extensions.DependencyInjection.Extensions;
using Chexs.Bot.FollowUp;
using Chexs.Bot.HostCalendar;
using Chexs.Bot.Invitations;
using Chexs.Bot.Notices;
using Chexs.Bot.Records;
using Chexs.Bot.Reminders;
using Chexs.Bot.Sessions;
using Chexs.Bot.Teams;
using Chexs.Bot.Zoom;
using Microsoft.Bot.Builder;

namespace Chexs.Bot.Storage.LiteDb;

public static class LiteDbStorageRegistration
{
    /// <summary>The embedded engine: every repository port, the transactions, health, and the Bot Framework state store, over one file.</summary>
    public static IServiceCollection AddChexsLiteDbStorage(this IServiceCollection services, Func<IServiceProvider, string> path)
    {
        services.AddSingleton(sp => new LiteDbFile(path(sp)));
        services.AddSingleton<IStoreTransactions, LiteDbTransactions>();
        services.AddSingleton<IWorkClaims, LiteDbWorkClaims>();
        services.TryAddSingleton(TimeProvider.System); // the claims' clock, when the host registers none (tools, the bench's echo bot)
        services.AddSingleton<WorkClaims>();
        services.AddSingleton<IStoreLocks, LiteDbStoreLocks>();
        services.AddSingleton<IStoreHealth, LiteDbHealth>();
        services.AddSingleton<IStoreMaintenance, LiteDbMaintenance>();
        services.AddSingleton<IAuditTrail, LiteDbAuditTrail>();
        services.AddSingleton<ISettingsStore, LiteDbSettings>();
        services.AddSingleton<IStorage, LiteDbBotState>();
        services.AddSingleton<IPupilRepository, LiteDbPupils>();
        services.AddSingleton<IGuardianRepository, LiteDbGuardians>();
        services.AddSingleton<IConsentRepository, LiteDbConsents>();
        services.AddSingleton<IStaffRepository, LiteDbStaff>();
        services.AddSingleton<ISessionRepository, LiteDbSessions>();
        services.AddSingleton<IBookingSeriesRepository, LiteDbSeries>();
        services.AddSingleton<IInstallationRepository, LiteDbInstallations>();
        services.AddSingleton<IStaffNoticeOutbox, LiteDbNotices>();
        services.AddSingleton<IReminderRepository, LiteDbReminders>();
        services.AddSingleton<IFollowUpRepository, LiteDbFollowUps>();
        services.AddSingleton<IScheduledJobRepository, LiteDbScheduledJobs>();
        services.AddSingleton<IZoomIntentRepository, LiteDbZoomIntents>();
        services.AddSingleton<IZoomDeliveryRepository, LiteDbZoomDeliveries>();
        services.AddSingleton<IGuardianEmailOutbox, LiteDbGuardianEmails>();
        services.AddSingleton<IHostCalendarEvents, LiteDbHostCalendarEvents>();
        services.AddSingleton<IHostCalendarChanges, LiteDbHostCalendarChanges>();
        services.AddSingleton<IMeetingRemovalOutbox, LiteDbMeetingRemovals>();
        services.AddSingleton<Concerns.IConcernRecords, LiteDbConcerns>();
        services.AddSingleton<Concerns.IConcernDeliveryOutbox, LiteDbConcernDeliveries>();
        return services;
    }
}

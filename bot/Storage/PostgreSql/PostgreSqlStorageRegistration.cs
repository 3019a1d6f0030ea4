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

namespace Chexs.Bot.Storage.PostgreSql;

public static class PostgreSqlStorageRegistration
{
    /// <summary>The server engine: every repository port, the transactions, health and the Bot Framework state store, over one PostgreSQL database.</summary>
    public static IServiceCollection AddChexsPostgreSqlStorage(this IServiceCollection services, Func<IServiceProvider, string> connectionString)
    {
        services.AddSingleton(sp => new PgDatabase(connectionString(sp)));
        services.AddHostedService<PgSchemaAtStartup>();
        services.AddSingleton<IStoreTransactions, PgTransactions>();
        services.AddSingleton<IWorkClaims, PgWorkClaims>();
        services.TryAddSingleton(TimeProvider.System); // the claims' clock, when the host registers none (tools, the bench's echo bot)
        services.AddSingleton<WorkClaims>();
        services.AddSingleton<IStoreLocks, ClaimedStoreLocks>();
        services.AddSingleton<IStoreHealth, PgHealth>();
        services.AddSingleton<IAuditTrail, PgAuditTrail>();
        services.AddSingleton<ISettingsStore, PgSettings>();
        services.AddSingleton<IStorage, PgBotState>();
        services.AddSingleton<IPupilRepository, PgPupils>();
        services.AddSingleton<IGuardianRepository, PgGuardians>();
        services.AddSingleton<IConsentRepository, PgConsents>();
        services.AddSingleton<IStaffRepository, PgStaff>();
        services.AddSingleton<ISessionRepository, PgSessions>();
        services.AddSingleton<IBookingSeriesRepository, PgSeries>();
        services.AddSingleton<IInstallationRepository, PgInstallations>();
        services.AddSingleton<IStaffNoticeOutbox, PgNotices>();
        services.AddSingleton<IReminderRepository, PgReminders>();
        services.AddSingleton<IFollowUpRepository, PgFollowUps>();
        services.AddSingleton<IScheduledJobRepository, PgScheduledJobs>();
        services.AddSingleton<IZoomIntentRepository, PgZoomIntents>();
        services.AddSingleton<IZoomDeliveryRepository, PgZoomDeliveries>();
        services.AddSingleton<IGuardianEmailOutbox, PgGuardianEmails>();
        services.AddSingleton<IHostCalendarEvents, PgHostCalendarEvents>();
        services.AddSingleton<IHostCalendarChanges, PgHostCalendarChanges>();
        services.AddSingleton<IMeetingRemovalOutbox, PgMeetingRemovals>();
        services.AddSingleton<Concerns.IConcernRecords, PgConcerns>();
        services.AddSingleton<Concerns.IConcernDeliveryOutbox, PgConcernDeliveries>();
        return services;
    }
}

/// <summary>
/// Migrates the schema when the host starts, so the first request does not pay for it. A database that is
/// down is logged, not fatal: the first use retries, and /healthz reports it meanwhile (as a bad LiteDB path does).
/// </summary>
internal sealed class PgSchemaAtStartup(PgDatabase db, ILogger<PgSchemaAtStartup> log) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var applied = await db.MigrateAsync(cancellationToken);
            if (applied.Count > 0) log.LogInformation("PostgreSQL schema migrated to version {Version} ({Database})", applied[^1], db.Describe);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "PostgreSQL schema could not be migrated at start-up ({Database}); retried on first use", db.Describe);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

using Chexs.Bot.Hosting;
using Chexs.Bot.CardActions;
using Chexs.Bot.Notices;
using Chexs.Bot.Safeguarding;

namespace Chexs.Bot.Sessions;

public static class SessionServices
{
    /// <summary>Booking, approval, rescheduling and cancellation of sessions, and the Zoom clean-up worker.</summary>
    public static IServiceCollection AddChexsSessions(this IServiceCollection services, Hosting.BotSetup setup)
    {
        services.AddSingleton<SessionCards>();
        services.AddSingleton<SessionQueries>();
        services.AddSingleton<Roles.StaffRecords>();
        services.AddSingleton<Roles.ZoomUsers>();
        services.AddSingleton<MeetingRemovals>();
        services.AddSingleton<SessionLocks>();
        services.AddSingleton<SessionOutboxes>();
        services.AddSingleton<SessionScheduler>();
        services.AddSingleton<HostConfirmations>();
        services.AddSingleton<ApprovalRequests>();
        services.AddSingleton<BookSession>();
        services.AddSingleton<SeriesScheduler>();
        services.AddSingleton<BookSeries>();
        services.AddSingleton<CancelSeries>();
        services.AddSingleton<DecideApproval>();
        services.AddSingleton<RescheduleSession>();
        services.AddSingleton<CancelSession>();
        // What a consent withdrawal calls: the full cancellation (Zoom, guardians, calendar, reminders), store writes only.
        services.AddSingleton<ISessionCancellation>(sp => sp.GetRequiredService<CancelSession>());
        services.AddSingleton<ICardActionHandler, ApprovalActions>();
        services.AddSingleton<ICardActionHandler, StartMeeting>();
        if (!setup.ForCommandLine)
        {
            services.AddSingleton<MeetingRemovalWorker>();
            services.AddHostedService(sp => sp.GetRequiredService<MeetingRemovalWorker>());
        }
        return services;
    }
}

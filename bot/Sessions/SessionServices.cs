using Chexs.Bot.CardActions;
using Chexs.Bot.Safeguarding;

namespace Chexs.Bot.Sessions;

public static class SessionServices
{
    /// <summary>Booking, approval, rescheduling and cancellation of sessions, and the Zoom clean-up worker.</summary>
    public static IServiceCollection AddChexsSessions(this IServiceCollection services, bool forCommandLine)
    {
        services.AddSingleton<SessionCards>();
        services.AddSingleton<Roles.StaffRecords>();
        services.AddSingleton<MeetingRemovals>();
        services.AddSingleton<SessionCancellations>();
        // What a consent withdrawal calls: the full cancellation (Zoom, guardians, calendar, reminders), DB writes only.
        services.AddSingleton<ISessionCancellation>(sp => sp.GetRequiredService<SessionCancellations>());
        services.AddSingleton<SessionBooking>();
        services.AddSingleton<ICardActionHandler, ApprovalActions>();
        if (!forCommandLine)
        {
            services.AddSingleton<MeetingRemovalWorker>();
            services.AddHostedService(sp => sp.GetRequiredService<MeetingRemovalWorker>());
        }
        return services;
    }
}

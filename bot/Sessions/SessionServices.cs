using Chexs.Bot.CardActions;
using Chexs.Bot.Safeguarding;
using Microsoft.Extensions.DependencyInjection.Extensions;

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
        // The full cancellation (Zoom, guardians, calendar, reminders) replaces the record-only default.
        services.Replace(ServiceDescriptor.Singleton<ISessionCancellation>(sp => sp.GetRequiredService<SessionCancellations>()));
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

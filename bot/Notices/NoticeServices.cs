using Chexs.Bot.Hosting;

namespace Chexs.Bot.Notices;

public static class NoticeServices
{
    /// <summary>The staff-notice outbox and the worker that delivers it into Teams (not for command-line verbs).</summary>
    public static IServiceCollection AddChexsNotices(this IServiceCollection services, BotSetup setup)
    {
        services.AddSingleton<StaffNotices>();
        if (!setup.ForCommandLine)
        {
            services.AddSingleton<NoticeDeliveryWorker>();
            services.AddHostedService(sp => sp.GetRequiredService<NoticeDeliveryWorker>());
        }
        return services;
    }
}

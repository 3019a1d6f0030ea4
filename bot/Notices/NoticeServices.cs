using Chexs.Bot.Hosting;

namespace Chexs.Bot.Notices;

public static class NoticeServices
{
    /// <summary>The staff-notice outbox and the worker that delivers it into Teams (not for command-line verbs).</summary>
    public static IServiceCollection AddChexsNotices(this IServiceCollection services, BotSetup setup)
    {
        services.AddSingleton<StaffNotices>();
        // The managers' "outbox" count reads every outbox; it sits with the notices, the one every other outbox reports through.
        services.AddSingleton<Outbox.OutboxBacklog>();
        if (!setup.ForCommandLine)
        {
            services.AddSingleton<NoticeDeliveryWorker>();
            services.AddHostedService(sp => sp.GetRequiredService<NoticeDeliveryWorker>());
        }
        return services;
    }
}

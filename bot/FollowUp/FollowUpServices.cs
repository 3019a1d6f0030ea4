using Chexs.Bot.Hosting;
using Chexs.Bot.Zoom;

namespace Chexs.Bot.FollowUp;

public static class FollowUpServices
{
    /// <summary>
    /// Host checklist ticks, Zoom-event follow-up (P8 lock nudge, P5 recording check), the weekly digest and
    /// the daily retention run, with the worker that drives them (not for command-line verbs).
    /// </summary>
    public static IServiceCollection AddChexsFollowUp(this IServiceCollection services, Hosting.BotSetup setup)
    {
        services.AddChexsOptions<FollowUpOptions>(FollowUpOptions.Section);
        services.AddSingleton<FollowUpChecks>();
        services.AddSingleton<FollowUpCards>();
        services.AddSingleton<WeeklyDigest>();
        services.AddSingleton<Retention.RetentionJob>();
        services.AddSingleton<IZoomEventObserver, MeetingFollowUp>();
        if (!setup.ForCommandLine)
        {
            services.AddSingleton<FollowUpWorker>();
            services.AddHostedService(sp => sp.GetRequiredService<FollowUpWorker>());
        }
        return services;
    }
}

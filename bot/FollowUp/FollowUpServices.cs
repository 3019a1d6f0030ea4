using Chexs.Bot.CardActions;
using Chexs.Bot.Reminders;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Zoom;

namespace Chexs.Bot.FollowUp;

public static class FollowUpServices
{
    /// <summary>
    /// Host checklist ticks, Zoom-event follow-up (P8 lock nudge, P5 recording check), the weekly digest and
    /// the daily retention run, with the worker that drives them (not for command-line verbs).
    /// </summary>
    public static IServiceCollection AddChexsFollowUp(this IServiceCollection services, IConfiguration config, bool forCommandLine)
    {
        services.Configure<FollowUpOptions>(config.GetSection(FollowUpOptions.Section));
        // The configuration binder appends configured list items to a list's defaults; configured G5
        // offsets must replace the default 24 hours and 15 minutes, not add to them.
        services.PostConfigure<SafeguardingOptions>(o =>
        {
            var offsets = config.GetSection($"{SafeguardingOptions.Section}:{nameof(SafeguardingOptions.ReminderOffsets)}");
            if (offsets.GetChildren().Any())
            {
                o.ReminderOffsets = offsets.Get<List<TimeSpan>>() ?? new List<TimeSpan>();
            }
        });
        services.AddSingleton<HostChecklistTicks>();
        services.AddSingleton<ICardActionHandler, ChecklistActions>();
        services.AddSingleton<FollowUpChecks>();
        services.AddSingleton<FollowUpCards>();
        services.AddSingleton<WeeklyDigest>();
        services.AddSingleton<Retention.RetentionJob>();
        services.AddSingleton<IZoomEventObserver, MeetingFollowUp>();
        if (!forCommandLine)
        {
            services.AddSingleton<FollowUpWorker>();
            services.AddHostedService(sp => sp.GetRequiredService<FollowUpWorker>());
        }
        return services;
    }
}

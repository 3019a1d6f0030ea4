using Chexs.Bot.CardActions;
using Chexs.Bot.Hosting;

namespace Chexs.Bot.Reminders;

public static class ReminderServices
{
    /// <summary>Channel and host reminders (G5), the host checklist ticks, and the reminder worker (not for command-line verbs).</summary>
    public static IServiceCollection AddChexsReminders(this IServiceCollection services, BotSetup setup)
    {
        services.AddChexsOptions<ReminderOptions>(ReminderOptions.Section);
        services.AddSingleton<ReminderStore>();
        services.AddSingleton<ReminderComposer>();
        services.AddSingleton<HostChecklistTicks>();
        services.AddSingleton<ICardActionHandler, ChecklistActions>();
        if (!setup.ForCommandLine)
        {
            services.AddSingleton<ReminderWorker>();
            services.AddHostedService(sp => sp.GetRequiredService<ReminderWorker>());
        }
        return services;
    }
}

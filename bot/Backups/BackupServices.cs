using Chexs.Bot.Hosting;

namespace Chexs.Bot.Backups;

public static class BackupServices
{
    /// <summary>The bot's own daily backup (Backup:Folder); the command line's backup, restore and verify verbs.</summary>
    public static IServiceCollection AddChexsBackups(this IServiceCollection services, BotSetup setup)
    {
        services.AddSingleton<DatabaseBackups>();
        if (!setup.ForCommandLine)
        {
            services.AddSingleton<BackupWorker>();
            services.AddHostedService(sp => sp.GetRequiredService<BackupWorker>());
        }
        return services;
    }
}

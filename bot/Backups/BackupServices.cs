using Chexs.Bot.Hosting;

namespace Chexs.Bot.Backups;

public static class BackupServices
{
    /// <summary>The bot's own daily backup (Backup:Folder); the command line's backup, restore and verify verbs.</summary>
    public static IServiceCollection AddChexsBackups(this IServiceCollection services, BotSetup setup)
    {
        services.AddSingleton<DatabaseBackups>();
        services.AddSingleton<ManagerBackup>();
        // The embedded file backs itself up; a PostgreSQL database has its server's backups (point-in-time restore).
        if (!setup.ForCommandLine && Storage.StorageServices.EngineOf(setup.Config) == Storage.StorageEngine.LiteDb)
        {
            services.AddSingleton<BackupWorker>();
            services.AddHostedService(sp => sp.GetRequiredService<BackupWorker>());
        }
        return services;
    }
}

using Chexs.Bot.Hosting;

namespace Chexs.Bot.Backups;

public static class BackupServices
{
    /// <summary>The bot's own daily backup (Backup:Folder); the command line's backup, restore and verify verbs.</summary>
    public static IServiceCollection AddChexsBackups(this IServiceCollection services, BotSetup setup)
    {
        services.AddSingleton<ManagerBackup>();
        // The embedded file backs itself up; a PostgreSQL database has its server's backups (point-in-time restore),
        // and no file to copy (no IStoreMaintenance), so the backup services exist only on LiteDB. Registering them
        // there too failed the Development start-up's service validation on PostgreSQL.
        if (Storage.StorageServices.EngineOf(setup.Config) != Storage.StorageEngine.LiteDb) return services;
        services.AddSingleton<DatabaseBackups>();
        if (!setup.ForCommandLine)
        {
            services.AddSingleton<BackupWorker>();
            services.AddHostedService(sp => sp.GetRequiredService<BackupWorker>());
        }
        return services;
    }
}

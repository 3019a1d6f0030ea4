using Chexs.Bot.Hosting;
using Chexs.Bot.Storage.LiteDb;
using Chexs.Bot.Storage.PostgreSql;
using Microsoft.Extensions.Options;

namespace Chexs.Bot.Storage;

public static class StorageServices
{
    /// <summary>
    /// The storage engine behind every repository port, chosen by Storage:Engine: the embedded LiteDB file
    /// (Database:Path, the default) or a PostgreSQL database (Storage:ConnectionString).
    /// </summary>
    public static IServiceCollection AddChexsStorage(this IServiceCollection services, BotSetup setup)
    {
        services.AddChexsOptions<StorageOptions>(StorageOptions.Section)
            .Validate(o => o.Engine != StorageEngine.PostgreSql || !string.IsNullOrWhiteSpace(o.ConnectionString),
                "Storage:ConnectionString is empty: set it (environment variable Storage__ConnectionString) to the PostgreSQL database, or set Storage:Engine to LiteDb.")
            .Validate(o => o.ClaimLease >= TimeSpan.FromSeconds(30),
                "Storage:ClaimLease must be at least 30 seconds (it is a TimeSpan such as 00:02:00): a sending worker must finish one message within it.");

        services.AddChexsOptions<BackupOptions>(BackupOptions.Section)
            .Configure<IConfiguration>((o, config) => o.ApplyStorageAliases(config))
            .Validate(o => o.BackupsToKeep >= 1, "Backup:BackupsToKeep must be at least 1.")
            .Validate(o => o.Interval >= TimeSpan.FromMinutes(1), "Backup:Interval must be at least a minute (it is a TimeSpan such as 1.00:00:00).");
        if (EngineOf(setup.Config) == StorageEngine.PostgreSql)
        {
            services.AddChexsPostgreSqlStorage(sp => sp.GetRequiredService<IOptions<StorageOptions>>().Value.ConnectionString!);
            return services;
        }

        services.AddChexsOptions<DatabaseOptions>(DatabaseOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.Path), "Database:Path is empty: set it (environment variable Database__Path) to the LiteDB file on a local disk.");
        var location = new DatabaseLocation(DatabasePath(setup.Config, setup.Environment.ContentRootPath));
        services.AddSingleton(location);
        services.AddChexsLiteDbStorage(sp =>
        {
            // The lock's holder (the running bot's) is resolved with the engine, so the container that closes the
            // file also releases the lock. Absent for command-line verbs, which hold their lock around the whole run.
            _ = sp.GetService<DatabaseLockHolder>();
            return location.FilePath;
        });
        return services;
    }

    public static StorageEngine EngineOf(IConfiguration config) =>
        config.GetSection(StorageOptions.Section).GetValue(nameof(StorageOptions.Engine), StorageEngine.LiteDb);

    /// <summary>Database:Path resolved against the content root (the same file whether the bot or a command-line verb asks).</summary>
    public static string DatabasePath(IConfiguration config, string contentRoot)
    {
        var path = config[$"{DatabaseOptions.Section}:{nameof(DatabaseOptions.Path)}"];
        if (string.IsNullOrWhiteSpace(path)) path = new DatabaseOptions().Path;
        return Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(contentRoot, path));
    }

    /// <summary>
    /// Whether an existing file may be opened: it must be a sound database (header, length, and a full read of every
    /// collection and index). A missing file is fine: it becomes a new database. Null when it may be opened.
    /// </summary>
    public static StoreVerification? RefusalFor(string path) =>
        File.Exists(path) && LiteDbVerifier.VerifyFile(path) is { Sound: false } verification ? verification : null;
}

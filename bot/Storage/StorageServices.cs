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
                "Storage:ConnectionString is empty: set it (environment variable Storage__ConnectionString) to the PostgreSQL database, or set Storage:Engine to LiteDb.");
        var engine = setup.Config.GetSection(StorageOptions.Section).GetValue(nameof(StorageOptions.Engine), StorageEngine.LiteDb);
        if (engine == StorageEngine.PostgreSql)
        {
            services.AddChexsPostgreSqlStorage(sp => sp.GetRequiredService<IOptions<StorageOptions>>().Value.ConnectionString!);
            return services;
        }

        services.AddChexsOptions<DatabaseOptions>(DatabaseOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.Path), "Database:Path is empty: set it (environment variable Database__Path) to the LiteDB file on a local disk.");
        var contentRoot = setup.Environment.ContentRootPath;
        services.AddChexsLiteDbStorage(sp =>
        {
            var options = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            return Path.IsPathRooted(options.Path) ? options.Path : Path.Combine(contentRoot, options.Path);
        });
        return services;
    }
}

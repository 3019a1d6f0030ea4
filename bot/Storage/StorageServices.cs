using Chexs.Bot.Hosting;
using Chexs.Bot.Storage.LiteDb;
using Microsoft.Extensions.Options;

namespace Chexs.Bot.Storage;

public static class StorageServices
{
    /// <summary>The storage engine behind every repository port: the embedded LiteDB file (Database:Path).</summary>
    public static IServiceCollection AddChexsStorage(this IServiceCollection services, BotSetup setup)
    {
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

using Chexs.Bot.Storage.PostgreSql;

namespace Chexs.Bot.Storage;

/// <summary>The storage verbs of the executable (<see cref="Hosting.CommandLine"/>).</summary>
public static class StorageCommands
{
    public const string MigrateVerb = "migrate";

    /// <summary>
    /// <c>migrate</c>: brings the configured store's schema up to date and exits, as start-up does. For PostgreSQL
    /// that creates or migrates the tables (run it before rolling out several instances, or let the first start do it);
    /// the LiteDB file ensures its indexes when it opens, so there it only checks the file opens.
    /// </summary>
    public static async Task<int> MigrateAsync(string[] args, IServiceProvider services)
    {
        if (args.Length > 0) throw new Hosting.CommandLineException("usage: migrate (no arguments; the store comes from Storage:Engine)");
        var health = services.GetRequiredService<IStoreHealth>();
        if (services.GetService<PgDatabase>() is { } postgres)
        {
            var applied = await postgres.MigrateAsync();
            Console.WriteLine(applied.Count == 0
                ? $"{postgres.Describe}: schema already at version {PgSchema.LatestVersion}."
                : $"{postgres.Describe}: applied schema version(s) {string.Join(", ", applied)}; now at {PgSchema.LatestVersion}.");
            return 0;
        }
        var check = await health.CheckAsync();
        if (!check.Healthy)
        {
            Console.Error.WriteLine($"{health.Describe()}: cannot be opened: {check.Problem?.Message}");
            return 1;
        }
        Console.WriteLine($"{health.Describe()}: LiteDB file opened and its indexes ensured; nothing else to migrate.");
        return 0;
    }
}

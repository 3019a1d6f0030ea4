using Chexs.Bot.Records;
using Chexs.Bot.Storage.LiteDb;
using Chexs.Bot.Storage.PostgreSql;

namespace Chexs.Bot.Storage;

/// <summary>The storage verbs of the executable (<see cref="Hosting.CommandLine"/>).</summary>
public static class StorageCommands
{
    public const string MigrateVerb = "migrate";
    public const string CopyVerb = "copy-storage";

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

    /// <summary>
    /// <c>copy-storage --from litedb:PATH --to postgresql</c>: copies every record of a LiteDB file into the configured
    /// PostgreSQL database (Storage:Engine=PostgreSql, Storage:ConnectionString), migrating its schema first. The
    /// target must hold no records yet; the file is only read. Stop the bot that uses the file first.
    /// </summary>
    public static async Task<int> CopyAsync(string[] args, IServiceProvider services)
    {
        const string usage = "usage: copy-storage --from litedb:PATH --to postgresql   (the target is Storage:ConnectionString, with Storage:Engine=PostgreSql)";
        var from = ArgumentAfter(args, "--from") ?? throw new Hosting.CommandLineException(usage);
        var to = ArgumentAfter(args, "--to") ?? throw new Hosting.CommandLineException(usage);
        if (args.Length != 4 || !from.StartsWith("litedb:", StringComparison.OrdinalIgnoreCase) || !to.Equals("postgresql", StringComparison.OrdinalIgnoreCase))
        {
            throw new Hosting.CommandLineException(usage);
        }
        var path = Path.GetFullPath(from["litedb:".Length..]);
        if (!File.Exists(path)) throw new Hosting.CommandLineException($"No LiteDB file at {path}.");
        if (services.GetService<PgDatabase>() is not { } postgres)
        {
            throw new Hosting.CommandLineException("The target is the configured PostgreSQL database: set Storage:Engine=PostgreSql and Storage:ConnectionString (environment Storage__Engine, Storage__ConnectionString).");
        }
        await postgres.MigrateAsync();
        if (await services.GetRequiredService<ISessionRepository>().CountAsync() > 0 || await services.GetRequiredService<IPupilRepository>().CountAsync() > 0
            || (await services.GetRequiredService<IAuditTrail>().AllAsync()).Count > 0)
        {
            throw new Hosting.CommandLineException($"{postgres.Describe} already holds records; copy into an empty database.");
        }

        await using var source = new ServiceCollection().AddChexsLiteDbStorage(_ => path).BuildServiceProvider();
        var copied = await StoreCopy.CopyAsync(source, services);
        foreach (var (what, count) in copied) Console.WriteLine($"{count,7} {what}");
        Console.WriteLine($"Copied {path} into {postgres.Describe}. Conversations in progress start over (bot state is not copied).");
        return 0;
    }

    private static string? ArgumentAfter(string[] args, string name)
    {
        var i = Array.FindIndex(args, a => a.Equals(name, StringComparison.OrdinalIgnoreCase));
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}

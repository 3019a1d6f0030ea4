using System.Diagnostics;
using Chexs.Bot.Backups;
using Chexs.Bot.Storage;

namespace Chexs.Bot.Hosting;

/// <summary>
/// What a starting bot makes sure of before it registers anything that could touch the file: it is the only
/// process using the database (the lock), and the file it is about to use is a sound database, not a truncated or
/// corrupted one that LiteDB would start over. Each refusal is one sentence (exit code 2, no stack trace).
/// </summary>
public static class StoreOwnership
{
    /// <summary>Takes the lock and checks the file; the lock is held by the returned holder until the host stops.</summary>
    public static DatabaseLockHolder? TakeForBot(IConfiguration config, IHostEnvironment env, ILogger? log = null)
    {
        var path = StorageServices.DatabasePath(config, env.ContentRootPath);
        DatabaseLock? taken;
        try
        {
            taken = DatabaseLock.TryTake(path);
        }
        catch (UnusableLocationException)
        {
            // Nothing (no other bot, no command) can open a file there either; the bot starts and its readiness
            // answers 503 with the reason in the log, as an unusable Database:Path always did.
            return null;
        }
        var held = taken
            ?? throw new StartupRefusedException([$"Another CHEXS Bot is already running on {path} (it holds {DatabaseLock.LockPath(path)}): stop it first; only one instance may use the database file."]);
        try
        {
            var watch = Stopwatch.StartNew();
            if (StorageServices.RefusalFor(path) is { } refusal)
            {
                var backupFolder = DatabaseBackups.ResolveFolder(BackupOptions.FolderFrom(config), env.ContentRootPath);
                var newest = DatabaseBackups.Newest(backupFolder);
                var restore = newest is null
                    ? "No backup was found" + (backupFolder is null ? " (Backup:Folder is not set)" : $" in {backupFolder}")
                    : $"The latest backup is {newest.FullName}: check it with 'verify {newest.FullName}' and restore it with 'restore {newest.FullName}'";
                throw new StartupRefusedException([$"The database file {path} is not a sound database ({string.Join("; ", refusal.Problems)}). It was left untouched and nothing was started over it. {restore}."]);
            }
            log?.LogInformation("Database {Path} verified in {Elapsed} ms", path, watch.ElapsedMilliseconds);
            DatabaseBackups.RemoveInterruptedCopies(DatabaseBackups.ResolveFolder(BackupOptions.FolderFrom(config), env.ContentRootPath));
            return new DatabaseLockHolder(held);
        }
        catch
        {
            held.Dispose();
            throw;
        }
    }

    /// <summary>
    /// For a command-line verb that opens the database: the lock, or the sentence saying why not. The verb holds
    /// the lock while it runs, so a bot started meanwhile refuses instead of sharing the file.
    /// </summary>
    public static DatabaseLock? TryTakeForCommand(string path, string verb, out string? refusal)
    {
        var held = DatabaseLock.TryTake(path);
        refusal = held is not null ? null : $"The bot is running and owns {Display(path)}: {WhatInstead(verb)}.";
        return held;
    }

    // Only what the person can do today: a Teams command where one exists, otherwise stopping the bot for the
    // seconds the command takes (imports and exports are not yet possible in Teams).
    private static string WhatInstead(string verb) => verb.ToLowerInvariant() switch
    {
        "import" or "export" => "stop it, run the command, then start it again (it takes seconds; the bot does not answer meanwhile)",
        "backup" => "type 'backup' to the bot in Teams (managers) for a backup now, or stop it first; it also backs itself up daily to Backup:Folder",
        "preflight" => "stop it first, or type 'status' to the bot in Teams (managers)",
        _ => "stop it first, then try again",
    };

    private static string Display(string path) => new DatabaseLocation(path).Display;
}

/// <summary>Holds the database lock for the bot's lifetime; the host disposes it when it stops.</summary>
public sealed class DatabaseLockHolder(DatabaseLock held) : IHostedService, IDisposable
{
    public string DatabasePath => held.DatabasePath;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask; // released on Dispose, after every worker has stopped

    public void Dispose() => held.Dispose();
}

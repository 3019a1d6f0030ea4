using Chexs.Bot.Hosting;
using Chexs.Bot.Storage;

namespace Chexs.Bot.Backups;

/// <summary>
/// The <c>backup</c>, <c>restore</c> and <c>verify</c> verbs. All of them run with the bot stopped (the command line
/// holds the database lock); while the bot runs it takes its own daily backups. Exit codes: 0 done, 1 the file is
/// not sound (verify) or the backup/restore failed, 2 mistyped or refused.
/// </summary>
public static class StoreCommands
{
    public const string Backup = "backup";
    public const string Restore = "restore";
    public const string Verify = "verify";

    public static Task<int> BackupAsync(string[] args, IServiceProvider services) => BackupAsync(args, services, Console.Out, Console.Error);
    public static Task<int> RestoreAsync(string[] args, IServiceProvider services) => Task.FromResult(RestoreFile(args, services, Console.Out, Console.Error));
    public static Task<int> VerifyAsync(string[] args, IServiceProvider services) => VerifyAsync(args, services, Console.Out);

    /// <summary><c>backup [FILE]</c>: a verified copy of the database to FILE, or to Backup:Folder as the bot names them.</summary>
    public static async Task<int> BackupAsync(string[] args, IServiceProvider services, TextWriter output, TextWriter errors)
    {
        if (args.Length > 1) throw new CommandLineException("Usage: backup [FILE]");
        try
        {
            if (args.Length == 1) Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(args[0]))!);
            var copy = args.Length == 1
                ? await services.GetRequiredService<IStoreMaintenance>().BackupToAsync(Path.GetFullPath(args[0]))
                : await services.GetRequiredService<DatabaseBackups>().MakeAsync();
            output.WriteLine($"Backup written and verified: {copy.File}");
            copy.WriteTo(output);
            return 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            errors.WriteLine($"No backup written: {e.Message}");
            return 1;
        }
    }

    /// <summary><c>verify [FILE]</c>: reads every collection and index of FILE (default: the database) and reports.</summary>
    public static async Task<int> VerifyAsync(string[] args, IServiceProvider services, TextWriter output)
    {
        if (args.Length > 1) throw new CommandLineException("Usage: verify [FILE]");
        var store = services.GetRequiredService<IStoreMaintenance>();
        var result = args.Length == 1 ? store.VerifyFile(Path.GetFullPath(args[0])) : await store.VerifyLiveAsync();
        output.WriteLine(result.Sound ? $"{result.File} is sound:" : $"{result.File} is NOT sound:");
        result.WriteTo(output);
        return result.Sound ? 0 : 1;
    }

    /// <summary>
    /// <c>restore FILE</c>: only a file that verifies replaces the database; the replaced file (and its LiteDB log)
    /// is kept beside it as <c>NAME.replaced-YYYYMMDD-HHMMSS</c>. The engine has not opened the database (restore
    /// never touches it before this), so the copy cannot race LiteDB.
    /// </summary>
    public static int RestoreFile(string[] args, IServiceProvider services, TextWriter output, TextWriter errors)
    {
        if (args.Length != 1) throw new CommandLineException("Usage: restore FILE");
        var source = Path.GetFullPath(args[0]);
        var database = services.GetRequiredService<DatabaseLocation>().FilePath;
        if (string.Equals(source, database, StringComparison.Ordinal)) throw new CommandLineException($"{source} is the database itself; name a backup to restore.");
        var verification = services.GetRequiredService<IStoreMaintenance>().VerifyFile(source);
        if (!verification.Sound)
        {
            errors.WriteLine($"Not restored: {source} does not verify ({string.Join("; ", verification.Problems)}). The database was left as it was.");
            return 1;
        }
        var stamp = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture);
        var incoming = database + ".restoring";
        File.Copy(source, incoming, overwrite: true);
        var keptAside = new List<string>();
        foreach (var existing in new[] { database, LogFileOf(database) }.Where(File.Exists))
        {
            var aside = $"{existing}.replaced-{stamp}";
            File.Move(existing, aside);
            keptAside.Add(aside);
        }
        File.Move(incoming, database);
        output.WriteLine($"Restored {source} to {database}.");
        verification.WriteTo(output);
        output.WriteLine(keptAside.Count == 0 ? "There was no database before." : $"The replaced file was kept as {string.Join(" and ", keptAside)}.");
        return 0;
    }

    /// <summary>LiteDB 5 keeps committed pages not yet checkpointed in NAME-log.EXT beside the data file.</summary>
    private static string LogFileOf(string database) =>
        Path.Combine(Path.GetDirectoryName(database)!, Path.GetFileNameWithoutExtension(database) + "-log" + Path.GetExtension(database));
}

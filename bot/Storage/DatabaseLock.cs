namespace Chexs.Bot.Storage;

/// <summary>
/// One writer per database file across processes: whoever opens the file (the running bot, or a command-line verb
/// while the bot is stopped) first holds <c>FILE.lock</c> beside it, opened exclusively (FileShare.None). The OS
/// releases the lock when the process ends, even after a crash, so a stale lock file never blocks a restart; a
/// leftover file without a holder is simply taken again. LiteDB corrupts a file that two processes write at once.
/// </summary>
public sealed class DatabaseLock : IDisposable
{
    private readonly FileStream _stream;

    private DatabaseLock(string databasePath, FileStream stream)
    {
        DatabasePath = databasePath;
        _stream = stream;
    }

    public string DatabasePath { get; }

    public static string LockPath(string databasePath) => databasePath + ".lock";

    /// <summary>Takes the lock, or returns null when another process (or another holder in this one) has it.</summary>
    /// <exception cref="UnusableLocationException">The lock file cannot be created at all (its folder cannot exist there, no permission).</exception>
    public static DatabaseLock? TryTake(string databasePath)
    {
        var full = Path.GetFullPath(databasePath);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UnusableLocationException(full, e);
        }
        if (!CanCreate(LockPath(full))) throw new UnusableLocationException(full, null);
        try
        {
            var stream = new FileStream(LockPath(full), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            // Who holds it, for an operator looking at the folder (the lock is the open handle, not this text).
            stream.SetLength(0);
            var holder = System.Text.Encoding.UTF8.GetBytes($"pid {Environment.ProcessId} on {Environment.MachineName} since {DateTimeOffset.UtcNow:u}\n");
            stream.Write(holder);
            stream.Flush();
            return new DatabaseLock(full, stream);
        }
        catch (IOException)
        {
            return null; // held: on Linux and Windows alike an exclusive open of a held file fails with an IOException
        }
    }

    private static bool CanCreate(string lockPath)
    {
        try
        {
            using var probe = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
        catch (IOException)
        {
            return true; // exists and is held: TryTake tells
        }
    }

    public void Dispose()
    {
        // The file stays: deleting it could race a process that has just opened it; only the open handle is the lock.
        _stream.Dispose();
    }
}

/// <summary>The database's folder cannot hold the lock file (or the database): nothing can open the file there.</summary>
public sealed class UnusableLocationException(string databasePath, Exception? inner)
    : IOException($"No lock file can be created beside {databasePath}" + (inner is null ? "." : $": {inner.Message}"), inner);

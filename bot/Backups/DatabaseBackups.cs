using System.Globalization;
using Chexs.Bot.Storage;
using Microsoft.Extensions.Options;

namespace Chexs.Bot.Backups;

/// <summary>
/// Backups of the live database, taken by the running bot itself (the command line may not open the file while
/// the bot runs): a consistent, verified copy named <c>chexs-YYYYMMDD-HHMMSS.db</c> in Backup:Folder, the oldest
/// beyond Backup:BackupsToKeep deleted, and an audit event.
/// </summary>
public sealed class DatabaseBackups(IStoreMaintenance store, IAuditTrail audit, IOptions<BackupOptions> options, IHostEnvironment env, TimeProvider clock)
{
    public const string Pattern = "chexs-*.db";
    private const string StampFormat = "yyyyMMdd-HHmmss";

    /// <summary>The backup folder, resolved against the content root; null when backups are not configured.</summary>
    public string? Folder => ResolveFolder(options.Value.Folder, env.ContentRootPath);

    public static string? ResolveFolder(string folder, string contentRoot) =>
        string.IsNullOrWhiteSpace(folder) ? null : Path.GetFullPath(Path.IsPathRooted(folder) ? folder : Path.Combine(contentRoot, folder));

    // The daily worker and a manager's "backup now" may ask at the same moment; one copy at a time.
    private readonly SemaphoreSlim _one = new(1, 1);

    /// <summary>Takes a backup now. Throws when backups are not configured or the copy does not verify.</summary>
    /// <param name="actor">Who asked: "system" for the daily backup, a manager's AAD object id for "backup now".</param>
    public async Task<StoreVerification> MakeAsync(string actor = "system", CancellationToken ct = default)
    {
        var folder = Folder ?? throw new InvalidOperationException("Backup:Folder is not set, so the bot has nowhere to write backups.");
        await _one.WaitAsync(ct);
        try
        {
            Directory.CreateDirectory(folder);
            var now = clock.GetUtcNow();
            var target = Path.Combine(folder, $"chexs-{now.UtcDateTime.ToString(StampFormat, CultureInfo.InvariantCulture)}.db");
            var copy = await store.BackupToAsync(target, ct);
            var removed = Prune(folder, Math.Max(1, options.Value.BackupsToKeep));
            await audit.AppendAsync(now, actor, "backup.made", Array.Empty<string>(),
                $"{Path.GetFileName(target)} verified ({copy.Documents} documents); {removed} old backup(s) removed", ct);
            return copy;
        }
        finally
        {
            _one.Release();
        }
    }

    /// <summary>When the newest backup in <paramref name="folder"/> was taken (from its name; its file time for other names).</summary>
    public static DateTimeOffset? NewestTakenAt(string? folder) => Newest(folder) is { } newest ? TakenAt(newest) : null;

    public static FileInfo? Newest(string? folder) =>
        folder is null || !Directory.Exists(folder) ? null : new DirectoryInfo(folder).GetFiles(Pattern).OrderByDescending(TakenAt).FirstOrDefault();

    private static DateTimeOffset TakenAt(FileInfo file)
    {
        var stamp = Path.GetFileNameWithoutExtension(file.Name)["chexs-".Length..];
        foreach (var format in new[] { StampFormat, "yyyyMMdd-HHmm" })
        {
            if (DateTime.TryParseExact(stamp, format, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at))
                return new DateTimeOffset(at, TimeSpan.Zero);
        }
        return new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero);
    }

    /// <summary>Deletes all but the newest <paramref name="keep"/> backups; how many it deleted.</summary>
    public static int Prune(string folder, int keep)
    {
        var old = new DirectoryInfo(folder).GetFiles(Pattern).OrderByDescending(TakenAt).Skip(keep).ToList();
        foreach (var file in old) file.Delete();
        return old.Count;
    }

    /// <summary>Copies a backup being written when the process died (<c>*.partial</c>) never look like backups; remove them.</summary>
    public static void RemoveInterruptedCopies(string? folder)
    {
        if (folder is null || !Directory.Exists(folder)) return;
        foreach (var partial in Directory.EnumerateFiles(folder, "chexs-*.db.partial")) File.Delete(partial);
    }
}

namespace Chexs.Bot.Storage;

/// <summary>
/// Where database backups land (section "Backup"): the bot's own daily backup writes there, preflight reports the
/// newest one's age, and the refusal of an unsound file names the newest one. One setting for all three.
/// </summary>
public sealed class BackupOptions
{
    public const string Section = "Backup";

    /// <summary>
    /// The folder as configured: Backup:Folder, or Storage:BackupFolder (the name the data-safety issue and some
    /// deployment notes use), so either spelling switches backups on.
    /// </summary>
    public static string FolderFrom(IConfiguration config) =>
        config[$"{Section}:{nameof(Folder)}"] is { Length: > 0 } folder ? folder : config["Storage:BackupFolder"] ?? "";

    /// <summary>Fills what Backup:* left unset from the Storage:BackupFolder / Storage:BackupsToKeep spellings.</summary>
    public void ApplyStorageAliases(IConfiguration config)
    {
        Folder = FolderFrom(config);
        if (config[$"{Section}:{nameof(BackupsToKeep)}"] is null && int.TryParse(config["Storage:BackupsToKeep"], out var keep))
        {
            BackupsToKeep = keep;
        }
    }

    /// <summary>Folder the backups are written to as <c>chexs-YYYYMMDD-HHMMSS.db</c>. Empty: the bot takes no backups.</summary>
    public string Folder { get; set; } = "";

    /// <summary>The newest backup may be at most this old (a daily job plus slack).</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromHours(26);

    /// <summary>How many backups are kept; older ones are deleted after a new one verifies.</summary>
    public int BackupsToKeep { get; set; } = 14;

    /// <summary>How often the bot takes a backup while it runs.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(24);
}

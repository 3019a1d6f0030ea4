namespace Chexs.Bot.Storage;

public enum StorageEngine
{
    /// <summary>The embedded file (Database:Path): one bot instance on a local disk.</summary>
    LiteDb,
    /// <summary>A PostgreSQL server (Storage:ConnectionString): several bot instances may share it.</summary>
    PostgreSql,
}

/// <summary>Which engine stores the records (section "Storage").</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    public StorageEngine Engine { get; set; } = StorageEngine.LiteDb;

    /// <summary>
    /// The PostgreSQL connection string (Npgsql format, e.g. "Host=db;Database=chexs;Username=chexs;Password=…").
    /// It holds a password: set it in the environment (Storage__ConnectionString) or a secret store, never in a committed file.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// How long one bot instance's claim on a piece of work (an outbox row, a scheduled job) lasts. Another instance
    /// takes work over only after its claim expires, so this is both the longest one sending may take and how long
    /// the work of an instance that was killed waits before another instance does it.
    /// </summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(2);
}

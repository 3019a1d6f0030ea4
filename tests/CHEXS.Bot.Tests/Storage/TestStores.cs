using System.Reflection;
using Chexs.Bot.Storage;
using Chexs.Bot.Storage.LiteDb;
using Chexs.Bot.Storage.PostgreSql;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Sdk;

namespace Chexs.Bot.Tests.StorageEngines;

/// <summary>
/// The PostgreSQL server the tests may use: CHEXS_TEST_POSTGRES, a connection string to a database the tests
/// can create databases from (scripts/test.sh starts a throwaway cluster and sets it). Without it the PostgreSQL
/// cases are skipped, with this reason, so a developer machine without PostgreSQL still runs everything else.
/// </summary>
public static class TestPostgres
{
    public const string Variable = "CHEXS_TEST_POSTGRES";

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    public static string? SkipReason => ConnectionString is null
        ? $"PostgreSQL not available: set {Variable} (scripts/test.sh starts a throwaway cluster and sets it)."
        : null;

    /// <summary>A new, empty database for one test; returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string name)
    {
        await using (var admin = new NpgsqlConnection(ConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
    }

    public static async Task DropDatabaseAsync(string name)
    {
        await using var admin = new NpgsqlConnection(ConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    public static string NewDatabaseName() => "chexs_test_" + Guid.NewGuid().ToString("N")[..16];
}

/// <summary>Runs the theory on the embedded LiteDB engine.</summary>
public sealed class OnLiteDbAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[StorageEngine.LiteDb]];
}

/// <summary>Runs the theory on PostgreSQL; skipped (with the reason) when no test server is configured.</summary>
public sealed class OnPostgreSqlAttribute : DataAttribute
{
    public OnPostgreSqlAttribute() => Skip = TestPostgres.SkipReason;

    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[StorageEngine.PostgreSql]];
}

/// <summary>
/// The ports of one engine over a store of their own (a temp LiteDB file, or a fresh PostgreSQL database),
/// registered exactly as the bot registers them. Disposing deletes the store.
/// </summary>
public sealed class TestStore : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly string? _folder;
    private readonly string? _database;

    private TestStore(StorageEngine engine, ServiceProvider services, string? folder, string? database, string? connectionString)
    {
        Engine = engine;
        _services = services;
        _folder = folder;
        _database = database;
        ConnectionString = connectionString;
    }

    public StorageEngine Engine { get; }

    /// <summary>PostgreSQL only: the test database's connection string.</summary>
    public string? ConnectionString { get; }

    public static async Task<TestStore> CreateAsync(StorageEngine engine)
    {
        var services = new ServiceCollection().AddLogging();
        if (engine == StorageEngine.PostgreSql)
        {
            var name = TestPostgres.NewDatabaseName();
            var connectionString = await TestPostgres.CreateDatabaseAsync(name);
            services.AddChexsPostgreSqlStorage(_ => connectionString);
            return new TestStore(engine, services.BuildServiceProvider(), null, name, connectionString);
        }
        var folder = Path.Combine(Path.GetTempPath(), "chexs-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        services.AddChexsLiteDbStorage(_ => Path.Combine(folder, "chexs.db"));
        return new TestStore(engine, services.BuildServiceProvider(), folder, null, null);
    }

    /// <summary>
    /// PostgreSQL only: the ports of a second bot instance on the same database (its own connections and pool), as
    /// another process would have them. Disposing it leaves the database to this store.
    /// </summary>
    /// <param name="settings">Npgsql settings appended to its connection string, e.g. a small pool.</param>
    public ServiceProvider OtherInstance(string? settings = null)
    {
        if (ConnectionString is not { } connectionString) throw new InvalidOperationException("Only a server database has other instances.");
        if (settings is not null) connectionString += ";" + settings;
        return new ServiceCollection().AddLogging().AddChexsPostgreSqlStorage(_ => connectionString).BuildServiceProvider();
    }

    public IServiceProvider Services => _services;

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public IStoreTransactions Transactions => Get<IStoreTransactions>();

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        if (_database is not null) await TestPostgres.DropDatabaseAsync(_database);
        if (_folder is not null)
        {
            try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
        }
    }
}

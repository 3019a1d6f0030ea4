using Npgsql;

namespace Chexs.Bot.Bench;

/// <summary>
/// The PostgreSQL server of the engine-comparison sections: CHEXS_BENCH_POSTGRES, a connection string to a server the
/// bench may create databases on. scripts/bench.sh starts one on this machine the way scripts/test-postgres.sh starts
/// the tests' (a throwaway cluster on a loopback port, stopped at exit), but durable: fsync and synchronous commit on,
/// as a production server runs, so the numbers are not flattered.
/// </summary>
public static class Postgres
{
    public const string Variable = "CHEXS_BENCH_POSTGRES";

    public static string? Server => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    /// <summary>A new, empty database (dropped first if an earlier run left one); its connection string.</summary>
    public static async Task<string> NewDatabaseAsync(string name)
    {
        var server = Server ?? throw new InvalidOperationException($"{Variable} is not set: run the PostgreSQL sections through scripts/bench.sh, which starts a server.");
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    /// <summary>How much disk a database takes (the LiteDB sections report their file's size).</summary>
    public static long SizeOf(string connectionString)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var size = new NpgsqlCommand("SELECT pg_database_size(current_database())", connection);
        return Convert.ToInt64(size.ExecuteScalar());
    }
}

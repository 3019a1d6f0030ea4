using Chexs.Bot.Storage.PostgreSql;

namespace Chexs.Bot.Tests.StorageEngines;

/// <summary>The PostgreSQL schema: created on first start, idempotent, and safe when instances start together.</summary>
public sealed class PostgreSqlSchemaTests
{
    [Theory, OnPostgreSql]
    public async Task Instances_starting_together_migrate_once_and_a_second_run_has_nothing_to_do(Storage.StorageEngine engine)
    {
        Assert.Equal(Storage.StorageEngine.PostgreSql, engine);
        var name = TestPostgres.NewDatabaseName();
        var connectionString = await TestPostgres.CreateDatabaseAsync(name);
        try
        {
            var instances = Enumerable.Range(0, 3).Select(_ => new PgDatabase(connectionString)).ToList();
            var applied = await Task.WhenAll(instances.Select(i => Task.Run(() => i.MigrateAsync())));

            Assert.Single(applied, versions => versions.Count > 0);
            Assert.Equal([PgSchema.LatestVersion], applied.Single(v => v.Count > 0).TakeLast(1));
            Assert.Empty(await instances[0].MigrateAsync());
            foreach (var instance in instances) await instance.DisposeAsync();
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(name);
        }
    }

    [Fact]
    public void Describe_names_the_server_and_database_but_never_the_password()
    {
        using var db = new PgDatabase("Host=db.example;Port=5433;Database=chexs;Username=bot;Password=secret-value");
        Assert.Equal("PostgreSQL db.example:5433/chexs", db.Describe);
    }
}

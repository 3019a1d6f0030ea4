using System.Net;
using System.Security.Cryptography;
using Chexs.Bot.Backups;
using Chexs.Bot.Hosting;
using Chexs.Bot.Invitations;
using Chexs.Bot.Records;
using Chexs.Bot.Storage;
using Chexs.Bot.Storage.LiteDb;
using Chexs.Bot.Tests.Foundation;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Chexs.Bot.Tests.DataSafety;

/// <summary>
/// The issue "Data you can trust": one writer per file, readiness that tells the truth and recovers after a failed
/// write, no start over an unsound file, and backups that verify and restore to a working bot.
/// </summary>
public sealed class StoreTrustTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static readonly DateTimeOffset Start = new(2026, 11, 2, 16, 0, 0, TimeSpan.Zero);

    private static Session Booking(int n) => new()
    {
        Id = $"S-{n:D5}",
        HostId = "00000000-0000-0000-0000-00000000a001",
        Start = Start.AddHours(n),
        DurationMinutes = 45,
        Status = SessionStatus.Scheduled,
    };

    /// <summary>A booking as the scheduler stores it: the session and its audit event in one transaction.</summary>
    private static Task BookAsync(IServiceProvider services, int n) =>
        services.GetRequiredService<IStoreTransactions>().RunAsync(async () =>
        {
            await services.GetRequiredService<ISessionRepository>().InsertAsync(Booking(n));
            await services.GetRequiredService<IAuditTrail>().AppendAsync(Start, "host", "session.booked", [Booking(n).Id]);
        });

    private static string Hash(string path) => File.Exists(path) ? Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))) : "missing";

    /// <summary>A closed database file with pupils and sessions in it, checkpointed (everything in the data file).</summary>
    private string RealDatabase(string name, int sessions = 40)
    {
        var path = _folder.File(name);
        using (var db = new ChexsDatabase(path))
        {
            for (var i = 0; i < sessions; i++) db.Sessions.Insert(Booking(i));
            for (var i = 0; i < 30; i++) db.Pupils.Insert(new Pupil { Id = $"P-{i:D4}", FirstName = "Sam", LastName = $"Patel{i}" });
            db.Raw.Checkpoint();
        }
        return path;
    }

    private static (IConfiguration Config, IHostEnvironment Env) Settings(string database, string? backups = null)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Path"] = database,
            ["Backup:Folder"] = backups,
        }).Build();
        return (config, new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { ContentRootPath = Path.GetDirectoryName(database)!, EnvironmentName = "Development" });
    }

    // ---- 1. One writer ----

    [Fact]
    public async Task A_command_line_import_while_the_bot_runs_is_refused_and_the_file_is_untouched()
    {
        var database = _folder.File("chexs.db");
        var csv = _folder.File("pupils.csv");
        File.WriteAllText(csv, "pupil_id,first_name,last_name,date_of_birth,programme,school,guardian_name,guardian_relationship,guardian_email,guardian_phone\n" +
            "P-0001,Sam,Patel,2011-05-14,Growth,Northfield Academy,Priya Patel,Mother,priya.patel@example.org,07700 900101\n");
        await using var bot = new BotAppFactory(database);
        _ = bot.CreateClient();
        await BookAsync(bot.Services, 1);
        var db = ChexsDatabase.Of(bot.Services);
        var pupilsBefore = System.Text.Json.JsonSerializer.Serialize(db.Pupils.FindAll().OrderBy(p => p.Id).Select(p => new { p.Id, p.FirstName, p.LastName, p.School }));

        var errors = new StringWriter();
        var exit = await CommandLine.RunAsync(["import", "pupils", csv], new Dictionary<string, string?> { ["Database:Path"] = database }, errors);

        Assert.Equal(2, exit);
        Assert.Equal($"The bot is running and owns {new DatabaseLocation(database).Display}: stop it, run the command, then start it again (it takes seconds; the bot does not answer meanwhile).", errors.ToString().Trim());
        // The bot's own workers keep writing, so the file is judged by what the import would have left: nothing.
        Assert.Equal(pupilsBefore, System.Text.Json.JsonSerializer.Serialize(db.Pupils.FindAll().OrderBy(p => p.Id).Select(p => new { p.Id, p.FirstName, p.LastName, p.School })));
        Assert.DoesNotContain(db.Audit.FindAll(), a => a.Actor.StartsWith("cli:", StringComparison.Ordinal));
        Assert.True((await bot.Services.GetRequiredService<IStoreMaintenance>().VerifyLiveAsync()).Sound);
    }

    [Fact]
    public void A_second_bot_on_the_same_file_refuses_to_start_in_one_sentence()
    {
        var (config, env) = Settings(_folder.File("chexs.db"));
        using var first = StoreOwnership.TakeForBot(config, env);
        var refusal = Assert.Throws<StartupRefusedException>(() => StoreOwnership.TakeForBot(config, env));
        Assert.Equal($"Another CHEXS Bot is already running on {_folder.File("chexs.db")} (it holds {_folder.File("chexs.db")}.lock): stop it first; only one instance may use the database file.", Assert.Single(refusal.Problems));
        first!.Dispose();
        using var afterTheFirstStopped = StoreOwnership.TakeForBot(config, env);
        Assert.NotNull(afterTheFirstStopped); // the OS released it: never stale
    }

    [Fact]
    public async Task Bookings_from_several_conversations_while_imports_are_attempted_all_land_and_the_file_verifies()
    {
        var database = _folder.File("chexs.db");
        await using var bot = new BotAppFactory(database);
        _ = bot.CreateClient();
        var bookings = Enumerable.Range(0, 8).Select(c => Task.Run(async () =>
        {
            for (var i = 0; i < 10; i++) await BookAsync(bot.Services, c * 100 + i);
        })).ToList();
        var imports = Enumerable.Range(0, 3).Select(_ => CommandLine.RunAsync(["import", "pupils", "samples/pupils.csv"], new Dictionary<string, string?> { ["Database:Path"] = database }, TextWriter.Null)).ToList();
        await Task.WhenAll(bookings);
        Assert.All(await Task.WhenAll(imports), exit => Assert.Equal(2, exit));
        Assert.Equal(80, ChexsDatabase.Of(bot.Services).Sessions.Count());
        var verified = await bot.Services.GetRequiredService<IStoreMaintenance>().VerifyLiveAsync();
        Assert.True(verified.Sound, string.Join("; ", verified.Problems));
        Assert.Equal(80, verified.Counts["sessions"]);
        Assert.Equal(80, verified.Counts["sessions.Start (index)"]);
    }

    // ---- 2. Health that tells the truth, and recovery after a failed write ----

    [Fact]
    public async Task A_failed_write_makes_readiness_503_and_the_store_recovers_once_the_disk_takes_writes_again()
    {
        await using var bot = new BotAppFactory(_folder.File("chexs.db"));
        var http = bot.CreateClient();
        var file = bot.Services.GetRequiredService<LiteDbFile>();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz/ready")).StatusCode);
        var opens = file.Opens;

        file.CommitFault = () => new IOException("No space left on device");
        await Assert.ThrowsAsync<IOException>(() => BookAsync(bot.Services, 1));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("/healthz/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz/live")).StatusCode); // the process is up: no restart loop

        file.CommitFault = null; // space freed
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz/ready")).StatusCode);
        Assert.True(file.Opens > opens, "the database was reopened after the failed write");
        await BookAsync(bot.Services, 2);
        var stored = ChexsDatabase.Of(bot.Services).Sessions.FindAll().Select(s => s.Id).ToList();
        Assert.Equal(["S-00002"], stored); // the failed booking was not half-stored
    }

    // ---- 3. Never start over real data ----

    public static TheoryData<string> Damages => ["empty", "100 bytes", "4 KB", "8191 bytes", "half", "all but one page", "header overwritten", "pages overwritten"];

    [Theory]
    [MemberData(nameof(Damages))]
    public void An_unsound_file_is_refused_at_start_naming_it_and_the_latest_backup_and_is_left_untouched(string damage)
    {
        var backups = Path.Combine(_folder.Path, "backups");
        Directory.CreateDirectory(backups);
        var backup = Path.Combine(backups, "chexs-20261101-024000.db");
        File.Copy(RealDatabase("good.db"), backup);
        var path = RealDatabase("chexs.db", sessions: 400);
        var bytes = File.ReadAllBytes(path);
        var damaged = damage switch
        {
            "empty" => [],
            "100 bytes" => bytes[..100],
            "4 KB" => bytes[..4096],
            "8191 bytes" => bytes[..8191],
            "half" => bytes[..(bytes.Length / 2)],
            "all but one page" => bytes[..(bytes.Length - 8192)],
            "header overwritten" => Overwrite(bytes, 0, 8192),
            _ => Overwrite(bytes, 8192, bytes.Length - 8192),
        };
        File.WriteAllBytes(path, damaged);
        var before = Hash(path);

        var (config, env) = Settings(path, backups);
        var refusal = Assert.Throws<StartupRefusedException>(() => StoreOwnership.TakeForBot(config, env));

        var problem = Assert.Single(refusal.Problems);
        Assert.StartsWith($"The database file {path} is not a sound database (", problem);
        Assert.Contains($"The latest backup is {backup}", problem);
        Assert.Equal(before, Hash(path));
        Assert.False(File.Exists(_folder.File("chexs-log.db")));
        // And the engine itself never initialises it either (a command-line verb, a test's raw view).
        if (damage != "pages overwritten")
        {
            using var engine = new LiteDbFile(path);
            Assert.Throws<StoreUnsoundException>(() => engine.Database);
            Assert.Equal(before, Hash(path));
        }
    }

    private static byte[] Overwrite(byte[] bytes, int from, int length)
    {
        var copy = bytes.ToArray();
        var noise = new Random(42);
        for (var i = from; i < from + length; i++) copy[i] = (byte)noise.Next(256);
        return copy;
    }

    [Fact]
    public void A_bot_on_a_truncated_file_does_not_start_and_the_file_is_untouched()
    {
        var path = RealDatabase("chexs.db");
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..5000]);
        var before = Hash(path);
        // What Program does (its catch turns the refusal into exit code 2, checked by hand in the README's drill).
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development", Args = [$"--Database:Path={path}"] });
        var refusal = Assert.Throws<StartupRefusedException>(() => builder.AddChexsBot());
        Assert.Contains("5000 bytes", Assert.Single(refusal.Problems));
        Assert.Equal(before, Hash(path));
    }

    [Fact]
    public void Only_a_missing_file_becomes_a_new_database()
    {
        var (config, env) = Settings(_folder.File("new.db"));
        using var owner = StoreOwnership.TakeForBot(config, env);
        using var db = new ChexsDatabase(_folder.File("new.db"));
        Assert.True(db.IsHealthy());
    }

    // ---- 4. Backup, restore, verify ----

    [Fact]
    public async Task A_backup_taken_while_booking_verifies_and_restores_to_a_working_bot_with_every_booking()
    {
        var database = _folder.File("chexs.db");
        var backups = Path.Combine(_folder.Path, "backups");
        Directory.CreateDirectory(backups);
        var backup = Path.Combine(backups, "chexs-20261102-160000.db");
        await using (var bot = new BotAppFactory(database))
        {
            _ = bot.CreateClient();
            for (var i = 0; i < 20; i++) await BookAsync(bot.Services, i); // booked before the backup starts
            var during = Task.Run(async () => { for (var i = 20; i < 60; i++) await BookAsync(bot.Services, i); });
            var copy = await bot.Services.GetRequiredService<IStoreMaintenance>().BackupToAsync(backup);
            await during;
            Assert.True(copy.Sound, string.Join("; ", copy.Problems));
            Assert.InRange(copy.Counts["sessions"], 20, 60);
        }
        // Whole bookings only: every session in the copy has its audit event and no audit event lacks its session
        // (one transaction each, and the copy is taken between transactions). Looked at in a scratch copy.
        var scratch = _folder.File("scratch.db");
        File.Copy(backup, scratch);
        int inBackup;
        using (var view = new ChexsDatabase(scratch))
        {
            var ids = view.Sessions.FindAll().Select(s => s.Id).ToHashSet();
            Assert.Equal(ids, view.Audit.FindAll().Where(a => a.Action == "session.booked").SelectMany(a => a.Records).ToHashSet());
            inBackup = ids.Count;
        }

        var output = new StringWriter();
        var restored = StoreCommands.RestoreFile([backup], await CommandServices(database), output, TextWriter.Null);
        Assert.Equal(0, restored);
        Assert.Single(Directory.GetFiles(_folder.Path, "chexs.db.replaced-*"));

        await using var again = new BotAppFactory(database);
        var http = again.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz/ready")).StatusCode);
        var sessions = ChexsDatabase.Of(again.Services).Sessions.FindAll().Select(s => s.Id).ToHashSet();
        Assert.Equal(inBackup, sessions.Count);
        Assert.All(Enumerable.Range(0, 20), i => Assert.Contains(Booking(i).Id, sessions));
        await BookAsync(again.Services, 999); // a working bot: it takes bookings again
    }

    /// <summary>The services a command-line verb gets (no bot running, so nothing holds the lock).</summary>
    private static Task<IServiceProvider> CommandServices(string database)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Database:Path"] = database });
        builder.AddChexsBot(forCommandLine: true);
        return Task.FromResult(builder.Build().Services);
    }

    [Fact]
    public async Task Restore_refuses_a_file_that_does_not_verify_and_leaves_the_database_as_it_was()
    {
        var database = RealDatabase("chexs.db");
        var broken = _folder.File("broken.db");
        File.WriteAllBytes(broken, File.ReadAllBytes(database)[..3000]);
        var before = Hash(database);
        var errors = new StringWriter();
        Assert.Equal(1, StoreCommands.RestoreFile([broken], await CommandServices(database), TextWriter.Null, errors));
        Assert.StartsWith($"Not restored: {broken} does not verify (it is 3000 bytes", errors.ToString());
        Assert.Equal(before, Hash(database));
    }

    [Fact]
    public async Task Verify_reports_counts_and_exits_0_for_a_sound_file_and_1_for_a_damaged_one()
    {
        var good = RealDatabase("good.db");
        var output = new StringWriter();
        Assert.Equal(0, await StoreCommands.VerifyAsync([good], await CommandServices(_folder.File("chexs.db")), output));
        Assert.Contains("pupils 30, sessions 40", output.ToString());
        var bad = _folder.File("bad.db");
        File.WriteAllBytes(bad, File.ReadAllBytes(good)[..8191]);
        Assert.Equal(1, await StoreCommands.VerifyAsync([bad], await CommandServices(_folder.File("chexs.db")), TextWriter.Null));
    }

    [Fact]
    public async Task The_daily_backup_keeps_the_newest_ones_and_a_failure_tells_the_managers()
    {
        var backups = Path.Combine(_folder.Path, "backups");
        var clock = new FakeTimeProvider(Start);
        await using var bot = new BotAppFactory(_folder.File("chexs.db"), new Dictionary<string, string?> { ["Backup:Folder"] = backups, ["Backup:BackupsToKeep"] = "3" },
            services: s => s.AddSingleton<TimeProvider>(clock));
        _ = bot.CreateClient();
        var worker = bot.Services.GetRequiredService<BackupWorker>();
        for (var day = 0; day < 5; day++)
        {
            await worker.RunOnceAsync(CancellationToken.None); // due (or already taken by the running worker's first pass)
            Assert.Equal(0, await worker.RunOnceAsync(CancellationToken.None)); // not due again the same day
            clock.Advance(TimeSpan.FromDays(1));
        }
        Assert.Equal(3, Directory.GetFiles(backups, "chexs-*.db").Length);

        Directory.Delete(backups, recursive: true);
        File.WriteAllText(backups, "a file where the folder should be"); // the backup cannot be written
        Assert.Equal(0, await worker.RunOnceAsync(CancellationToken.None));
        var db = ChexsDatabase.Of(bot.Services);
        Assert.Contains(db.Notices.FindAll(), n => n.Recipient == Chexs.Bot.Notices.StaffNotice.Managers && n.Text != null && n.Text.StartsWith("The database backup failed", StringComparison.Ordinal));
        Assert.Contains(db.Audit.FindAll(), a => a.Action == "backup.failed");
    }

    // ---- 5. Leftovers of an interrupted write ----

    [Fact]
    public void An_interrupted_pickup_write_is_removed_when_the_sender_starts()
    {
        var pickup = Path.Combine(_folder.Path, "mail-pickup");
        Directory.CreateDirectory(pickup);
        File.WriteAllBytes(Path.Combine(pickup, "20261102-160000-key1.eml.tmp"), []);
        File.WriteAllText(Path.Combine(pickup, "20261102-160000-key2.eml"), "sent");
        _ = new PickupFolderMailSender(pickup, "sessions@chexs.example", TimeProvider.System);
        Assert.Equal(["20261102-160000-key2.eml"], Directory.GetFiles(pickup).Select(Path.GetFileName));
    }
}

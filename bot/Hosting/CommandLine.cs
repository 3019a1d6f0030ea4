using Chexs.Bot.Backups;
using Chexs.Bot.Storage;

namespace Chexs.Bot.Hosting;

/// <summary>
/// Commands of the bot executable that run and exit instead of starting the web host:
/// <c>dotnet run --project bot -- import pupils FILE [--dry-run]</c> and friends.
/// Each command area registers its verb in <see cref="Commands"/>.
/// </summary>
public static class CommandLine
{
    /// <summary>Verb → handler(args after the verb, services) returning the process exit code.</summary>
    private static readonly Dictionary<string, Func<string[], IServiceProvider, Task<int>>> Commands = new(StringComparer.OrdinalIgnoreCase)
    {
        ["import"] = DataExchange.DataExchangeCommands.Import,
        ["export"] = DataExchange.DataExchangeCommands.Export,
        [RightsRequests.RightsRequestCommands.EraseVerb] = RightsRequests.RightsRequestCommands.Erase,
        [StoreCommands.Backup] = StoreCommands.BackupAsync,
        [StoreCommands.Restore] = StoreCommands.RestoreAsync,
        [StoreCommands.Verify] = StoreCommands.VerifyAsync,
        [Manifest.PackageManifestCommand.Verb] = Manifest.PackageManifestCommand.RunAsync,
        [Preflight.PreflightCommand.Verb] = Preflight.PreflightCommand.RunAsync,
        [Storage.StorageCommands.MigrateVerb] = Storage.StorageCommands.MigrateAsync,
        [Storage.StorageCommands.CopyVerb] = Storage.StorageCommands.CopyAsync,
    };

    /// <summary>
    /// Verbs that open the database file. LiteDB corrupts a file two processes write, so these run only while
    /// no bot holds the file's lock ('verify FILE' of another file, e.g. a backup, needs no lock).
    /// </summary>
    private static bool OpensDatabase(string[] args) =>
        !args[0].Equals(Manifest.PackageManifestCommand.Verb, StringComparison.OrdinalIgnoreCase)
        && !(args[0].Equals(StoreCommands.Verify, StringComparison.OrdinalIgnoreCase) && args.Length > 1);

    public static bool IsCommand(string[] args) => args.Length > 0 && Commands.ContainsKey(args[0]);

    public static Task<int> RunAsync(string[] args) => RunAsync(args, settings: null, Console.Error);

    /// <summary>Builds the same services as the bot (configuration, database) without starting Kestrel, then runs the verb.</summary>
    /// <param name="settings">Tests only: settings layered over the usual ones (Database:Path).</param>
    public static async Task<int> RunAsync(string[] args, IReadOnlyDictionary<string, string?>? settings, TextWriter errors)
    {
        var builder = WebApplication.CreateBuilder(Array.Empty<string>());
        builder.Configuration.AddRootSettings(builder.Environment.EnvironmentName);
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        DatabaseLock? held = null;
        if (OpensDatabase(args) && StorageServices.EngineOf(builder.Configuration) == StorageEngine.LiteDb)
        {
            var path = StorageServices.DatabasePath(builder.Configuration, builder.Environment.ContentRootPath);
            held = StoreOwnership.TryTakeForCommand(path, args[0], out var refusal);
            if (held is null)
            {
                errors.WriteLine(refusal);
                return 2;
            }
        }
        try
        {
            builder.AddChexsBot(forCommandLine: true);
            await using var app = builder.Build();
            try
            {
                return await Commands[args[0]](args[1..], app.Services);
            }
            catch (CommandLineException e)
            {
                errors.WriteLine(e.Message);
                return 2;
            }
            catch (StoreUnsoundException e)
            {
                errors.WriteLine($"{e.Message} Nothing was changed. Check it with 'verify', or restore the latest backup with 'restore FILE'.");
                return 2;
            }
        }
        finally
        {
            held?.Dispose(); // after the app (and the database) are disposed
        }
    }
}

/// <summary>A problem with what the user typed; shown as-is, without a stack trace.</summary>
public sealed class CommandLineException(string message) : Exception(message);

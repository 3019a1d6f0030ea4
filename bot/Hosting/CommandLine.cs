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
        [Manifest.PackageManifestCommand.Verb] = Manifest.PackageManifestCommand.RunAsync,
        [Preflight.PreflightCommand.Verb] = Preflight.PreflightCommand.RunAsync,
        [Storage.StorageCommands.MigrateVerb] = Storage.StorageCommands.MigrateAsync,
        [Storage.StorageCommands.CopyVerb] = Storage.StorageCommands.CopyAsync,
    };

    public static bool IsCommand(string[] args) => args.Length > 0 && Commands.ContainsKey(args[0]);

    /// <summary>Builds the same services as the bot (configuration, database) without starting Kestrel, then runs the verb.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(Array.Empty<string>());
        builder.Configuration.AddRootSettings(builder.Environment.EnvironmentName);
        builder.AddChexsBot(forCommandLine: true);
        await using var app = builder.Build();
        try
        {
            return await Commands[args[0]](args[1..], app.Services);
        }
        catch (CommandLineException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
    }
}

/// <summary>A problem with what the user typed; shown as-is, without a stack trace.</summary>
public sealed class CommandLineException(string message) : Exception(message);

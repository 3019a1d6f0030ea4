using Chexs.Bot.Hosting;

namespace Chexs.Bot.DataExchange;

/// <summary>
/// The <c>import</c> and <c>export</c> verbs of the bot executable. Exit codes: 0 done, 1 the file was
/// refused (bad lines or unreadable), 2 the command was mistyped or the file is missing.
/// </summary>
public static class DataExchangeCommands
{
    public const int Ok = 0;
    public const int ValidationFailed = 1;
    public const int Usage = 2;

    private const string ImportUsage = "Usage: import pupils FILE [--dry-run] | import consents FILE [--dry-run]";
    private const string ExportUsage = "Usage: export sessions FILE | export audit FILE | export person WHO FILE | export inspection --from DATE --to DATE FILE";

    public static Task<int> Import(string[] args, IServiceProvider services) => ImportAsync(args, services, Console.Out, Console.Error);
    public static Task<int> Export(string[] args, IServiceProvider services) => ExportAsync(args, services, Console.Out, Console.Error);

    /// <summary>Who the audit trail names for a command-line import.</summary>
    public static string CommandLineActor => $"cli:{Environment.UserName}";

    public static async Task<int> ImportAsync(string[] args, IServiceProvider services, TextWriter output, TextWriter errors)
    {
        var dryRun = args.Any(a => a.Equals("--dry-run", StringComparison.OrdinalIgnoreCase));
        var rest = args.Where(a => !a.Equals("--dry-run", StringComparison.OrdinalIgnoreCase)).ToArray();
        var unknownOption = rest.FirstOrDefault(a => a.StartsWith("--", StringComparison.Ordinal));
        if (rest.Length != 2 || unknownOption is not null)
            throw new CommandLineException(unknownOption is null ? ImportUsage : $"Unknown option {unknownOption}. {ImportUsage}");
        var path = Path.GetFullPath(rest[1]);
        if (!File.Exists(path)) throw new CommandLineException($"No file at {path}.");
        try
        {
            ImportReport report = rest[0].ToLowerInvariant() switch
            {
                "pupils" => await services.GetRequiredService<PupilImport>().ImportFileAsync(path, dryRun, CommandLineActor),
                "consents" => await services.GetRequiredService<ConsentImport>().ImportFileAsync(path, dryRun, CommandLineActor),
                _ => throw new CommandLineException($"Cannot import \"{rest[0]}\". {ImportUsage}"),
            };
            report.WriteTo(output, errors);
            return report.Ok ? Ok : ValidationFailed;
        }
        catch (CsvFileException e)
        {
            errors.WriteLine($"Nothing imported: {e.Message}");
            return ValidationFailed;
        }
    }

    public static async Task<int> ExportAsync(string[] args, IServiceProvider services, TextWriter output, TextWriter errors)
    {
        // A rights request (UK GDPR) and the inspection pack are documents, not CSV tables: they have their own commands.
        if (args.Length > 0 && args[0].Equals("person", StringComparison.OrdinalIgnoreCase))
            return await RightsRequests.RightsRequestCommands.ExportPersonAsync(args[1..], services, output, errors);
        if (args.Length > 0 && args[0].Equals("inspection", StringComparison.OrdinalIgnoreCase))
            return await RightsRequests.RightsRequestCommands.ExportInspectionAsync(args[1..], services, output, errors);
        if (args.Length != 2) throw new CommandLineException(ExportUsage);
        var exports = services.GetRequiredService<Exports>();
        var path = Path.GetFullPath(args[1]);
        try
        {
            var (rows, what) = args[0].ToLowerInvariant() switch
            {
                "sessions" => (await exports.WriteSessionsAsync(path), "sessions"),
                "audit" => (await exports.WriteAuditAsync(path), "audit events"),
                _ => throw new CommandLineException($"Cannot export \"{args[0]}\". {ExportUsage}"),
            };
            output.WriteLine($"Wrote {rows} {what} to {path}.");
            return Ok;
        }
        catch (DirectoryNotFoundException e)
        {
            throw new CommandLineException(e.Message);
        }
    }
}

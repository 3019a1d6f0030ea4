using System.Globalization;
using Chexs.Bot.DataExchange;
using Chexs.Bot.Hosting;
using Chexs.Bot.Inspection;
using Chexs.Bot.Safeguarding;

namespace Chexs.Bot.RightsRequests;

/// <summary>
/// The command-line side of rights requests and the inspection pack (run with the bot stopped, like import/export):
/// <c>export person WHO FILE</c>, <c>erase person WHO [--confirm CODE]</c>, <c>export inspection --from DATE --to DATE FILE</c>.
/// Exit codes: 0 done (or a dry run shown), 1 refused (not found, ambiguous, blocked, changed since the dry run), 2 usage.
/// </summary>
public static class RightsRequestCommands
{
    public const string EraseVerb = "erase";
    public const string PersonUsage = "Usage: export person WHO FILE   (WHO: pupil reference, full name, or guardian e-mail; quote a name with spaces)";
    public const string EraseUsage = "Usage: erase person WHO [--confirm CODE]   (without --confirm: a dry run that changes nothing and prints the CODE)";
    public const string InspectionUsage = "Usage: export inspection --from DATE --to DATE FILE   (dates as 2026-11-01 or 01/11/2026)";

    public static Task<int> Erase(string[] args, IServiceProvider services) => EraseAsync(args, services, Console.Out, Console.Error);

    public static async Task<int> ExportPersonAsync(string[] args, IServiceProvider services, TextWriter output, TextWriter errors)
    {
        if (args.Length < 2) throw new CommandLineException(PersonUsage);
        var path = Path.GetFullPath(args[^1]);
        var found = await services.GetRequiredService<PersonFinder>().FindAsync(string.Join(' ', args[..^1]));
        if (found is not PersonLookup.Found { Person: var person })
        {
            errors.WriteLine(found.Problem("export"));
            return DataExchangeCommands.ValidationFailed;
        }
        var files = await services.GetRequiredService<PersonExport>().ExportAsync(person, DataExchangeCommands.CommandLineActor);
        if (files is null)
        {
            errors.WriteLine($"The record of {person.Describe()} went while it was being read; nothing was written.");
            return DataExchangeCommands.ValidationFailed;
        }
        var json = Path.ChangeExtension(path, ".json");
        if (json == path) json = path + ".json";
        WriteFile(path, files.Markdown);
        WriteFile(json, files.Json);
        output.WriteLine($"Wrote everything held about {person.Describe()} to {path} (readable) and {json} (JSON). The export is in the audit trail.");
        var concerns = await services.GetRequiredService<Concerns.IConcernCounts>().KeptForPersonAsync(person.Id);
        if (concerns.Count > 0)
            output.WriteLine($"For you, not in the file: {concerns.Count} safeguarding concern record(s) name this person. Ask the Designated Safeguarding Lead what, if anything, can be disclosed.");
        return DataExchangeCommands.Ok;
    }

    public static async Task<int> EraseAsync(string[] args, IServiceProvider services, TextWriter output, TextWriter errors)
    {
        if (args.Length < 2 || !args[0].Equals("person", StringComparison.OrdinalIgnoreCase)) throw new CommandLineException(EraseUsage);
        var rest = args[1..].ToList();
        string? code = null;
        var at = rest.FindIndex(a => a.Equals("--confirm", StringComparison.OrdinalIgnoreCase));
        if (at >= 0)
        {
            if (at + 1 >= rest.Count) throw new CommandLineException($"--confirm needs the code the dry run printed. {EraseUsage}");
            code = rest[at + 1];
            rest.RemoveRange(at, 2);
        }
        if (rest.Count == 0 || rest.FirstOrDefault(a => a.StartsWith("--", StringComparison.Ordinal)) is { } unknown)
            throw new CommandLineException(rest.Count == 0 ? EraseUsage : $"Unknown option {rest.First(a => a.StartsWith("--", StringComparison.Ordinal))}. {EraseUsage}");
        var found = await services.GetRequiredService<PersonFinder>().FindAsync(string.Join(' ', rest));
        if (found is not PersonLookup.Found { Person: var person })
        {
            errors.WriteLine(found.Problem("erase"));
            return DataExchangeCommands.ValidationFailed;
        }
        var erasure = services.GetRequiredService<PersonErasure>();
        var calendar = services.GetRequiredService<OrgCalendar>();
        if (code is null)
        {
            var plan = await erasure.PlanAsync(person);
            if (plan is null)
            {
                errors.WriteLine($"The record of {person.Describe()} is gone already.");
                return DataExchangeCommands.ValidationFailed;
            }
            output.WriteLine(plan.Describe(calendar, done: false));
            if (!plan.CanErase) return DataExchangeCommands.ValidationFailed;
            output.WriteLine();
            output.WriteLine($"To erase exactly this, run: erase person {Quote(person.Key)} --confirm {plan.Code}");
            return DataExchangeCommands.Ok;
        }
        var outcome = await erasure.EraseAsync(person, code, DataExchangeCommands.CommandLineActor);
        switch (outcome)
        {
            case ErasureOutcome.Erased e:
                output.WriteLine(e.Plan.Describe(calendar, done: true));
                output.WriteLine("The erasure is in the audit trail (by reference only). Delete the listed Zoom recordings in Zoom, and the person's rows in any spreadsheet the data came from.");
                return DataExchangeCommands.Ok;
            case ErasureOutcome.Changed c:
                errors.WriteLine($"Nothing was erased: the data changed since that dry run (the code now is {c.Now.Code}). Read the new dry run first:");
                errors.WriteLine(c.Now.Describe(calendar, done: false));
                return DataExchangeCommands.ValidationFailed;
            case ErasureOutcome.Blocked b:
                errors.WriteLine(b.Now.Describe(calendar, done: false));
                return DataExchangeCommands.ValidationFailed;
            default:
                errors.WriteLine($"The record of {person.Describe()} is gone already; nothing was changed.");
                return DataExchangeCommands.ValidationFailed;
        }
    }

    public static async Task<int> ExportInspectionAsync(string[] args, IServiceProvider services, TextWriter output, TextWriter errors)
    {
        string? from = null, to = null, file = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i].ToLowerInvariant())
            {
                case "--from" when i + 1 < args.Length: from = args[++i]; break;
                case "--to" when i + 1 < args.Length: to = args[++i]; break;
                default:
                    if (args[i].StartsWith("--", StringComparison.Ordinal) || file is not null) throw new CommandLineException(InspectionUsage);
                    file = args[i];
                    break;
            }
        }
        if (from is null || to is null || file is null) throw new CommandLineException(InspectionUsage);
        if (!TryDate(from, out var first)) throw new CommandLineException($"\"{from}\" is not a date. {InspectionUsage}");
        if (!TryDate(to, out var last)) throw new CommandLineException($"\"{to}\" is not a date. {InspectionUsage}");
        if (last < first) throw new CommandLineException($"--to ({last:yyyy-MM-dd}) is before --from ({first:yyyy-MM-dd}).");
        var path = Path.GetFullPath(file);
        var text = await services.GetRequiredService<InspectionPack>().BuildAsync(first, last);
        WriteFile(path, text);
        output.WriteLine($"Wrote the inspection pack for {first:yyyy-MM-dd} to {last:yyyy-MM-dd} to {path}.");
        return DataExchangeCommands.Ok;
    }

    /// <summary>2026-11-01 or 01/11/2026 (UK order).</summary>
    public static bool TryDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text.Trim(), ["yyyy-MM-dd", "d/M/yyyy", "dd/MM/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    private static string Quote(string s) => s.Contains(' ') ? $"\"{s}\"" : s;

    /// <summary>Written beside the target and moved into place, so a failure never leaves half a file.</summary>
    private static void WriteFile(string path, string text)
    {
        var folder = Path.GetDirectoryName(path)!;
        if (!Directory.Exists(folder)) throw new CommandLineException($"No folder {folder}.");
        var temp = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllText(temp, text, new System.Text.UTF8Encoding(false));
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}

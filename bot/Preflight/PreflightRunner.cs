using Chexs.Bot.Hosting;
using Microsoft.Extensions.Options;

namespace Chexs.Bot.Preflight;

/// <summary>Runs every check area in a fixed order; one area failing (or throwing) never stops the others.</summary>
public sealed class PreflightRunner(IEnumerable<IPreflightCheck> checks, IPreflightDatabase database, IOptions<PreflightOptions> options, ILogger<PreflightRunner> log)
{
    public async Task<IReadOnlyList<CheckResult>> RunAsync(bool readOnly, CancellationToken ct)
    {
        var run = new PreflightRun(readOnly, await HostsAsync(ct));
        var results = new List<CheckResult>();
        foreach (var check in checks)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(options.Value.CheckTimeout);
            try
            {
                results.AddRange(await check.RunAsync(run, timeout.Token));
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                // A check that throws is a failed check, reported like the others (the exception type, not a stack trace).
                log.LogWarning(e, "Preflight check {Area} failed unexpectedly", check.Area);
                results.Add(CheckResult.Fail(check.Area, timeout.IsCancellationRequested ? $"no answer within {options.Value.CheckTimeout.TotalSeconds:0} s" : $"could not be checked ({e.GetType().Name}: {BotFrameworkCheck.Short(e)})",
                    "run preflight again; if it persists, see the bot's log"));
            }
        }
        return results;
    }

    /// <summary>Configured hosts first, then the staff the database knows, once each, up to Preflight:MaxHosts.</summary>
    private async Task<IReadOnlyList<PreflightHost>> HostsAsync(CancellationToken ct)
    {
        var configured = options.Value.Hosts.Where(h => !string.IsNullOrWhiteSpace(h)).Select(h => new PreflightHost(h.Trim(), h.Trim(), h.Trim()));
        IEnumerable<PreflightHost> known;
        try
        {
            known = await database.KnownHostsAsync(ct);
        }
        catch (Exception e)
        {
            log.LogWarning(e, "Preflight could not read the staff records");
            known = [];
        }
        return configured.Concat(known)
            .DistinctBy(h => h.Label, StringComparer.OrdinalIgnoreCase)
            .Take(Math.Max(0, options.Value.MaxHosts))
            .ToList();
    }

    public static int ExitCode(IReadOnlyList<CheckResult> results) => results.Count > 0 && results.All(r => r.Passed) ? 0 : 1;
}

/// <summary>
/// <c>preflight [--read-only]</c>: checks every dependency with the settings in force and prints one line per
/// check. Exit code 0 only when all pass, 1 when any fails, 2 for bad arguments.
/// </summary>
public static class PreflightCommand
{
    public const string Verb = "preflight";
    public const string Usage = "usage: preflight [--read-only]   (--read-only: send no test email, write no calendar event)";

    public static async Task<int> RunAsync(string[] args, IServiceProvider services)
    {
        var readOnly = false;
        foreach (var arg in args)
        {
            if (arg is "--read-only") readOnly = true;
            else throw new CommandLineException($"Unknown argument '{arg}'.\n{Usage}");
        }
        var results = await services.GetRequiredService<PreflightRunner>().RunAsync(readOnly, CancellationToken.None);
        Console.OutputEncoding = System.Text.Encoding.UTF8;
        Write(results, Console.Out);
        return PreflightRunner.ExitCode(results);
    }

    public static void Write(IReadOnlyList<CheckResult> results, TextWriter output)
    {
        foreach (var result in results) output.WriteLine(result.ToString());
        var failed = results.Count(r => !r.Passed);
        output.WriteLine(failed == 0 ? $"All {results.Count} checks passed." : $"{failed} of {results.Count} checks failed.");
    }
}

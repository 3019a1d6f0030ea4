using System.Diagnostics;
using System.Text;

namespace Chexs.Bot.Tests.Cards;

/// <summary>
/// Runs the node scripts in tests/js that drive the official npm libraries (adaptivecards-templating,
/// adaptivecards, ajv with the @microsoft/app-manifest schemas). Missing node or packages is a test
/// failure, never a skip: the first use installs the packages pinned in the root package.json
/// (npm install) and fails with the reason if that does not work.
/// </summary>
internal static class NodeTools
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(10);
    private static readonly Lazy<Task> PackagesReady = new(EnsurePackagesAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The repository root (the folder with CHEXS.Bot.sln), found from the test binaries upwards.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([RepoRoot, .. parts]);

    /// <summary>Runs tests/js/<paramref name="script"/> with <paramref name="stdin"/>; returns stdout, or throws with stderr.</summary>
    public static async Task<string> RunScriptAsync(string script, string stdin, params string[] args)
    {
        await PackagesReady.Value;
        var result = await RunAsync("node", [Path("tests", "js", script), .. args], stdin, ScriptTimeout);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"node tests/js/{script} failed (exit {result.ExitCode}):\n{result.Stderr}\n{result.Stdout}");
        }
        return result.Stdout;
    }

    private static async Task EnsurePackagesAsync()
    {
        var check = await RunAsync("node", [Path("tests", "js", "check-packages.js")], "", ScriptTimeout);
        if (check.ExitCode == 0) return;

        var install = await RunAsync("npm", ["install", "--no-audit", "--no-fund"], "", InstallTimeout);
        if (install.ExitCode != 0)
        {
            throw new InvalidOperationException($"npm install failed in {RepoRoot} (exit {install.ExitCode}):\n{install.Stderr}");
        }
        check = await RunAsync("node", [Path("tests", "js", "check-packages.js")], "", ScriptTimeout);
        if (check.ExitCode != 0)
        {
            throw new InvalidOperationException($"npm packages still missing after npm install:\n{check.Stderr}");
        }
    }

    private sealed record ProcessResult(int ExitCode, string Stdout, string Stderr);

    private static async Task<ProcessResult> RunAsync(string fileName, IEnumerable<string> args, string stdin, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = RepoRoot,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var arg in args) info.ArgumentList.Add(arg);

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {fileName}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException(
                $"'{fileName}' is not installed or not on PATH ({e.Message}). The card and manifest tests need Node.js 20+ and npm.", e);
        }
        using (process)
        using (var cancel = new CancellationTokenSource(timeout))
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancel.Token);
            var stderr = process.StandardError.ReadToEndAsync(cancel.Token);
            await process.StandardInput.WriteAsync(stdin.AsMemory(), cancel.Token);
            process.StandardInput.Close();
            try
            {
                await process.WaitForExitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{fileName} {string.Join(' ', info.ArgumentList)} did not finish within {timeout}.");
            }
            return new ProcessResult(process.ExitCode, await stdout, await stderr);
        }
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "CHEXS.Bot.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"No CHEXS.Bot.sln above {AppContext.BaseDirectory}");
    }
}

using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Chexs.Bot.Tests.Foundation;

/// <summary>
/// Every command in the README's <c>sh</c> blocks works as printed from the repository root of a fresh clone: the
/// test reads them from README.md and runs them, in order, from the repository root, against a temporary database
/// (<c>Database__Path</c> in the environment, so a developer's data/chexs.db is never touched). The only change made
/// to a command is <c>--no-build</c> after <c>dotnet run</c>: the solution is already built, and a rebuild here would
/// rewrite the bot's binaries under the end-to-end tests running beside it; working directory, settings and paths are
/// what <c>dotnet run</c> gives. Commands that are not run are listed below with the reason; a new command in the
/// README that is in neither list fails this test, so it is never silently untested.
/// </summary>
public sealed partial class ReadmeCommandsTests : IDisposable
{
    /// <summary>Commands not run here, exactly as the README prints them, and why.</summary>
    private static readonly Dictionary<string, string> NotRun = new(StringComparer.Ordinal)
    {
        ["scripts/run-local.sh"] = "a long-running server (bot and Playground) until Ctrl+C",
        ["scripts/test.sh"] = "runs this test suite",
        ["dotnet build CHEXS.Bot.sln"] = "the build the tests run on",
        ["dotnet test tests/CHEXS.Bot.Tests --no-build --filter \"FullyQualifiedName~Foundation\""] = "runs this test suite",
        ["dotnet test tests/CHEXS.Bot.EndToEnd --no-build"] = "runs the end-to-end suite",
        ["scripts/email-screenshots.sh"] = "renders the guardian e-mail pictures in Chromium (GuardianEmailScreenshotTests in the end-to-end suite)",
        ["dotnet run --project bot -- erase person P-0001 --confirm <code>"] = "the code is whatever the dry run printed (PersonRightsTests confirm with it)",
        ["scripts/bench.sh"] = "the benchmarks: 6-10 minutes, never part of the tests",
        ["scripts/bench.sh turns --quick"] = "the benchmarks: never part of the tests",
        ["dotnet run --project bot -- package-manifest --bot-id <application (client) id> --domain <your host> --website-url https://<charity site> --privacy-url https://<privacy notice> --terms-url https://<terms> --out chexs-teams-app.zip"] =
            "placeholders for the charity's own app id, host and links (ManifestTests build the package)",
        ["dotnet run --project bot -- copy-storage --from litedb:data/chexs.db --to postgresql"] = "needs a PostgreSQL server (covered by StoreCopyTests)",
    };

    /// <summary>Exit codes other than 0 that mean the command worked: preflight reports failed checks with 1 on an unconfigured machine.</summary>
    private static readonly Dictionary<string, int[]> ExitCodes = new(StringComparer.Ordinal)
    {
        ["dotnet run --project bot -- preflight --read-only"] = [0, 1],
    };

    private static readonly string[] CreatedInData = ["sessions.csv", "audit.csv", "before-import.db", "sam.md", "sam.json", "priya.md", "priya.json", "inspection.md"];
    private readonly string _root = RepositoryRoot();
    private readonly string _temp = Path.Combine(Path.GetTempPath(), "chexs-readme-" + Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, byte[]?> _saved = new();

    public ReadmeCommandsTests()
    {
        Directory.CreateDirectory(_temp);
        // What the README's commands write under data/ (git-ignored): kept aside and put back afterwards.
        foreach (var name in CreatedInData)
        {
            var path = Path.Combine(_root, "data", name);
            _saved[path] = File.Exists(path) ? File.ReadAllBytes(path) : null;
            if (File.Exists(path)) File.Delete(path);
        }
    }

    public void Dispose()
    {
        foreach (var (path, bytes) in _saved)
        {
            if (bytes is null)
            {
                if (File.Exists(path)) File.Delete(path);
            }
            else File.WriteAllBytes(path, bytes);
        }
        try { Directory.Delete(_temp, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public void Every_command_in_the_readme_is_either_run_here_or_listed_with_a_reason()
    {
        var commands = Commands(File.ReadAllText(Path.Combine(_root, "README.md")));

        var unaccounted = commands.Where(c => !NotRun.ContainsKey(c) && !c.StartsWith("dotnet run --project bot -- ", StringComparison.Ordinal)).ToList();
        Assert.Empty(unaccounted);
        Assert.Empty(NotRun.Keys.Except(commands)); // a stale entry: the README changed
        Assert.Contains("dotnet run --project bot -- import pupils samples/pupils.csv", commands);
    }

    [Fact]
    public async Task The_readme_commands_work_as_printed_from_the_repository_root()
    {
        var commands = Commands(File.ReadAllText(Path.Combine(_root, "README.md"))).Where(c => !NotRun.ContainsKey(c)).ToList();
        Assert.True(commands.Count >= 10, string.Join("\n", commands));

        var failures = new List<string>();
        // The rights-request examples name the sample pupils, which the README imports further down: import them first.
        var (imported, importOutput) = await RunAsync("dotnet run --project bot -- import pupils samples/pupils.csv");
        Assert.True(imported == 0, importOutput);
        foreach (var command in commands)
        {
            var (exit, output) = await RunAsync(command);
            var expected = ExitCodes.GetValueOrDefault(command, [0]);
            if (!expected.Contains(exit)) failures.Add($"{command}\n  exit {exit}\n  {output.Replace("\n", "\n  ")}");
        }

        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
        // The import reached the database the commands were pointed at, not a copy under bot/.
        Assert.True(File.Exists(Path.Combine(_temp, "chexs.db")));
        // Relative paths are the repository root's: the export landed in data/, not in bot/data/.
        Assert.True(File.Exists(Path.Combine(_root, "data", "sessions.csv")));
        Assert.False(File.Exists(Path.Combine(_root, "bot", "data", "sessions.csv")), "a command resolved data/ against bot/, not the repository root");
    }

    /// <summary>The commands of the README's sh blocks: continuation lines joined, comments dropped, environment lines skipped.</summary>
    private static List<string> Commands(string readme)
    {
        var commands = new List<string>();
        foreach (Match block in ShBlock().Matches(readme))
        {
            var pending = new StringBuilder();
            foreach (var raw in block.Groups[1].Value.Split('\n'))
            {
                var line = raw.Trim();
                if (line.EndsWith('\\'))
                {
                    pending.Append(line[..^1].TrimEnd()).Append(' ');
                    continue;
                }
                line = pending.Append(line).ToString();
                pending.Clear();
                var comment = line.IndexOf(" #", StringComparison.Ordinal);
                if (comment >= 0) line = line[..comment];
                line = line.Trim();
                // "Name=value" lines are settings shown for a server's environment, not commands.
                if (line.Length == 0 || line.StartsWith('#') || EnvironmentLine().IsMatch(line)) continue;
                commands.Add(line);
            }
        }
        return commands;
    }

    private async Task<(int Exit, string Output)> RunAsync(string command)
    {
        var args = SplitArgs(command);
        Assert.Equal(["dotnet", "run"], args.Take(2));
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = _root, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("run");
        start.ArgumentList.Add("--no-build");
        foreach (var a in args.Skip(2)) start.ArgumentList.Add(a);
        start.Environment["Database__Path"] = Path.Combine(_temp, "chexs.db");
        start.Environment["Storage__Engine"] = "LiteDb";
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, "timed out after 2 minutes");
        }
        return (process.ExitCode, (await stdout + await stderr).Trim());
    }

    /// <summary>Shell words: spaces separate, double quotes group (all the README uses).</summary>
    private static List<string> SplitArgs(string command)
    {
        var args = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        foreach (var c in command)
        {
            if (c == '"') quoted = !quoted;
            else if (c == ' ' && !quoted)
            {
                if (current.Length > 0) args.Add(current.ToString());
                current.Clear();
            }
            else current.Append(c);
        }
        if (current.Length > 0) args.Add(current.ToString());
        return args;
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CHEXS.Bot.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("No CHEXS.Bot.sln above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^[ \t]*```sh\r?\n(.*?)^[ \t]*```", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex ShBlock();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*=")]
    private static partial Regex EnvironmentLine();
}

using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Chexs.Bot.Bench;

/// <summary>What the numbers were measured on: CPU, cores, RAM, OS, .NET, and the commit.</summary>
public sealed record Machine(string Cpu, int Cores, string Memory, string Os, string Dotnet, string Commit)
{
    public static Machine Describe(string repoRoot) => new(
        CpuModel(),
        Environment.ProcessorCount,
        TotalMemory(),
        OsName(),
        $"{RuntimeInformation.FrameworkDescription} (SDK {Run("dotnet", "--version", repoRoot) ?? "?"}), Server GC in the bot and the echo bot",
        CommitOf(repoRoot));

    private static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            if (line is not null) return line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException) { }
        return RuntimeInformation.ProcessArchitecture.ToString();
    }

    private static string TotalMemory()
    {
        try
        {
            var line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            var kb = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
            return $"{kb / 1024.0 / 1024.0:0.0} GiB";
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or FormatException)
        {
            return $"{GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1024.0 / 1024 / 1024:0.0} GiB";
        }
    }

    private static string OsName()
    {
        try
        {
            var pretty = File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal));
            if (pretty is not null) return $"{pretty[12..].Trim('"')} ({RuntimeInformation.OSDescription.Split(' ').Take(2).Aggregate((a, b) => a + " " + b)}, {RuntimeInformation.OSArchitecture})";
        }
        catch (IOException) { }
        return RuntimeInformation.OSDescription;
    }

    private static string CommitOf(string repoRoot)
    {
        var sha = Run("git", "rev-parse --short=12 HEAD", repoRoot) ?? "unknown";
        var branch = Run("git", "rev-parse --abbrev-ref HEAD", repoRoot);
        var dirty = Run("git", "status --porcelain --untracked-files=no -- . :!docs/benchmarks.md :!docs/benchmarks.json", repoRoot);
        return $"{sha}{(string.IsNullOrEmpty(dirty) ? "" : " + uncommitted changes")}{(branch is null ? "" : $" (branch {branch})")}";
    }

    internal static string? Run(string file, string args, string cwd)
    {
        try
        {
            var info = new ProcessStartInfo(file, args) { WorkingDirectory = cwd, RedirectStandardOutput = true, RedirectStandardError = true };
            info.Environment.Remove("DOTNET_DiagnosticPorts"); // when the bench itself is being traced
            using var p = Process.Start(info)!;
            var output = p.StandardOutput.ReadToEnd().Trim();
            p.WaitForExit();
            return p.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Chexs.Bot.Bench;

/// <summary>
/// A process the bench started (the bot, the echo bot, a scheduler probe): its output goes to a log
/// file, its memory is read from /proc, and it is ended by its own handle only.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task _pump;

    private ChildProcess(Process process, Task pump, string logPath, int port)
    {
        _process = process;
        _pump = pump;
        LogPath = logPath;
        Port = port;
    }

    public int Port { get; }
    public string LogPath { get; }
    public int Id => _process.Id;
    public Uri BaseUrl => new($"http://127.0.0.1:{Port}/");
    public bool HasExited => _process.HasExited;

    /// <summary>Starts <c>dotnet dll args</c>; the bot's URL is always on loopback.</summary>
    public static ChildProcess Start(string dll, IEnumerable<string> args, IDictionary<string, string> environment, string logPath, int port = 0)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        info.ArgumentList.Add(dll);
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment.Remove("DOTNET_DiagnosticPorts"); // when the bench itself is being traced, its children are not
        foreach (var (k, v) in environment) info.Environment[k] = v;
        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {dll}");
        var log = new StreamWriter(logPath) { AutoFlush = true };
        var pump = Task.WhenAll(Copy(process.StandardOutput, log), Copy(process.StandardError, log)).ContinueWith(_ => log.Dispose());
        return new ChildProcess(process, pump, logPath, port);
    }

    private static async Task Copy(StreamReader from, StreamWriter to)
    {
        while (await from.ReadLineAsync() is { } line)
        {
            lock (to) to.WriteLine(line);
        }
    }

    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Polls GET /healthz until it answers 200; returns the time since <paramref name="since"/>.</summary>
    public async Task<TimeSpan> WaitHealthyAsync(HttpClient http, Stopwatch since, TimeSpan timeout)
    {
        while (since.Elapsed < timeout)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The process exited during start-up (exit code {_process.ExitCode}); see {LogPath}");
            try
            {
                using var response = await http.GetAsync(new Uri(BaseUrl, "healthz"));
                if (response.StatusCode == HttpStatusCode.OK) return since.Elapsed;
            }
            catch (HttpRequestException) { }
            await Task.Delay(5);
        }
        throw new TimeoutException($"Not healthy after {timeout.TotalSeconds:0} s; see {LogPath}");
    }

    /// <summary>Resident memory now (working set), its peak, and its anonymous part (heap, not mapped files), in MiB.</summary>
    public ProcessMemory Memory() => ProcessMemory.Of(_process.Id);

    public TimeSpan Cpu() => ProcessCpu.Of(_process.Id);

    /// <summary>Waits for a child that ends by itself (the scheduler tools) and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        await _pump;
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        await _pump;
        _process.Dispose();
    }
}

public sealed record ProcessMemory(double WorkingSetMiB, double PeakWorkingSetMiB, double AnonymousMiB)
{
    /// <summary>Resident pages of mapped files (assemblies, native libraries).</summary>
    public double FileMiB { get; init; }
    /// <summary>Resident shared memory: on Linux mostly the runtime's double-mapped executable memory (JIT-compiled code, W^X).</summary>
    public double SharedMiB { get; init; }
    public int Threads { get; init; }

    public static ProcessMemory Of(int pid)
    {
        double Kb(string key)
        {
            try
            {
                var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(key + ":", StringComparison.Ordinal));
                return line is null ? double.NaN : long.Parse(line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
            }
            catch (IOException)
            {
                return double.NaN;
            }
        }
        return new ProcessMemory(Kb("VmRSS"), Kb("VmHWM"), Kb("RssAnon"))
        {
            FileMiB = Kb("RssFile"),
            SharedMiB = Kb("RssShmem"),
            Threads = (int)(Kb("Threads") * 1024),
        };
    }

    public static ProcessMemory Self() => Of(Environment.ProcessId);
}

/// <summary>CPU time a process has used (user + system), from /proc/PID/stat.</summary>
public static class ProcessCpu
{
    private static readonly double TicksPerSecond = 100; // USER_HZ: 100 on Linux x86-64 and arm64

    public static TimeSpan Of(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) is in parentheses and may hold spaces; fields after it are plain.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11]) + long.Parse(fields[12]);
            return TimeSpan.FromSeconds(ticks / TicksPerSecond);
        }
        catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException)
        {
            return TimeSpan.Zero;
        }
    }

    /// <summary>1-, 5- and 15-minute load averages: other work on the machine during a measurement.</summary>
    public static string LoadAverage()
    {
        try
        {
            return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
    }
}

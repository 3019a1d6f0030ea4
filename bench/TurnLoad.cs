using System.Diagnostics;

namespace Chexs.Bot.Bench;

/// <summary>The turn numbers for one bot at one concurrency.</summary>
public sealed record LoadResult(
    int Conversations,
    double Seconds,
    LatencySummary Turns,
    double TurnsPerSecond,
    long Errors,
    IReadOnlyList<string> ErrorSamples,
    double PeakWorkingSetMiB,
    /// <summary>CPU time the bot process used per measured turn (user + system), independent of what else shares the cores.</summary>
    double ServerCpuMsPerTurn,
    /// <summary>CPU time the load generator (this process) used per measured turn.</summary>
    double ClientCpuMsPerTurn,
    /// <summary>Machine load average (1 min) at the end of the window: other work sharing the cores.</summary>
    string LoadAverage,
    LatencySummary? Clicks,
    long ClickErrors,
    IReadOnlyList<string> ClickErrorSamples)
{
    /// <summary>
    /// Several windows of the same load as one result: the median of each figure (so one window disturbed
    /// by other work on the machine does not decide it), error counts summed, peak memory the highest.
    /// </summary>
    public static LoadResult Median(IReadOnlyList<LoadResult> runs)
    {
        static double M(IEnumerable<double> v)
        {
            var a = v.Where(x => !double.IsNaN(x)).OrderBy(x => x).ToArray();
            return a.Length == 0 ? double.NaN : a.Length % 2 == 1 ? a[a.Length / 2] : (a[a.Length / 2 - 1] + a[a.Length / 2]) / 2;
        }
        static LatencySummary? S(IEnumerable<LatencySummary?> all)
        {
            var l = all.OfType<LatencySummary>().ToList();
            return l.Count == 0 ? null : new LatencySummary(l.Sum(x => x.Count), M(l.Select(x => x.P50)), M(l.Select(x => x.P95)), M(l.Select(x => x.P99)), l.Max(x => x.Max));
        }
        return new LoadResult(runs[0].Conversations, runs.Sum(r => r.Seconds), S(runs.Select(r => (LatencySummary?)r.Turns))!, M(runs.Select(r => r.TurnsPerSecond)),
            runs.Sum(r => r.Errors), runs.SelectMany(r => r.ErrorSamples).Take(5).ToList(), runs.Max(r => r.PeakWorkingSetMiB),
            M(runs.Select(r => r.ServerCpuMsPerTurn)), M(runs.Select(r => r.ClientCpuMsPerTurn)), string.Join(" | ", runs.Select(r => r.LoadAverage.Split(' ')[0])),
            S(runs.Select(r => r.Clicks)), runs.Sum(r => r.ClickErrors), runs.SelectMany(r => r.ClickErrorSamples).Take(5).ToList())
        {
            Windows = runs.Count,
            TurnsPerSecondPerWindow = runs.Select(r => r.TurnsPerSecond).ToList(),
        };
    }

    /// <summary>How many measured windows this result combines (1 unless <see cref="Median"/> made it).</summary>
    public int Windows { get; init; } = 1;
    public List<double> TurnsPerSecondPerWindow { get; init; } = [];
}

/// <summary>
/// Closed-loop load: N conversations, each sending its next turn as soon as the previous answer is
/// back (a person waits for the bot). Warm-up first (not measured), then a measured window; turns
/// that start and end inside the window count. A side task (approval clicks) can run in the same window.
/// </summary>
public static class TurnLoad
{
    public static HttpClient NewClient() => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = 4096,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        UseCookies = false,
        AutomaticDecompression = System.Net.DecompressionMethods.None,
    })
    { Timeout = TimeSpan.FromSeconds(60) };

    public static async Task<LoadResult> RunAsync(
        HttpClient http, Uri bot, string serviceUrl, IWorkload workload, int conversations, string conversationPrefix,
        TimeSpan warmup, TimeSpan window, ChildProcess server, ApprovalClicker? clicker = null)
    {
        var recorder = new TurnRecorder();
        var stop = false;
        using var abort = new CancellationTokenSource();
        var users = Enumerable.Range(0, conversations).Select(i =>
            new Conversation(http, bot, serviceUrl, $"a:{conversationPrefix}-{i}", Activities.Alex, recorder)).ToList();
        var tasks = users.Select(c => Task.Run(async () =>
        {
            while (!Volatile.Read(ref stop))
            {
                await workload.RunOnceAsync(c, abort.Token);
            }
        })).ToList();
        var clickTask = clicker?.RunAsync(() => Volatile.Read(ref stop), abort.Token);

        await Task.Delay(warmup);
        recorder.Start();
        clicker?.Recorder.Start();
        using var trace = Tracing.Start(server, conversationPrefix, window);
        var watch = Stopwatch.StartNew();
        var serverCpu = server.Cpu();
        var clientCpu = ProcessCpu.Of(Environment.ProcessId);
        var peak = 0.0;
        while (watch.Elapsed < window)
        {
            peak = Math.Max(peak, server.Memory().WorkingSetMiB);
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(250, Math.Max(1, (window - watch.Elapsed).TotalMilliseconds))));
        }
        recorder.Stop();
        clicker?.Recorder.Stop();
        var seconds = watch.Elapsed.TotalSeconds;
        serverCpu = server.Cpu() - serverCpu;
        clientCpu = ProcessCpu.Of(Environment.ProcessId) - clientCpu;
        var load = ProcessCpu.LoadAverage();
        Volatile.Write(ref stop, true);
        trace?.Finish();
        var all = Task.WhenAll(clickTask is null ? tasks : tasks.Append(clickTask));
        if (await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(30))) != all)
        {
            abort.Cancel();
        }
        try { await all; } catch (OperationCanceledException) { }
        peak = Math.Max(peak, server.Memory().WorkingSetMiB);

        var turns = recorder.Turns.Summarise();
        var measured = Math.Max(1, turns.Count + (clicker?.Recorder.Turns.Count ?? 0));
        return new LoadResult(conversations, seconds, turns, turns.Count / seconds, recorder.Errors, recorder.ErrorSamples,
            peak, serverCpu.TotalMilliseconds / measured, clientCpu.TotalMilliseconds / measured, load, clicker?.Recorder.Turns.Summarise(), clicker?.Recorder.Errors ?? 0, clicker?.Recorder.ErrorSamples ?? []);
    }
}

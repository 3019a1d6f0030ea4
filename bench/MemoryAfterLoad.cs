namespace Chexs.Bot.Bench;

/// <summary>Working set (RSS) and its anonymous part (heaps, not mapped files) at one moment, in MiB.</summary>
public sealed record MemorySample(double SecondsAfterLoad, double WorkingSetMiB, double AnonymousMiB, double FileMiB, double SharedMiB, int Threads)
{
    public static MemorySample Of(double seconds, ProcessMemory m) => new(seconds, m.WorkingSetMiB, m.AnonymousMiB, m.FileMiB, m.SharedMiB, m.Threads);

    public override string ToString() => $"{WorkingSetMiB:0} MiB (anonymous {AnonymousMiB:0}, files {FileMiB:0}, shared {SharedMiB:0}; {Threads} threads)";
}

/// <summary>One bot process through idle → load → idle, under one set of GC settings.</summary>
public sealed record MemoryRun(
    string Name,
    string Workload,
    string Settings,
    MemorySample BeforeLoad,
    double IdleBeforeLoadMiB,
    double PeakMiB,
    double EndOfLoadMiB,
    double AfterIdleMiB,
    double AfterIdleAnonymousMiB,
    List<MemorySample> Idle,
    double TurnsPerSecond,
    double BotCpuMsPerTurn,
    long Errors);

public sealed record MemoryData(string Workload, int Conversations, double LoadSeconds, double IdleSeconds, List<MemoryRun> Runs)
{
    /// <summary>The target: this long after the load…</summary>
    public const int IdleTarget = MemoryAfterLoad.IdleSeconds;
    /// <summary>
    /// …the working set is at most this much above what it was idle before the load. Some of the difference stays for
    /// good and is reused by the next burst: the code compiled for the paths the load took, and LiteDB's page cache.
    /// </summary>
    public const int NearIdleMiB = 64;
}

/// <summary>
/// Section 5: does an idle bot give back the memory a burst of work took? The bot starts, settles, takes
/// <see cref="Conversations"/> concurrent booking conversations for the load window, then is left alone
/// while its working set is sampled every 5 s. "As shipped" uses the GC settings in bot/CHEXS.Bot.csproj
/// (server GC with DATAS) and the idle trim (Hosting/IdleMemoryTrimmer); with <c>--gc-variants</c> the same run
/// is repeated without the trim and with the collectors the choice was made against (both with the trim), set
/// through the bot's settings and the runtime's DOTNET_ environment variables (which override the runtimeconfig).
/// </summary>
public static class MemoryAfterLoad
{
    public const int Conversations = 64;

    public static readonly (string Name, string Settings, Dictionary<string, string> Environment)[] Variants =
    [
        ("as shipped, no idle trim", "Memory__TrimWhenIdle=false", new() { ["Memory__TrimWhenIdle"] = "false" }),
        ("server GC without DATAS", "DOTNET_GCDynamicAdaptationMode=0", new() { ["DOTNET_GCDynamicAdaptationMode"] = "0" }),
        ("workstation GC", "DOTNET_gcServer=0", new() { ["DOTNET_gcServer"] = "0" }),
    ];

    public static async Task<MemoryRun> RunAsync(HttpClient http, FakeConnector connector, RunSettings settings, IWorkloadFactory workloads,
        string name, string description, IDictionary<string, string> environment)
    {
        var folder = Repo.Scratch("memory");
        await using var bot = Bots.StartChexs(folder, "bot.log", environment);
        await Bots.WaitReadyAsync(bot, http);
        var workload = await workloads.ChooseAsync(bot);
        await Task.Delay(TimeSpan.FromSeconds(3));
        var before = bot.Memory();
        var load = await TurnLoad.RunAsync(http, bot.BaseUrl, connector.ServiceUrl, workload, Conversations, "bench-memory", settings.Warmup,
            settings.Quick ? TimeSpan.FromSeconds(10) : TimeSpan.FromSeconds(20), bot);
        var end = bot.Memory();
        var idle = new List<MemorySample>();
        const int idleFor = IdleSeconds;
        for (var s = 5; s <= idleFor; s += 5)
        {
            await Task.Delay(TimeSpan.FromSeconds(5));
            var m = bot.Memory();
            idle.Add(MemorySample.Of(s, m));
        }
        var after = idle[^1];
        Benchmarks.Log($"memory ({name}): idle {MemorySample.Of(0, before)} → peak {load.PeakWorkingSetMiB:0} → end of load {MemorySample.Of(0, end)} → {idleFor} s later {after}; " +
            $"{load.TurnsPerSecond:0} turns/s, {load.ServerCpuMsPerTurn:0.00} ms CPU per turn, errors {load.Errors}, load {load.LoadAverage}");
        return new MemoryRun(name, workload.Name, description, MemorySample.Of(0, before), before.WorkingSetMiB, load.PeakWorkingSetMiB, end.WorkingSetMiB, after.WorkingSetMiB, after.AnonymousMiB, idle,
            load.TurnsPerSecond, load.ServerCpuMsPerTurn, load.Errors);
    }

    /// <summary>How long the bot is left alone after the load (the campaign looked 30 s after it).</summary>
    public const int IdleSeconds = 30;
}

/// <summary>Picks the workload a running bot supports (see Benchmarks.ChooseWorkloadAsync).</summary>
public interface IWorkloadFactory
{
    Task<IWorkload> ChooseAsync(ChildProcess bot);
}

using Chexs.Bot.Hosting;
using Chexs.Bot.Tests.Foundation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Chexs.Bot.Tests.Edges;

/// <summary>
/// An idle bot gives back what a burst of requests took: once requests stop for a quiet period, the heap
/// is collected and decommitted, once; a bot that stays quiet, or never got busy, is left alone. The memory
/// figures themselves are measured by the benchmark (scripts/bench.sh memory; docs/benchmarks.md, section 5).
/// </summary>
public sealed class IdleMemoryTrimmerTests
{
    [Fact]
    public async Task Quiet_after_a_burst_of_requests_the_heap_is_trimmed_once()
    {
        // Growth 0: whatever the test process holds, a busy spell followed by quiet trims.
        await using var host = await EdgeHost.StartAsync(new Dictionary<string, string?> { ["Memory:GrowthMiB"] = "0" });
        var trimmer = host.App.Services.GetRequiredService<IdleMemoryTrimmer>();
        trimmer.Look();   // whatever the start-up did

        Assert.False(trimmer.Look());   // nothing happened: nothing to give back

        for (var i = 0; i < 20; i++) await host.SayAsync("help");
        Assert.False(trimmer.Look());   // busy: never while requests come

        Assert.True(trimmer.Look());    // quiet after the burst: trimmed
        Assert.False(trimmer.Look());   // and only once
        Assert.Contains(host.Logs.Entries, e => e.Category == typeof(IdleMemoryTrimmer).FullName && e.Level == LogLevel.Information && e.Message.Contains("gave back"));
    }

    [Fact]
    public async Task A_small_growth_is_not_worth_a_full_collection()
    {
        await using var host = await EdgeHost.StartAsync(new Dictionary<string, string?> { ["Memory:GrowthMiB"] = "100000" });
        var trimmer = host.App.Services.GetRequiredService<IdleMemoryTrimmer>();
        trimmer.Look();
        await host.SayAsync("help");
        Assert.False(trimmer.Look());
        Assert.False(trimmer.Look());
    }

    [Fact]
    public void The_bot_runs_the_server_collector_with_DATAS_pinned_on()
    {
        // Without DATAS the server collector took twice the memory under load (docs/benchmarks.md, section 5).
        var config = Newtonsoft.Json.Linq.JObject.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "CHEXS.Bot.runtimeconfig.json")));
        var properties = config["runtimeOptions"]!["configProperties"]!;
        Assert.True((bool?)properties["System.GC.Server"]);
        Assert.True((bool?)properties["System.GC.Concurrent"]);
        Assert.Equal(1, (int?)properties["System.GC.DynamicAdaptationMode"]);
    }
}

using System.Diagnostics;
using Chexs.Bot.Hosting;
using Chexs.Bot.Reminders;
using Chexs.Bot.Storage;
using Chexs.Bot.Teams;
using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;

namespace Chexs.Bot.Bench;

/// <summary>What one probe of a generated database measured.</summary>
public sealed record SchedulerProbeResult(
    long Sessions,
    double OpenMs,
    double RecoverInterruptedMs,
    double FirstDueMs,
    LatencySummary Due,
    /// <summary>Process CPU time per Due call over the 200 calls (robust against other work on the machine).</summary>
    double DueCpuMs,
    int DueFound,
    double PassMs,
    int Sent,
    double EmptyPassMs,
    double BaselineWorkingSetMiB,
    double WorkingSetMiB,
    double PeakWorkingSetMiB,
    double GcHeapMiB,
    double LiveHeapMiB);

/// <summary>
/// Runs in its own process per database size, so memory is that of one bot-like process that opened
/// the file and did the scheduler's work, not of whatever generated the data. Builds the bot's real
/// services (as the bot does, Development settings) over the generated database with a clock fixed at
/// the generation's "now", installs the bot in a team channel and Alex's personal chat (pointing at the
/// bench's fake connector), then times ReminderStore.Due and ReminderWorker passes.
/// </summary>
public static class SchedulerProbe
{
    /// <summary><c>scheduler-probe --db PATH --now ISO --connector URL --sessions N</c>; prints one JSON line.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var baseline = ProcessMemory.Self();
        var options = Options.Parse(args);
        var now = DateTimeOffset.Parse(options.Require("now"));
        var connector = options.Require("connector");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.Configuration.AddRootSettings("Development");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Path"] = options["postgres"] is null ? options.Require("db") : Path.Combine(Path.GetTempPath(), "chexs-bench-unused.db"),
            ["Storage:Engine"] = options["postgres"] is null ? "LiteDb" : "PostgreSql",
            ["Storage:ConnectionString"] = options["postgres"],
            ["Graph:PickupFolder"] = options["postgres"] is null
                ? Path.Combine(Path.GetDirectoryName(options.Require("db"))!, "mail")
                : Path.Combine(Path.GetTempPath(), $"chexs-bench-mail-{Environment.ProcessId}"),
            ["DevelopmentSeed:Enabled"] = "false",
        });
        if (!options.Has("verbose")) builder.Logging.ClearProviders();
        builder.AddChexsBot();
        builder.Services.AddSingleton<TimeProvider>(new FixedClock(now));
        await using var app = builder.Build();
        var services = app.Services;

        var watch = Stopwatch.StartNew();
        if (!(await services.GetRequiredService<Storage.IStoreHealth>().CheckAsync()).Healthy) throw new InvalidOperationException("The database did not open");
        var openMs = watch.Elapsed.TotalMilliseconds;

        var installations = services.GetRequiredService<InstallationStore>();
        await installations.RememberAsync(Installed(connector, "19:general@thread.tacv2", "channel", Activities.Alex));
        await installations.RememberAsync(Installed(connector, "a:bench-alex-personal", "personal", Activities.Alex));

        var store = services.GetRequiredService<ReminderStore>();
        var recoverMs = 0.0; // start-up recovery is gone: an interrupted reminder is found by the due lookup itself (work claims)

        watch.Restart();
        var due = await store.DueAsync(now, max: 200);
        var firstDueMs = watch.Elapsed.TotalMilliseconds;
        var lookups = new Latencies();
        GC.Collect();
        var cpuBefore = ProcessCpu.Of(Environment.ProcessId);
        for (var i = 0; i < 200; i++)
        {
            var start = Stopwatch.GetTimestamp();
            due = await store.DueAsync(now, max: 200);
            lookups.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        var dueCpuMs = (ProcessCpu.Of(Environment.ProcessId) - cpuBefore).TotalMilliseconds / 200;
        var worker = services.GetRequiredService<ReminderWorker>();
        watch.Restart();
        var sent = await worker.RunOnceAsync(CancellationToken.None);
        var passMs = watch.Elapsed.TotalMilliseconds;
        watch.Restart();
        await worker.RunOnceAsync(CancellationToken.None);
        var emptyPassMs = watch.Elapsed.TotalMilliseconds;

        var memory = ProcessMemory.Self();
        var heap = GC.GetGCMemoryInfo().HeapSizeBytes / 1024.0 / 1024.0;
        var live = GC.GetTotalMemory(forceFullCollection: true) / 1024.0 / 1024.0;
        var result = new SchedulerProbeResult(long.Parse(options["sessions"] ?? "0"), openMs, recoverMs, firstDueMs, lookups.Summarise(), dueCpuMs, due.Count,
            passMs, sent, emptyPassMs, baseline.WorkingSetMiB, memory.WorkingSetMiB, memory.PeakWorkingSetMiB, heap, live);
        Console.WriteLine(Newtonsoft.Json.JsonConvert.SerializeObject(result));
        return 0;
    }

    /// <summary>The activity Teams sends when the app is added to a channel or a personal chat.</summary>
    private static Microsoft.Bot.Schema.Activity Installed(string serviceUrl, string conversationId, string type, Activities.User user) => new()
    {
        Type = ActivityTypes.InstallationUpdate,
        Action = "add",
        ChannelId = "msteams",
        ServiceUrl = serviceUrl,
        From = new ChannelAccount(user.TeamsId, user.Name) { AadObjectId = user.AadObjectId },
        Recipient = new ChannelAccount(Activities.BotId, "CHEXS Bot"),
        Conversation = new ConversationAccount(isGroup: type == "channel", conversationType: type, id: conversationId, tenantId: Activities.TenantId),
        ChannelData = type == "channel"
            ? new TeamsChannelData { Team = new TeamInfo(conversationId, "CHEXS Staff"), Channel = new ChannelInfo(conversationId, "General"), Tenant = new TenantInfo(Activities.TenantId) }
            : new TeamsChannelData { Tenant = new TenantInfo(Activities.TenantId) },
    };
}

/// <summary>The probe's clock: the generation's "now", moving on in real time from there.</summary>
public sealed class FixedClock(DateTimeOffset start) : TimeProvider
{
    private readonly long _origin = Stopwatch.GetTimestamp();
    public override DateTimeOffset GetUtcNow() => start + Stopwatch.GetElapsedTime(_origin);
}

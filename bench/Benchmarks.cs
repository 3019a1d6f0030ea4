using System.Diagnostics;

namespace Chexs.Bot.Bench;

/// <param name="Smoke">A seconds-long run that only proves every section works (levels 1 and 8, 2 000 sessions); never for numbers.</param>
public sealed record RunSettings(bool Quick, bool Smoke = false)
{
    public int[] Levels => Smoke ? [1, 8] : [1, 8, 32, 128];
    public TimeSpan Warmup => Smoke ? TimeSpan.FromSeconds(0.5) : Quick ? TimeSpan.FromSeconds(1.5) : TimeSpan.FromSeconds(2);
    public TimeSpan Window => Smoke ? TimeSpan.FromSeconds(1.5) : Quick ? TimeSpan.FromSeconds(4) : TimeSpan.FromSeconds(6);
    /// <summary>Windows per level, CHEXS Bot and echo bot taking turns, so both meet the same background load; medians are reported.</summary>
    public int Repeats => Quick || Smoke ? 1 : 3;
    public int[] SchedulerSizes => Smoke ? [2_000] : Quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000];
    public int StartupRuns => Quick ? 1 : 3;
    public TimeSpan ClickInterval => TimeSpan.FromMilliseconds(100);
}

public sealed record TurnLevel(int Conversations, LoadResult Bot, LoadResult Echo)
{
    public double Ratio => Bot.TurnsPerSecond / Echo.TurnsPerSecond;
}

public sealed record TurnsData(string Workload, string WorkloadDescription, string EchoWorkload, List<TurnLevel> Levels, double BotIdleWorkingSetMiB, double EchoIdleWorkingSetMiB);

public sealed record ApprovalsData(string Workload, int Prepared, double PrepareSeconds, double ClickIntervalMs, List<LoadResult> Levels, List<int> ApprovedPerLevel, long CardUpdates);

public sealed record SchedulerRow(SchedulerData.Generated Generated, SchedulerProbeResult Probe);

public sealed record SchedulerResults(List<SchedulerRow> Rows);

public sealed record StartupRun(bool FreshDatabase, double HealthyMs, double FirstTurnMs, double FirstTurnLatencyMs, double IdleWorkingSetMiB, double IdleAnonymousMiB);

public sealed record StartupData(List<StartupRun> Runs, double IdleWaitSeconds);

/// <summary>The measurements of issue 8 (and the memory-after-load one of the edges issue), each in its own method.</summary>
public sealed class Benchmarks(RunSettings settings, FakeConnector connector) : IWorkloadFactory
{
    private readonly HttpClient _http = TurnLoad.NewClient();

    // ---- 1. Turns through the real pipeline, against the echo ceiling ----

    /// <param name="engine">Null for LiteDB (the bot's default); "postgresql" for a new database on the bench's PostgreSQL server.</param>
    public async Task<TurnsData> TurnsAsync(string? engine = null)
    {
        var folder = Repo.Scratch(engine is null ? "turns" : $"turns-{engine}");
        var postgres = engine is null ? null : await Postgres.NewDatabaseAsync("chexs_bench_turns");
        var levels = new List<TurnLevel>();
        Log($"turns: starting CHEXS Bot ({engine ?? "litedb"}) and the echo bot");
        await using var bot = Bots.StartChexs(folder, postgres: postgres);
        await using var echo = Bots.StartEcho(folder);
        await Bots.WaitReadyAsync(bot, _http);
        await Bots.WaitReadyAsync(echo, _http);
        var workload = await ChooseWorkloadAsync(bot);
        var echoWorkload = new HelpAndUnknownTextWorkload(expectCard: false);
        Log($"turns: workload '{workload.Name}'");
        await Task.Delay(TimeSpan.FromSeconds(1));
        var botIdle = bot.Memory().WorkingSetMiB;
        var echoIdle = echo.Memory().WorkingSetMiB;
        foreach (var n in settings.Levels)
        {
            var botRuns = new List<LoadResult>();
            var echoRuns = new List<LoadResult>();
            for (var rep = 0; rep < settings.Repeats; rep++)
            {
                var b = await TurnLoad.RunAsync(_http, bot.BaseUrl, connector.ServiceUrl, workload, n, $"bench-turns-{n}", settings.Warmup, settings.Window, bot);
                Log($"turns: CHEXS Bot, {n,3} conversations: {b.TurnsPerSecond,7:0} turns/s, p50 {b.Turns.P50:0.0} ms, p99 {b.Turns.P99:0.0} ms, errors {b.Errors}, CPU/turn bot {b.ServerCpuMsPerTurn:0.00} ms client {b.ClientCpuMsPerTurn:0.00} ms, load {b.LoadAverage}");
                WarnErrors(b.ErrorSamples);
                botRuns.Add(b);
                var e = await TurnLoad.RunAsync(_http, echo.BaseUrl, connector.ServiceUrl, echoWorkload, n, $"bench-echo-{n}", settings.Warmup, settings.Window, echo);
                Log($"turns: echo bot,   {n,3} conversations: {e.TurnsPerSecond,7:0} turns/s, p50 {e.Turns.P50:0.0} ms, p99 {e.Turns.P99:0.0} ms, errors {e.Errors}, CPU/turn bot {e.ServerCpuMsPerTurn:0.00} ms client {e.ClientCpuMsPerTurn:0.00} ms, load {e.LoadAverage}");
                WarnErrors(e.ErrorSamples);
                echoRuns.Add(e);
            }
            levels.Add(new TurnLevel(n, LoadResult.Median(botRuns), LoadResult.Median(echoRuns)));
        }
        return new TurnsData(workload.Name, workload.Description, "the same two messages per run, each answered with one text reply", levels, botIdle, echoIdle);
    }

    public Task<IWorkload> ChooseAsync(ChildProcess bot) => ChooseWorkloadAsync(bot);

    /// <summary>The booking dialog when the bot has it (it answers a booking line with Confirm), else help + unknown text.</summary>
    private async Task<IWorkload> ChooseWorkloadAsync(ChildProcess bot)
    {
        var booking = new BookingWorkload(DateTimeOffset.UtcNow);
        var probe = new Conversation(_http, bot.BaseUrl, connector.ServiceUrl, "a:bench-probe", Activities.Alex, new TurnRecorder());
        return await booking.IsAvailableAsync(probe, CancellationToken.None) ? booking : new HelpAndUnknownTextWorkload(expectCard: true);
    }

    // ---- 2. Approval clicks under the same load ----

    public async Task<ApprovalsData> ApprovalsAsync(string? engine = null)
    {
        var folder = Repo.Scratch(engine is null ? "approvals" : $"approvals-{engine}");
        var postgres = engine is null ? null : await Postgres.NewDatabaseAsync("chexs_bench_approvals");
        var levels = new[] { 0 }.Concat(settings.Levels.Where(n => n >= 8)).ToArray();
        var perLevel = settings.Repeats * (int)Math.Ceiling((settings.Warmup + settings.Window + TimeSpan.FromSeconds(2)) / settings.ClickInterval);
        var needed = perLevel * levels.Length + 20;
        Log($"approvals: making {needed} group-session approval requests in the bot's database");
        var (pending, took) = await ApprovalRequests.PrepareAsync(Bots.BotSettings(folder, postgres), needed, DateTimeOffset.UtcNow);
        var queue = new Queue<PendingApproval>(pending);
        var results = new List<LoadResult>();
        var approved = new List<int>();
        var updatesBefore = connector.Updated;
        IWorkload workload;
        await using (var bot = Bots.StartChexs(folder, postgres: postgres))
        {
            await Bots.WaitReadyAsync(bot, _http);
            workload = await ChooseWorkloadAsync(bot);
            foreach (var n in levels)
            {
                var runs = new List<LoadResult>();
                var approvedHere = 0;
                for (var rep = 0; rep < settings.Repeats; rep++)
                {
                    var clicker = new ApprovalClicker(_http, bot.BaseUrl, connector.ServiceUrl, queue, settings.ClickInterval);
                    var r = await TurnLoad.RunAsync(_http, bot.BaseUrl, connector.ServiceUrl, workload, n, $"bench-approvals-{n}", settings.Warmup, settings.Window, bot, clicker);
                    Log($"approvals: {n,3} conversations: {r.Clicks!.Count} approvals, p50 {r.Clicks.P50:0.0} ms, p99 {r.Clicks.P99:0.0} ms, max {r.Clicks.Max:0.0} ms, errors {r.ClickErrors}{(clicker.RanOut ? " (ran out of requests)" : "")}; turns p99 {r.Turns.P99:0.0} ms; bot CPU per request {r.ServerCpuMsPerTurn:0.0} ms; load {r.LoadAverage}");
                    WarnErrors(r.ClickErrorSamples);
                    runs.Add(r);
                    approvedHere += clicker.Approved;
                }
                results.Add(LoadResult.Median(runs));
                approved.Add(approvedHere);
            }
        }
        return new ApprovalsData(workload.Name, pending.Count, took.TotalSeconds, settings.ClickInterval.TotalMilliseconds, results, approved, connector.Updated - updatesBefore);
    }

    // ---- 3. Scheduler scale ----

    public async Task<SchedulerResults> SchedulerAsync(string? engine = null)
    {
        if (engine is not null) return await PostgresSchedulerAsync();
        var rows = new List<SchedulerRow>();
        foreach (var size in settings.SchedulerSizes)
        {
            var folder = Repo.Scratch($"scheduler-{size}");
            var db = Path.Combine(folder, "chexs.db");
            var (generated, now) = await GeneratedDatabaseAsync(size, db);
            var probe = await RunToolAsync<SchedulerProbeResult>(folder, "probe",
                ["scheduler-probe", "--db", db, "--sessions", size.ToString(), "--now", now.ToString("O"), "--connector", connector.ServiceUrl], TimeSpan.FromMinutes(10));
            Log($"scheduler: {size,9:N0}: Due p50 {probe.Due.P50:0.000} ms p99 {probe.Due.P99:0.000} ms (found {probe.DueFound}), pass {probe.PassMs:0} ms sent {probe.Sent}, recover {probe.RecoverInterruptedMs:0} ms, WS {probe.WorkingSetMiB:0} MiB, GC heap {probe.GcHeapMiB:0.0} MiB");
            rows.Add(new SchedulerRow(generated, probe));
            Directory.Delete(folder, recursive: true);
        }
        return new SchedulerResults(rows);
    }

    /// <summary>
    /// The same sizes on PostgreSQL: each generated into a new database of the bench's server (through the storage port, as for
    /// LiteDB; not cached, since the server is a throwaway one), then probed by a fresh process on Storage:Engine=PostgreSql.
    /// </summary>
    private async Task<SchedulerResults> PostgresSchedulerAsync()
    {
        var rows = new List<SchedulerRow>();
        foreach (var size in settings.SchedulerSizes)
        {
            var folder = Repo.Scratch($"scheduler-postgresql-{size}");
            var database = await Postgres.NewDatabaseAsync($"chexs_bench_scheduler_{size}");
            var now = DateTimeOffset.UtcNow;
            Log($"scheduler (postgresql): generating {size:N0} sessions");
            var generated = await RunToolAsync<SchedulerData.Generated>(folder, "generate",
                ["scheduler-generate", "--postgres", database, "--sessions", size.ToString(), "--now", now.ToString("O")], TimeSpan.FromMinutes(60));
            Log($"scheduler (postgresql): {generated.Sessions:N0} sessions + {generated.Reminders:N0} reminders in {generated.Seconds:0.0} s, database {generated.FileBytes / 1048576.0:N0} MiB");
            var probe = await RunToolAsync<SchedulerProbeResult>(folder, "probe",
                ["scheduler-probe", "--postgres", database, "--sessions", size.ToString(), "--now", now.ToString("O"), "--connector", connector.ServiceUrl], TimeSpan.FromMinutes(10));
            Log($"scheduler (postgresql): {size,9:N0}: Due p50 {probe.Due.P50:0.000} ms p99 {probe.Due.P99:0.000} ms (found {probe.DueFound}), pass {probe.PassMs:0} ms sent {probe.Sent}, WS {probe.WorkingSetMiB:0} MiB");
            rows.Add(new SchedulerRow(generated, probe));
            Directory.Delete(folder, recursive: true);
        }
        return new SchedulerResults(rows);
    }

    /// <summary>
    /// A generated database of <paramref name="size"/> sessions copied to <paramref name="target"/>. Generating a million sessions
    /// takes minutes, so each one is kept in data/bench/cache/, keyed by the size and by the source of everything that decides what
    /// is stored (the generator, the records, the indexes); a change to any of them generates afresh. The probe runs on a copy,
    /// with the clock at the generation's "now".
    /// </summary>
    private static async Task<(SchedulerData.Generated, DateTimeOffset)> GeneratedDatabaseAsync(int size, string target)
    {
        var cacheFolder = Path.Combine(Repo.Root, "data", "bench", "cache");
        Directory.CreateDirectory(cacheFolder);
        var key = $"sessions-{size}-{SchemaHash()}";
        var cached = Path.Combine(cacheFolder, key + ".db");
        var meta = Path.Combine(cacheFolder, key + ".json");
        if (!File.Exists(cached) || !File.Exists(meta))
        {
            foreach (var stale in Directory.GetFiles(cacheFolder, $"sessions-{size}-*")) File.Delete(stale);
            var now = DateTimeOffset.UtcNow;
            Log($"scheduler: generating {size:N0} sessions (kept in {Path.GetRelativePath(Repo.Root, cacheFolder)} for later runs)");
            var generated = await RunToolAsync<SchedulerData.Generated>(cacheFolder, key + "-generate",
                ["scheduler-generate", "--db", cached, "--sessions", size.ToString(), "--now", now.ToString("O")], TimeSpan.FromMinutes(30));
            File.WriteAllText(meta, Newtonsoft.Json.JsonConvert.SerializeObject(new { generated, now }));
            Log($"scheduler: {generated.Sessions:N0} sessions + {generated.Reminders:N0} reminders in {generated.Seconds:0.0} s ({(generated.Sessions + generated.Reminders) / generated.Seconds:N0} documents/s), file {generated.FileBytes / 1048576.0:N0} MiB");
        }
        else
        {
            Log($"scheduler: {size:N0} sessions from the cache ({Path.GetRelativePath(Repo.Root, cached)})");
        }
        File.Copy(cached, target, overwrite: true);
        var saved = Newtonsoft.Json.Linq.JObject.Parse(File.ReadAllText(meta));
        return (saved["generated"]!.ToObject<SchedulerData.Generated>()!, saved["now"]!.ToObject<DateTimeOffset>());
    }

    /// <summary>Short hash of the sources that decide what a generated database holds.</summary>
    private static string SchemaHash()
    {
        var files = new[] { "bench/SchedulerData.cs", "bot/Storage/LiteDb/LiteDbFile.cs", "bot/Storage/LiteDb/BsonMapping.cs", "bot/Records/Session.cs",
            "bot/Reminders/Reminder.cs", "bot/Reminders/ReminderSchedule.cs", "bot/Records/Pupil.cs", "bot/Records/Staff.cs" };
        using var sha = System.Security.Cryptography.SHA256.Create();
        foreach (var f in files)
        {
            var path = Path.Combine(Repo.Root, f);
            var bytes = File.Exists(path) ? File.ReadAllBytes(path) : [];
            sha.TransformBlock(bytes, 0, bytes.Length, null, 0);
        }
        sha.TransformFinalBlock([], 0, 0);
        return Convert.ToHexString(sha.Hash!)[..10].ToLowerInvariant();
    }

    private static async Task<T> RunToolAsync<T>(string folder, string name, string[] args, TimeSpan timeout)
    {
        var log = Path.Combine(folder, name + ".log");
        await using var child = ChildProcess.Start(Repo.BenchDll, args, new Dictionary<string, string>(), log);
        var code = await child.WaitForExitAsync(timeout);
        var last = File.ReadLines(log).LastOrDefault(l => l.StartsWith('{'));
        if (code != 0 || last is null) throw new InvalidOperationException($"{name} failed (exit code {code}); see {log}");
        return Newtonsoft.Json.JsonConvert.DeserializeObject<T>(last)!;
    }

    // ---- 4. Start-up to the first answered turn; idle working set ----

    public async Task<StartupData> StartupAsync()
    {
        var idleWait = TimeSpan.FromSeconds(settings.Quick ? 3 : 5);
        var runs = new List<StartupRun>();
        for (var i = 0; i < settings.StartupRuns; i++)
        {
            var folder = Repo.Scratch($"startup-{i}");
            runs.Add(await StartOnceAsync(folder, fresh: true, idleWait));
            runs.Add(await StartOnceAsync(folder, fresh: false, idleWait));
        }
        return new StartupData(runs, idleWait.TotalSeconds);
    }

    private async Task<StartupRun> StartOnceAsync(string folder, bool fresh, TimeSpan idleWait)
    {
        var watch = Stopwatch.StartNew();
        await using var bot = Bots.StartChexs(folder, fresh ? "bot-fresh.log" : "bot-restart.log");
        var healthy = await bot.WaitHealthyAsync(_http, watch, TimeSpan.FromSeconds(60));
        var recorder = new TurnRecorder();
        recorder.Start();
        var c = new Conversation(_http, bot.BaseUrl, connector.ServiceUrl, "a:bench-startup", Activities.Alex, recorder);
        var replies = await c.SayAsync("help", CancellationToken.None);
        var answered = watch.Elapsed;
        if (replies.Count == 0) throw new InvalidOperationException($"The first turn got no answer; see {bot.LogPath}");
        await Task.Delay(idleWait);
        var idle = bot.Memory();
        var run = new StartupRun(fresh, healthy.TotalMilliseconds, answered.TotalMilliseconds, recorder.Turns.Summarise().Max, idle.WorkingSetMiB, idle.AnonymousMiB);
        Log($"startup ({(fresh ? "new database" : "restart")}): healthy {run.HealthyMs:0} ms, first answer {run.FirstTurnMs:0} ms (turn {run.FirstTurnLatencyMs:0} ms), idle working set {run.IdleWorkingSetMiB:0} MiB");
        return run;
    }

    // ---- 5. Memory after a burst of load, and after idling ----

    public async Task<MemoryData> MemoryAsync(bool gcVariants)
    {
        var runs = new List<MemoryRun> { await MemoryAfterLoad.RunAsync(_http, connector, settings, this, "as shipped", "server GC with DATAS, idle trim", new Dictionary<string, string>()) };
        if (gcVariants)
        {
            foreach (var (name, description, environment) in MemoryAfterLoad.Variants)
            {
                runs.Add(await MemoryAfterLoad.RunAsync(_http, connector, settings, this, name, description, environment));
            }
        }
        return new MemoryData(runs[0].Workload, MemoryAfterLoad.Conversations, settings.Quick ? 10 : 20, MemoryAfterLoad.IdleSeconds, runs);
    }

    internal static void Log(string line) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {line}");

    private static void WarnErrors(IReadOnlyList<string> samples)
    {
        foreach (var s in samples) Log($"    error: {s}");
    }
}

using Chexs.Bot.Bench;

// CHEXS Bot benchmarks (issue 8). Usage:
//   dotnet run -c Release --project bench -- [all|turns|approvals|scheduler|startup|memory|postgresql|report] [--quick|--smoke] [--no-docs] [--gc-variants]
// postgresql: turns, approvals and the scheduler again with the bot on PostgreSQL (CHEXS_BENCH_POSTGRES, which
// scripts/bench.sh sets after starting a server on this machine); `all` includes it when that server is there.
// (memory --gc-variants also measures the GC settings the shipped ones were chosen against.)
// Writes docs/benchmarks.json (results per section, with machine and commit) and regenerates
// docs/benchmarks.md from it. Child-process verbs (used by the bench itself): echo-server,
// scheduler-generate, scheduler-probe.
switch (args.FirstOrDefault())
{
    case "echo-server":
        return await EchoBot.ServeAsync(args[1..]);
    case "scheduler-generate":
        return SchedulerData.Generate(args[1..]);
    case "scheduler-probe":
        return await SchedulerProbe.RunAsync(args[1..]);
    case "profile-connector":
        return await Profiling.ConnectorAsync(args[1..]);
    case "profile-approvals":
        return await Profiling.ApprovalsAsync(args[1..]);
}

var verbs = new[] { "all", "turns", "approvals", "scheduler", "startup", "memory", "postgresql", "report" };
var verb = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
if (!verbs.Contains(verb) || args.Contains("--help"))
{
    Console.Error.WriteLine($"usage: bench [{string.Join('|', verbs)}] [--quick|--smoke] [--no-docs] [--gc-variants]");
    return args.Contains("--help") ? 0 : 2;
}
#if DEBUG
Console.Error.WriteLine("warning: this is a Debug build of the bench and the bot; numbers are only meaningful with -c Release.");
#endif
var smoke = args.Contains("--smoke");
var quick = args.Contains("--quick") || smoke;
var settings = new RunSettings(quick, smoke);
if (verb == "postgresql" && Postgres.Server is null)
{
    Console.Error.WriteLine($"postgresql needs a server: run it as scripts/bench.sh postgresql (which starts one), or set {Postgres.Variable}.");
    return 2;
}
var machine = Machine.Describe(Repo.Root);
Benchmarks.Log($"CHEXS Bot benchmarks: {verb}{(quick ? " (quick)" : "")} on {machine.Cpu}, {machine.Cores} cores, {machine.Memory}; {machine.Commit}");

var report = Report.Load();
if (verb == "report")
{
    // Regenerate docs/benchmarks.md from docs/benchmarks.json and bench/NOTES.md without measuring.
    report.Save(machine);
    Benchmarks.Log($"wrote {Report.MarkdownPath}");
    return 0;
}
await using var connector = await FakeConnector.StartAsync();
var bench = new Benchmarks(settings, connector);
var started = DateTimeOffset.UtcNow;
if (verb is "all" or "startup") report.Set("startup", machine, quick, await bench.StartupAsync());
if (verb is "all" or "turns") report.Set("turns", machine, quick, await bench.TurnsAsync());
if (verb is "all" or "approvals") report.Set("approvals", machine, quick, await bench.ApprovalsAsync());
if (verb is "all" or "scheduler") report.Set("scheduler", machine, quick, await bench.SchedulerAsync());
if (verb is "all" or "memory") report.Set("memory", machine, quick, await bench.MemoryAsync(args.Contains("--gc-variants")));
if (verb is "postgresql" || (verb is "all" && Postgres.Server is not null))
{
    report.Set("turns-postgresql", machine, quick, await bench.TurnsAsync("postgresql"));
    report.Set("approvals-postgresql", machine, quick, await bench.ApprovalsAsync("postgresql"));
    report.Set("scheduler-postgresql", machine, quick, await bench.SchedulerAsync("postgresql"));
}
Benchmarks.Log($"done in {(DateTimeOffset.UtcNow - started).TotalMinutes:0.0} min");

if (!args.Contains("--no-docs"))
{
    report.Save(machine);
    Benchmarks.Log($"wrote {Report.MarkdownPath}");
}
return 0;

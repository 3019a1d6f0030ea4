using System.Diagnostics;
using Chexs.Bot.Hosting;
using Chexs.Bot.Sessions;

namespace Chexs.Bot.Bench;

/// <summary>
/// <c>profile-approvals [--count N]</c>: the approval path without HTTP, for a profiler
/// (<c>dotnet-trace collect -- dotnet CHEXS.Bot.Bench.dll profile-approvals</c>). Makes N approval requests
/// with the bot's services, then approves them one by one, printing the time of each phase.
/// </summary>
public static class Profiling
{
    public static async Task<int> ApprovalsAsync(string[] args)
    {
        var options = Options.Parse(args);
        var count = int.Parse(options["count"] ?? "300");
        var folder = Repo.Scratch("profile-approvals");
        var settings = Bots.BotSettings(folder);
        var (pending, took) = await ApprovalRequests.PrepareAsync(settings, count, DateTimeOffset.UtcNow);
        Console.WriteLine($"prepare: {count} requests in {took.TotalMilliseconds:0} ms ({took.TotalMilliseconds / count:0.0} ms each)");

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.Configuration.AddRootSettings("Development");
        builder.Configuration.AddInMemoryCollection(settings.Select(kv => new KeyValuePair<string, string?>(kv.Key.Replace("__", ":"), kv.Value)));
        builder.Logging.ClearProviders();
        builder.AddChexsBot(forCommandLine: true);
        await using var app = builder.Build();
        var booking = app.Services.GetRequiredService<SessionBooking>();
        var watch = Stopwatch.StartNew();
        var times = new Latencies();
        foreach (var p in pending)
        {
            var start = Stopwatch.GetTimestamp();
            var outcome = await booking.DecideAsync(p.SessionId, Activities.MorganId, "Morgan Manager", approve: true, null, CancellationToken.None);
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            if (outcome is not ApprovalOutcome.Approved) Console.WriteLine($"  {p.SessionId}: {outcome}");
        }
        var s = times.Summarise();
        Console.WriteLine($"decide: {count} approvals in {watch.ElapsedMilliseconds} ms: p50 {s.P50:0.0} ms, p99 {s.P99:0.0} ms, max {s.Max:0.0} ms");
        return 0;
    }
}

using System.Diagnostics;
using Chexs.Bot.Hosting;
using Microsoft.Extensions.Configuration;
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
        var booking = app.Services.GetRequiredService<DecideApproval>();
        var watch = Stopwatch.StartNew();
        var cpu = ProcessCpu.Of(Environment.ProcessId);
        var times = new Latencies();
        foreach (var p in pending)
        {
            var start = Stopwatch.GetTimestamp();
            var outcome = await booking.DecideAsync(p.SessionId, Activities.MorganId, "Morgan Manager", approve: true, null, CancellationToken.None);
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            if (outcome is not ApprovalOutcome.Approved) Console.WriteLine($"  {p.SessionId}: {outcome}");
        }
        var s = times.Summarise();
        var cpuMs = (ProcessCpu.Of(Environment.ProcessId) - cpu).TotalMilliseconds / count;
        Console.WriteLine($"decide: {count} approvals in {watch.ElapsedMilliseconds} ms: p50 {s.P50:0.0} ms, p99 {s.P99:0.0} ms, max {s.Max:0.0} ms, {cpuMs:0.0} ms CPU each");
        return 0;
    }

    /// <summary>
    /// <c>profile-connector [--count N]</c>: what one outbound Bot Connector call (a card update, as an approval
    /// click makes) costs in CPU, through the SDK's connector factory as the bot configures it, with the
    /// SDK's per-client contract resolvers and with <see cref="SharedJsonContracts"/>. Talks to the bench's fake connector.
    /// </summary>
    public static async Task<int> ConnectorAsync(string[] args)
    {
        var options = Options.Parse(args);
        var count = int.Parse(options["count"] ?? "500");
        await using var connector = await FakeConnector.StartAsync();
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["MicrosoftAppId"] = "" }).Build();
        var auth = new Microsoft.Bot.Builder.Integration.AspNet.Core.ConfigurationBotFrameworkAuthentication(config);
        var identity = new System.Security.Claims.ClaimsIdentity();
        var card = Newtonsoft.Json.Linq.JObject.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "cards", "approval-outcome.json")));
        foreach (var shared in new[] { false, true, false, true })
        {
            var factory = auth.CreateConnectorFactory(identity);
            if (shared) factory = new SharedJsonContracts(factory);
            var watch = Stopwatch.StartNew();
            var cpu = ProcessCpu.Of(Environment.ProcessId);
            for (var i = 0; i < count; i++)
            {
                using var client = (Microsoft.Bot.Connector.ConnectorClient)await factory.CreateAsync(connector.ServiceUrl, "", CancellationToken.None);
                var update = Teams.TeamsMessenger.CardActivity(card, "");
                update.Id = $"activity-{i}";
                update.Conversation = new Microsoft.Bot.Schema.ConversationAccount(id: "a:bench");
                await Microsoft.Bot.Connector.ConversationsExtensions.UpdateActivityAsync(client.Conversations, update);
            }
            var cpuMs = (ProcessCpu.Of(Environment.ProcessId) - cpu).TotalMilliseconds / count;
            Console.WriteLine($"{(shared ? "shared contract resolvers" : "SDK default (a new resolver per client)"),-42}: {watch.Elapsed.TotalMilliseconds / count:0.00} ms and {cpuMs:0.00} ms CPU per card update");
        }
        return 0;
    }
}

using System.Diagnostics;
using Chexs.Bot.Cards;
using Chexs.Bot.Hosting;
using Chexs.Bot.Notices;
using Chexs.Bot.Records;
using Chexs.Bot.Sessions;
using Chexs.Bot.Storage;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Bench;

/// <summary>A group session waiting for a manager, and the signed data of its Approve button.</summary>
public sealed record PendingApproval(string SessionId, JObject ApproveData);

/// <summary>
/// Approval requests made the way the bot makes them, before the bot starts: the bot's own services
/// over the bot's database (Development settings, seed data), <see cref="SessionBooking.BookAsync"/> for
/// group sessions (P10 sends them for approval), and the Approve button's data taken from the approval
/// card the booking queued for the line manager — signed with the key the bot keeps in that database.
/// The queued notices are marked delivered: the managers already have the cards.
/// </summary>
public static class ApprovalRequests
{
    public static readonly string[] GroupPupils = ["P-0003", "P-0004"];

    public static async Task<(List<PendingApproval> Pending, TimeSpan Took)> PrepareAsync(IDictionary<string, string> botSettings, int count, DateTimeOffset now)
    {
        var watch = Stopwatch.StartNew();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.Configuration.AddRootSettings("Development");
        builder.Configuration.AddInMemoryCollection(botSettings.Select(kv => new KeyValuePair<string, string?>(kv.Key.Replace("__", ":"), kv.Value)));
        builder.Logging.ClearProviders();
        builder.AddChexsBot(forCommandLine: true);
        await using var app = builder.Build();
        var services = app.Services;
        await ActivatorUtilities.CreateInstance<DataExchange.DevelopmentSeed>(services).SeedAsync();

        var booking = services.GetRequiredService<BookSession>();
        var notices = services.GetRequiredService<Notices.IStaffNoticeOutbox>();
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        var firstNight = TimeZoneInfo.ConvertTime(now, zone).Date.AddDays(2).AddHours(20);
        var pending = new List<PendingApproval>();
        var refused = 0;
        // Night slots (20:00–07:00), one an hour: the daytime is left to the booking workload, so the
        // host is never double-booked (D1) whichever workload runs.
        for (var slot = 0; pending.Count < count && refused < 20; slot++)
        {
            var local = firstNight.AddDays(slot / 12).AddHours(slot % 12);
            var start = new DateTimeOffset(local, zone.GetUtcOffset(local));
            var request = new BookingRequest(SessionIds.New(), Programme.Growth, GroupPupils, start, 45, SessionKind.Group, Activities.AlexId, Activities.AlexId);
            var outcome = await booking.BookAsync(request, CancellationToken.None);
            if (outcome is not BookingOutcome.AwaitingApproval waiting)
            {
                refused++;
                Console.Error.WriteLine($"  approval setup: {request.SessionId} at {start:u} was not sent for approval: {outcome}");
                continue;
            }
            var notice = (await notices.UnsentAsync(int.MaxValue)).FirstOrDefault(n => n.Records.Contains(waiting.Session.Id) && n.CardJson != null)
                ?? throw new InvalidOperationException($"No approval card was queued for {waiting.Session.Id}");
            var data = Activities.ActionData([JObject.Parse(notice.CardJson!)], CardVerbs.ApprovalApprove)
                ?? throw new InvalidOperationException("The approval card has no Approve button");
            notice.SentAt = now;
            await notices.UpdateAsync(notice);
            pending.Add(new PendingApproval(waiting.Session.Id, data));
        }
        if (pending.Count < count)
        {
            throw new InvalidOperationException($"Only {pending.Count} of {count} approval requests could be made (see the messages above).");
        }
        return (pending, watch.Elapsed);
    }
}

/// <summary>
/// A manager (Morgan) clicking Approve on waiting approval cards at a steady pace while the turn load
/// runs: each click is an adaptiveCard/action invoke that books the session (simulated Zoom meeting,
/// invitations, reminders, audit) and updates the card for everyone through the connector.
/// </summary>
public sealed class ApprovalClicker
{
    private readonly HttpClient _http;
    private readonly Uri _bot;
    private readonly string _serviceUrl;
    private readonly Queue<PendingApproval> _pending;
    private readonly TimeSpan _interval;

    public ApprovalClicker(HttpClient http, Uri bot, string serviceUrl, Queue<PendingApproval> pending, TimeSpan interval)
    {
        _http = http;
        _bot = bot;
        _serviceUrl = serviceUrl;
        _pending = pending;
        _interval = interval;
    }

    public TurnRecorder Recorder { get; } = new();
    public int Approved { get; private set; }
    public bool RanOut { get; private set; }

    public async Task RunAsync(Func<bool> stopping, CancellationToken ct)
    {
        var morgan = new Conversation(_http, _bot, _serviceUrl, "a:bench-morgan-personal", Activities.Morgan, Recorder);
        var next = Stopwatch.StartNew();
        var i = 0;
        while (!stopping())
        {
            if (!_pending.TryDequeue(out var request))
            {
                RanOut = true;
                return;
            }
            var response = await morgan.ClickAsync(CardVerbs.ApprovalApprove, request.ApproveData, $"approval-card-{request.SessionId}", ct);
            // Approved: the invoke answers with the outcome card (type ...card.adaptive); anything else is a refusal.
            if ((string?)response?["type"] == "application/vnd.microsoft.card.adaptive")
            {
                if (Recorder.Recording) Approved++;
            }
            else if (response is not null)
            {
                morgan.Unexpected($"Approve on {request.SessionId} answered {response.ToString(Newtonsoft.Json.Formatting.None)}");
            }
            i++;
            var wait = _interval * i - next.Elapsed;
            if (wait > TimeSpan.Zero) await Task.Delay(wait, CancellationToken.None);
        }
    }
}

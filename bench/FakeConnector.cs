using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Chexs.Bot.Bench;

/// <summary>
/// A local stand-in for the Bot Connector (the REST API at an activity's serviceUrl), so the bot's
/// proactive sends (reminders, notices) and card updates (approval clicks) complete over real HTTP.
/// Answers as the real one does, with a resource id; counts what it received.
/// </summary>
public sealed class FakeConnector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _posted;
    private long _updated;

    private FakeConnector(WebApplication app) => _app = app;

    public string ServiceUrl { get; private set; } = "";
    public long Posted => Interlocked.Read(ref _posted);
    public long Updated => Interlocked.Read(ref _updated);

    public static async Task<FakeConnector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeConnector(app);
        app.MapPost("/v3/conversations/{conversationId}/activities", (HttpRequest r) => fake.Answer(r, update: false));
        app.MapPost("/v3/conversations/{conversationId}/activities/{replyTo}", (HttpRequest r) => fake.Answer(r, update: false));
        app.MapPut("/v3/conversations/{conversationId}/activities/{activityId}", (string activityId, HttpRequest r) => fake.Answer(r, update: true, activityId));
        await app.StartAsync();
        fake.ServiceUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/";
        return fake;
    }

    private async Task<IResult> Answer(HttpRequest request, bool update, string? activityId = null)
    {
        await request.Body.CopyToAsync(Stream.Null);
        if (update)
        {
            Interlocked.Increment(ref _updated);
            return Results.Json(new { id = activityId });
        }
        return Results.Json(new { id = $"activity-{Interlocked.Increment(ref _posted)}" });
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}

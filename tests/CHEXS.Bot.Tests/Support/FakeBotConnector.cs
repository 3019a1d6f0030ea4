using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Tests.Support;

/// <summary>
/// A local stand-in for the Teams Bot Connector service (the REST API at an activity's serviceUrl):
/// records every activity the bot sends or updates, and answers with resource ids as the real one does.
/// The bot's real ConnectorClient talks to it over HTTP.
/// </summary>
public sealed class FakeBotConnector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _next;

    public ConcurrentQueue<SentActivity> Sent { get; } = new();
    public ConcurrentQueue<SentActivity> Updated { get; } = new();
    /// <summary>When set, the connector answers every send with this status (e.g. 500, 429).</summary>
    public int? FailWith { get; set; }
    /// <summary>
    /// When set, a send is recorded (Teams has the message) but answered only once this task completes: a slow
    /// Teams, or a bot stopping while its post is in flight.
    /// </summary>
    public Task? AnswerAfter { get; set; }
    /// <summary>Completes with the first send recorded while <see cref="AnswerAfter"/> holds answers back.</summary>
    public TaskCompletionSource<SentActivity> FirstHeld { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private FakeBotConnector(WebApplication app) => _app = app;

    public string ServiceUrl { get; private set; } = "";

    public static async Task<FakeBotConnector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeBotConnector(app);
        app.MapPost("/v3/conversations/{conversationId}/activities", (string conversationId, HttpRequest r) => fake.Record(conversationId, r, update: false));
        app.MapPost("/v3/conversations/{conversationId}/activities/{replyTo}", (string conversationId, HttpRequest r) => fake.Record(conversationId, r, update: false));
        app.MapPut("/v3/conversations/{conversationId}/activities/{activityId}", (string conversationId, HttpRequest r) => fake.Record(conversationId, r, update: true));
        await app.StartAsync();
        fake.ServiceUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/";
        return fake;
    }

    private async Task<IResult> Record(string conversationId, HttpRequest request, bool update)
    {
        using var reader = new StreamReader(request.Body);
        var body = JObject.Parse(await reader.ReadToEndAsync());
        if (FailWith is int status)
        {
            return Results.StatusCode(status);
        }
        var id = update ? (string?)body["id"] ?? "" : $"activity-{Interlocked.Increment(ref _next)}";
        var sent = new SentActivity(Uri.UnescapeDataString(conversationId), id, body);
        (update ? Updated : Sent).Enqueue(sent);
        if (!update && AnswerAfter is { } answerAfter)
        {
            FirstHeld.TrySetResult(sent);
            await answerAfter;
        }
        return Results.Json(new { id });
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}

public sealed record SentActivity(string ConversationId, string ActivityId, JObject Body)
{
    /// <summary>The first Adaptive Card attachment's content, or null.</summary>
    public JObject? Card => Body["attachments"]?.FirstOrDefault(a => (string?)a["contentType"] == "application/vnd.microsoft.card.adaptive")?["content"] as JObject;
    public string Text => (string?)Body["text"] ?? "";
    /// <summary>Everything the recipient could read, for "never contains" assertions.</summary>
    public string AllText => Body.ToString();
}

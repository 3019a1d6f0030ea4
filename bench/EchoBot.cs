using Chexs.Bot.Storage.LiteDb;
using Chexs.Bot.Storage;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;

namespace Chexs.Bot.Bench;

/// <summary>
/// The ceiling: the smallest bot on the same stack as CHEXS Bot — Kestrel, CloudAdapter with the same
/// configuration-based authentication (none, on loopback), ConversationState in the same LiteDB storage —
/// that counts the turn in its state and echoes the text. Whatever CHEXS Bot does beyond this is our cost.
/// </summary>
public sealed class EchoBot : ActivityHandler
{
    private readonly ConversationState _state;
    private readonly IStatePropertyAccessor<int> _turns;

    public EchoBot(ConversationState state)
    {
        _state = state;
        _turns = state.CreateProperty<int>("turns");
    }

    public override async Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken = default)
    {
        await base.OnTurnAsync(turnContext, cancellationToken);
        await _state.SaveChangesAsync(turnContext, false, cancellationToken);
    }

    protected override async Task OnMessageActivityAsync(ITurnContext<IMessageActivity> turnContext, CancellationToken cancellationToken)
    {
        var turns = await _turns.GetAsync(turnContext, () => 0, cancellationToken) + 1;
        await _turns.SetAsync(turnContext, turns, cancellationToken);
        await turnContext.SendActivityAsync(MessageFactory.Text($"echo {turns}: {turnContext.Activity.Text}"), cancellationToken);
    }

    /// <summary>Runs the echo bot until killed: <c>echo-server --urls http://127.0.0.1:PORT --db PATH</c>.</summary>
    public static async Task<int> ServeAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var dbPath = builder.Configuration["db"] ?? throw new ArgumentException("--db is required");
        // The bot's own embedded store (bot state in the same LiteDB file), so the ceiling pays the same storage cost.
        builder.Services.AddChexsLiteDbStorage(_ => dbPath);
        builder.Services.AddSingleton<ConversationState>();
        // Registered as the bot registers it (with the HTTP client factory, so connector clients are pooled).
        builder.Services.AddHttpClient();
        builder.Services.AddSingleton<BotFrameworkAuthentication>(sp => new ConfigurationBotFrameworkAuthentication(
            sp.GetRequiredService<IConfiguration>(),
            httpClientFactory: sp.GetRequiredService<IHttpClientFactory>(),
            logger: sp.GetRequiredService<ILoggerFactory>().CreateLogger<ConfigurationBotFrameworkAuthentication>()));
        builder.Services.AddSingleton<IBotFrameworkHttpAdapter>(sp => new CloudAdapter(sp.GetRequiredService<BotFrameworkAuthentication>(), sp.GetRequiredService<ILogger<CloudAdapter>>()));
        builder.Services.AddSingleton<IBot, EchoBot>();
        var app = builder.Build();
        app.MapPost("/api/messages", (HttpContext http, IBotFrameworkHttpAdapter adapter, IBot bot, CancellationToken ct) =>
            adapter.ProcessAsync(http.Request, http.Response, bot, ct));
        app.MapGet("/healthz", async (Storage.IStoreHealth store) => (await store.CheckAsync()).Healthy ? Results.Ok() : Results.StatusCode(503));
        await app.RunAsync();
        return 0;
    }
}

using Chexs.Bot.Backups;
using Chexs.Bot.Cards;
using Chexs.Bot.DataExchange;
using Chexs.Bot.Dialogs.Conversations;
using Chexs.Bot.FollowUp;
using Chexs.Bot.Graph;
using Chexs.Bot.Notices;
using Chexs.Bot.Preflight;
using Chexs.Bot.Reminders;
using Chexs.Bot.RightsRequests;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Sessions;
using Chexs.Bot.Storage;
using Chexs.Bot.Teams;
using Chexs.Bot.Telemetry;
using Chexs.Bot.Zoom;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;

namespace Chexs.Bot.Hosting;

/// <summary>Wires the bot into the ASP.NET Core host: services, then endpoints.</summary>
public static class BotHosting
{
    public static WebApplicationBuilder AddChexsBot(this WebApplicationBuilder builder, bool forCommandLine = false)
    {
        var services = builder.Services;
        var config = builder.Configuration;

        if (!forCommandLine)
        {
            // Every missing or invalid setting at once, before anything is registered (exit code 2, no stack trace).
            ProductionSettings.ThrowIfRefused(config, builder.Environment);
            // The only process on the database file, and the file sound, before anything could open it.
            // (The embedded file only: PostgreSQL serves several instances itself.)
            if (StorageServices.EngineOf(config) == StorageEngine.LiteDb && StoreOwnership.TakeForBot(config, builder.Environment) is { } owner)
            {
                // Created by a factory, so the container disposes it (releasing the lock); the engine resolves it
                // before opening the file, and the host at start, so it is disposed even where a host's services are trimmed.
                services.AddSingleton(_ => owner);
                services.AddHostedService(sp => sp.GetRequiredService<DatabaseLockHolder>());
            }
        }

        // Every folder registers itself the same way; the order only matters where one overrides another.
        var setup = new BotSetup(config, builder.Environment, forCommandLine);
        services.AddSingleton(TimeProvider.System);
        services.AddChexsHttpEdge(setup);
        services.AddChexsStorage(setup);
        services.AddChexsBackups(setup);
        services.AddHealthChecks().AddCheck<StoreReadiness>(StoreReadiness.Name, tags: [StoreReadiness.Tag]);
        services.AddChexsSafeguarding(setup);
        services.AddChexsCards(setup);
        services.AddChexsTeams(setup);
        services.AddChexsNotices(setup);
        services.AddChexsReminders(setup);
        services.AddChexsDataExchange(setup);
        services.AddChexsZoom(setup);
        services.AddChexsMicrosoft365(setup);
        services.AddChexsSessions(setup);
        services.AddChexsConversations(setup);
        services.AddChexsFollowUp(setup);
        services.AddChexsRightsRequests(setup);
        services.AddChexsTelemetry(setup);
        services.AddChexsPreflight(setup);

        if (!forCommandLine && StartupGuards.IsUnauthenticated(config))
        {
            LoopbackOnly.Apply(builder);
        }
        return builder;
    }

    /// <summary>What guards the HTTP edge: escaped logs, the refusal log, the caller check and the idle memory trim.</summary>
    private static IServiceCollection AddChexsHttpEdge(this IServiceCollection services, BotSetup setup)
    {
        // Nothing a request carries reaches a log line with its control characters (ANSI escapes, CR/LF).
        EscapingLoggerFactory.Install(services);
        services.AddSingleton<RefusedRequests>();
        services.AddSingleton<ChannelCaller>();
        services.AddChexsOptions<MemoryOptions>(MemoryOptions.Section);
        services.AddSingleton<IdleMemoryTrimmer>();
        if (!setup.ForCommandLine)
        {
            services.AddHostedService(sp => sp.GetRequiredService<IdleMemoryTrimmer>());
        }
        return services;
    }

    public static WebApplication MapChexsBot(this WebApplication app)
    {
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("CHEXS.Bot");
        if (StartupGuards.IsUnauthenticated(app.Configuration))
        {
            log.LogWarning("No MicrosoftAppId is configured: the bot accepts unauthenticated requests and listens on loopback (127.0.0.1) only. Use this for local development and tests, never in production.");
        }
        if (Safeguarding.ConcernsContactSettings.LegacyKeysInUse(app.Configuration) is { Count: > 0 } legacyKeys)
        {
            log.LogWarning("{Deprecation}", Safeguarding.ConcernsContactSettings.DeprecationWarning(legacyKeys));
        }

        // No response ever carries an exception's text or stack trace, in any environment (the developer
        // exception page included): a server fault is one plain sentence, and the log has the details.
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = http => Results.Problem("Something went wrong on our side.", statusCode: StatusCodes.Status500InternalServerError).ExecuteAsync(http),
        });
        // Every refused request (any 4xx) is one Warning line, rate-limited (see RefusedRequests).
        var refusals = app.Services.GetRequiredService<RefusedRequests>();
        var trimmer = app.Services.GetRequiredService<IdleMemoryTrimmer>();
        app.Use(async (http, next) =>
        {
            trimmer.NoteRequest();
            await next(http);
            if (http.Response.StatusCode is >= 400 and < 500) refusals.Record(http);
        });

        app.MapPost("/api/messages", async (HttpContext http, ChannelCaller caller, IBotFrameworkHttpAdapter adapter, IBot bot, CancellationToken ct) =>
        {
            // With an app id, a caller that is not the channel hears 401 and nothing about its request: no token
            // is refused before the body is read, and a refused body only gets its reason once the token is checked.
            var unauthorized = new Refusal(StatusCodes.Status401Unauthorized, "A valid Bot Framework channel token is required.");
            if (caller.AuthenticationRequired && !ChannelCaller.HasBearerToken(http.Request))
            {
                await RefuseAsync(http, unauthorized);
                return;
            }
            // Malformed, oversized or non-JSON activities get 400/413/415 with the reason, before any handler runs.
            if (await InboundActivity.CheckAsync(http.Request, ct) is { } refusal)
            {
                await RefuseAsync(http, caller.AuthenticationRequired && !await caller.IsChannelAsync(http.Request, ct) ? unauthorized : refusal);
                return;
            }
            await adapter.ProcessAsync(http.Request, http.Response, bot, ct);
        });

        // Liveness: the process answers (no dependency checked, so a platform never restarts the bot for a full disk).
        app.MapHealthChecks("/healthz/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = StoreReadiness.WriteAsync });
        // Readiness: the store takes a write now (a marker written, read back and deleted); 503 while it cannot.
        // /healthz stays what it always was for existing probes: ready.
        var ready = new HealthCheckOptions { Predicate = c => c.Tags.Contains(StoreReadiness.Tag), ResponseWriter = StoreReadiness.WriteAsync };
        app.MapHealthChecks("/healthz/ready", ready);
        app.MapHealthChecks("/healthz", ready);
        app.MapZoomWebhook();
        return app;
    }

    private static Task RefuseAsync(HttpContext http, Refusal refusal)
    {
        RefusedRequests.Explain(http, refusal.Reason);
        if (refusal.Status == StatusCodes.Status401Unauthorized) http.Response.Headers.WWWAuthenticate = "Bearer";
        return refusal.ToResult().ExecuteAsync(http);
    }
}

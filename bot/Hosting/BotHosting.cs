using Chexs.Bot.Cards;
using Chexs.Bot.Storage;
using Chexs.Bot.Teams;
using Chexs.Bot.Zoom;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Extensions.Options;

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
            StartupGuards.CheckBotCredentials(config, builder.Environment);
        }

        services.AddSingleton(TimeProvider.System);
        services.Configure<Safeguarding.SafeguardingOptions>(config.GetSection(Safeguarding.SafeguardingOptions.Section));
        services.Configure<DatabaseOptions>(config.GetSection(DatabaseOptions.Section));
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            var path = Path.IsPathRooted(options.Path) ? options.Path : Path.Combine(builder.Environment.ContentRootPath, options.Path);
            return new ChexsDatabase(path);
        });
        services.AddSingleton<IStorage, LiteDbStorage>();
        services.AddSingleton<ConversationState>();
        services.AddSingleton<UserState>();
        services.AddSingleton<InstallationStore>();
        services.AddSingleton<Notices.StaffNotices>();
        services.AddSingleton(sp => new CardActions.CardActionSigner(CardActions.SigningKeys.Resolve(config, sp.GetRequiredService<ChexsDatabase>())));
        services.AddSingleton<CardActions.CardActionRouter>();
        services.Configure<TeamsOptions>(config.GetSection(TeamsOptions.Section));
        services.AddSingleton<TeamsMessenger>();
        services.Configure<Reminders.ReminderOptions>(config.GetSection(Reminders.ReminderOptions.Section));
        services.AddSingleton<Reminders.ReminderStore>();
        services.AddSingleton<Reminders.ReminderComposer>();
        if (!forCommandLine)
        {
            services.AddSingleton<Notices.NoticeDeliveryWorker>();
            services.AddHostedService(sp => sp.GetRequiredService<Notices.NoticeDeliveryWorker>());
            services.AddSingleton<Reminders.ReminderWorker>();
            services.AddHostedService(sp => sp.GetRequiredService<Reminders.ReminderWorker>());
        }
        services.AddSingleton(new CardTemplates());
        Safeguarding.SafeguardingServices.AddChexsSafeguarding(services);
        DataExchange.DataExchangeServices.AddChexsDataExchange(services, builder.Environment, config, forCommandLine);
        services.AddChexsZoom(config, builder.Environment);
        Graph.Microsoft365Registration.AddChexsMicrosoft365(services, config, builder.Environment, forCommandLine);

        // The SDK reads MicrosoftAppId/Password/TenantId/Type (and the OpenID metadata overrides) from configuration.
        services.AddSingleton<BotFrameworkAuthentication, ConfigurationBotFrameworkAuthentication>();
        services.AddSingleton<ChexsAdapter>();
        services.AddSingleton<IBotFrameworkHttpAdapter>(sp => sp.GetRequiredService<ChexsAdapter>());
        services.AddSingleton<ChexsBot>();
        services.AddSingleton<IBot>(sp => sp.GetRequiredService<ChexsBot>());

        if (!forCommandLine && StartupGuards.IsUnauthenticated(config))
        {
            builder.WebHost.UseUrls(StartupGuards.LoopbackOnly(config["urls"] ?? config["ASPNETCORE_URLS"]));
        }
        return builder;
    }

    public static WebApplication MapChexsBot(this WebApplication app)
    {
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("CHEXS.Bot");
        if (StartupGuards.IsUnauthenticated(app.Configuration))
        {
            log.LogWarning("No MicrosoftAppId is configured: the bot accepts unauthenticated requests and listens on loopback (127.0.0.1) only. Use this for local development and tests, never in production.");
        }

        app.MapPost("/api/messages", (HttpRequest request, HttpResponse response, IBotFrameworkHttpAdapter adapter, IBot bot, CancellationToken ct) =>
            adapter.ProcessAsync(request, response, bot, ct));

        app.MapGet("/healthz", (ChexsDatabase db) =>
            db.IsHealthy() ? Results.Ok(new { status = "ok" }) : Results.Json(new { status = "database unavailable" }, statusCode: 503));
        app.MapZoomWebhook();
        return app;
    }
}

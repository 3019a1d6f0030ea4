using Chexs.Bot.Hosting;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;

namespace Chexs.Bot.Teams;

public static class TeamsServices
{
    /// <summary>The Bot Framework edge: authentication, the adapter, the bot, its state and where it is installed.</summary>
    public static IServiceCollection AddChexsTeams(this IServiceCollection services, BotSetup setup)
    {
        services.AddChexsOptions<TeamsOptions>(TeamsOptions.Section);
        services.AddSingleton<ConversationState>();
        services.AddSingleton<UserState>();
        services.AddSingleton<InstallationStore>();
        services.AddSingleton<TeamsMessenger>();
        services.AddHttpClient(HttpFileUploader.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(60));
        services.AddSingleton<IFileUploader, HttpFileUploader>();
        // The SDK reads MicrosoftAppId/Password/TenantId/Type (and the OpenID metadata overrides) from configuration.
        services.AddSingleton<BotFrameworkAuthentication>(sp => new RejectBadTokens(
            new ConfigurationBotFrameworkAuthentication(
                sp.GetRequiredService<IConfiguration>(),
                httpClientFactory: sp.GetService<IHttpClientFactory>(),
                logger: sp.GetRequiredService<ILoggerFactory>().CreateLogger<ConfigurationBotFrameworkAuthentication>()),
            sp.GetRequiredService<ILogger<RejectBadTokens>>()));
        services.AddSingleton(sp =>
        {
            var adapter = ActivatorUtilities.CreateInstance<ChexsAdapter>(sp);
            adapter.Use(new Telemetry.TurnTelemetryMiddleware());
            return adapter;
        });
        services.AddSingleton<IBotFrameworkHttpAdapter>(sp => sp.GetRequiredService<ChexsAdapter>());
        services.AddSingleton<ChexsBot>();
        services.AddSingleton<IBot>(sp => sp.GetRequiredService<ChexsBot>());
        return services;
    }
}

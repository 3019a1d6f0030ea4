using Chexs.Bot.Hosting;
namespace Chexs.Bot.Preflight;

public static class PreflightRegistration
{
    /// <summary>Plain HttpClient for preflight's own Zoom and Entra calls: no retries, a check should say what happened the first time.</summary>
    public const string HttpClientName = "Chexs.Preflight";

    /// <summary>The checks in report order. Registered for the web host too, where managers run them read-only as <c>status</c>.</summary>
    public static IServiceCollection AddChexsPreflight(this IServiceCollection services, Hosting.BotSetup setup)
    {
        services.AddChexsOptions<PreflightOptions>(PreflightOptions.Section);
        services.AddChexsOptions<SecretExpiryOptions>(SecretExpiryOptions.Section);
        services.AddHttpClient(HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(20));
        services.AddSingleton<IPreflightDatabase, StorePreflightDatabase>();
        services.AddSingleton<IBotTokenSource, SdkBotTokenSource>();
        services.AddSingleton<IPreflightCheck, BotFrameworkCheck>();
        services.AddSingleton<IPreflightCheck, Graph.GraphPreflightChecks>();
        services.AddSingleton<IPreflightCheck, ZoomChecks>();
        services.AddSingleton<IPreflightCheck, StorageChecks>();
        services.AddSingleton<IPreflightCheck, SecretExpiryChecks>();
        services.AddSingleton<IPreflightCheck, PolicyReviewCheck>();
        services.AddSingleton<PreflightRunner>();
        services.AddSingleton<ManagerStatus>();
        return services;
    }
}

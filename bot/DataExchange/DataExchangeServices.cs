using Chexs.Bot.Hosting;
namespace Chexs.Bot.DataExchange;

public static class DataExchangeServices
{
    /// <summary>CSV import/export, and the development seed (never outside Development, never for command-line verbs).</summary>
    public static IServiceCollection AddChexsDataExchange(this IServiceCollection services, Hosting.BotSetup setup)
    {
        var (config, environment, forCommandLine) = (setup.Config, setup.Environment, setup.ForCommandLine);
        services.AddSingleton<PupilImport>();
        services.AddSingleton<ConsentImport>();
        services.AddSingleton<Exports>();

        // Managers' CSV files sent in Teams: downloaded without following redirects (the allowed-host check must see
        // where the bytes really come from) and imported by the running bot.
        services.AddChexsOptions<Uploads.UploadOptions>(Uploads.UploadOptions.Section)
            .Validate(o => o.DownloadTimeout > TimeSpan.Zero && o.PreviewLifetime > TimeSpan.Zero, "Uploads:DownloadTimeout and Uploads:PreviewLifetime must be positive.")
            .ValidateDataAnnotations();
        // Teams' download link is pre-authenticated (a token in its query string): the default HttpClient logging would
        // write it to the log at Information, so this client logs nothing (traces redact query strings by default).
        services.AddHttpClient(Uploads.UploadDownloader.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
            .RemoveAllLoggers();
        services.AddSingleton<Uploads.UploadDownloader>();
        services.AddSingleton<Uploads.PendingImports>();
        services.AddSingleton<Uploads.ManagerImport>();
        services.AddSingleton<CardActions.ICardActionHandler>(sp => sp.GetRequiredService<Uploads.ManagerImport>());
        if (environment.IsDevelopment() && !forCommandLine && config.GetValue("DevelopmentSeed:Enabled", true))
        {
            services.AddSingleton<DevelopmentSeed>(sp => ActivatorUtilities.CreateInstance<DevelopmentSeed>(sp));
            services.AddHostedService(sp => sp.GetRequiredService<DevelopmentSeed>());
        }
        return services;
    }
}

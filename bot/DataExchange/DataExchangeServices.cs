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
        if (environment.IsDevelopment() && !forCommandLine && config.GetValue("DevelopmentSeed:Enabled", true))
        {
            services.AddSingleton<DevelopmentSeed>(sp => ActivatorUtilities.CreateInstance<DevelopmentSeed>(sp));
            services.AddHostedService(sp => sp.GetRequiredService<DevelopmentSeed>());
        }
        return services;
    }
}

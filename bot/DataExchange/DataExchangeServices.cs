namespace Chexs.Bot.DataExchange;

public static class DataExchangeServices
{
    /// <summary>CSV import/export, and the development seed (never outside Development, never for command-line verbs).</summary>
    public static IServiceCollection AddChexsDataExchange(this IServiceCollection services, IHostEnvironment environment, IConfiguration config, bool forCommandLine)
    {
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

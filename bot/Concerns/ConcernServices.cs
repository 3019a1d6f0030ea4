using Chexs.Bot.CardActions;
using Chexs.Bot.Dialogs.Engine;
using Chexs.Bot.Hosting;

namespace Chexs.Bot.Concerns;

public static class ConcernServices
{
    /// <summary>Safeguarding concerns: the settings, the use cases, the dialog, commands, card buttons and the delivery worker.</summary>
    public static IServiceCollection AddChexsConcerns(this IServiceCollection services, BotSetup setup)
    {
        services.AddChexsOptions<ConcernsOptions>(ConcernsOptions.Section)
            .Validate(o => o.Problem() is null, "Safeguarding:ConcernKeepUntilAge must be at least 18 and Safeguarding:EmergencyPhone must be set.");
        services.AddSingleton<SafeguardingConcerns>();
        // What the rights requests and the inspection pack may know of concerns (counts, ids, dates); replaces their "none".
        services.AddSingleton<IConcernCounts, ConcernCounts>();
        services.AddSingleton<ConcernCards>();
        services.AddSingleton<ConcernCommands>();
        services.AddSingleton<ConcernExport>();
        services.AddSingleton<Dialog, RaiseConcernDialog>();
        services.AddSingleton<ICardActionHandler, ConcernCardActions>();
        services.AddSingleton<ConcernDeliveryWorker>();
        if (!setup.ForCommandLine)
        {
            services.AddHostedService(sp => sp.GetRequiredService<ConcernDeliveryWorker>());
        }
        return services;
    }
}

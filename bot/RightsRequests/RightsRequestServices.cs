using Chexs.Bot.Concerns;
using Chexs.Bot.Inspection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Chexs.Bot.RightsRequests;

public static class RightsRequestServices
{
    /// <summary>Rights requests (export/erase a person) and the inspection pack. Concerns plug in through <see cref="IConcernCounts"/>.</summary>
    public static IServiceCollection AddChexsRightsRequests(this IServiceCollection services, Hosting.BotSetup setup)
    {
        _ = setup;
        // The concerns feature registers its own IConcernCounts (AddSingleton wins over this TryAdd, in either order).
        services.TryAddSingleton<IConcernCounts, NoConcerns>();
        services.AddSingleton<PersonFinder>();
        services.AddSingleton<PersonHoldingsReader>();
        services.AddSingleton<PersonExport>();
        services.AddSingleton<PersonErasure>();
        services.AddSingleton<InspectionPack>();
        services.AddSingleton<CardActions.ICardActionHandler, ErasureCardActions>();
        return services;
    }
}

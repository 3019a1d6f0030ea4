using Chexs.Bot.CardActions;
using Chexs.Bot.Hosting;
using Chexs.Bot.Storage;

namespace Chexs.Bot.Cards;

public static class CardServices
{
    /// <summary>Card templates, the signer that makes card data tamper-evident, and the router of card clicks.</summary>
    public static IServiceCollection AddChexsCards(this IServiceCollection services, BotSetup setup)
    {
        var config = setup.Config;
        services.AddSingleton(sp => new CardActionSigner(() => SigningKeys.Resolve(config, sp.GetRequiredService<ISettingsStore>())));
        services.AddSingleton<CardActionRouter>();
        services.AddSingleton(sp => new CardTemplates(signer: sp.GetRequiredService<CardActionSigner>()));
        return services;
    }
}

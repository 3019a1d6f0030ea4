using Chexs.Bot.Hosting;
using Microsoft.Extensions.Options;

namespace Chexs.Bot.Safeguarding;

public static class SafeguardingServices
{
    /// <summary>The policy settings, the policy engine, the records service and consent withdrawal.</summary>
    public static IServiceCollection AddChexsSafeguarding(this IServiceCollection services, BotSetup setup)
    {
        var config = setup.Config;
        services.AddChexsOptions<SafeguardingOptions>(SafeguardingOptions.Section)
            .PostConfigure(o => ConcernsContactSettings.ApplyLegacyKeys(o, config))
            // The configuration binder appends configured list items to a list's defaults; configured G5
            // offsets must replace the default 24 hours and 15 minutes, not add to them.
            .PostConfigure(o =>
            {
                var offsets = config.GetSection($"{SafeguardingOptions.Section}:{nameof(SafeguardingOptions.ReminderOffsets)}");
                if (offsets.GetChildren().Any())
                {
                    o.ReminderOffsets = offsets.Get<List<TimeSpan>>() ?? new List<TimeSpan>();
                }
            });
        // The policy settings are fixed for the life of the process: the engine and the cards take the value itself.
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<SafeguardingOptions>>().Value);
        services.AddSingleton<OrgCalendar>();
        services.AddSingleton<PolicyEngine>();
        services.AddSingleton<SafeguardingRecords>();
        services.AddSingleton<ConsentWithdrawals>();
        // ISessionCancellation (what a withdrawal calls to cancel a session) is the full cancellation in Sessions/.
        return services;
    }
}

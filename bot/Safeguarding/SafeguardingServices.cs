using Microsoft.Extensions.Options;

namespace Chexs.Bot.Safeguarding;

public static class SafeguardingServices
{
    /// <summary>The policy engine, the records service and consent withdrawal.</summary>
    public static IServiceCollection AddChexsSafeguarding(this IServiceCollection services)
    {
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<SafeguardingOptions>>().Value);
        services.AddSingleton<OrgCalendar>();
        services.AddSingleton<PolicyEngine>();
        services.AddSingleton<SafeguardingRecords>();
        services.AddSingleton<ConsentWithdrawals>();
        // ISessionCancellation (what a withdrawal calls to cancel a session) is the full cancellation in Sessions/.
        return services;
    }
}

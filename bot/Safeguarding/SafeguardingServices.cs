using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Chexs.Bot.Safeguarding;

public static class SafeguardingServices
{
    /// <summary>The policy engine, the records service, consent withdrawal and the default session cancellation.</summary>
    public static IServiceCollection AddChexsSafeguarding(this IServiceCollection services)
    {
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<SafeguardingOptions>>().Value);
        services.AddSingleton<OrgCalendar>();
        services.AddSingleton<PolicyEngine>();
        services.AddSingleton<SafeguardingRecords>();
        services.AddSingleton<ConsentWithdrawals>();
        // The session step that cancels Zoom meetings and tells guardians replaces this (register it before, or use Replace).
        services.TryAddSingleton<ISessionCancellation, RecordOnlySessionCancellation>();
        return services;
    }
}

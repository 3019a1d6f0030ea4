using Chexs.Bot.Hosting;
using Azure.Core;
using Chexs.Bot.HostCalendar;
using Chexs.Bot.Invitations;
using Chexs.Bot.Roles;
using Chexs.Bot.Safeguarding;
using Microsoft.Extensions.Options;
using Microsoft.Graph;

namespace Chexs.Bot.Graph;

/// <summary>Whether this process talks to Microsoft 365 or runs offline (decided once, at startup).</summary>
public sealed record Microsoft365Mode(bool Offline);

public static class Microsoft365Registration
{
    /// <summary>
    /// Roles (<see cref="IStaffDirectory"/>), guardian emails (<see cref="GuardianInvitations"/> + worker) and
    /// host calendars (<see cref="HostCalendarUpdates"/> + worker), on Microsoft Graph or offline.
    /// Throws in Production when Graph settings are missing and Graph:Offline is not set.
    /// </summary>
    public static IServiceCollection AddChexsMicrosoft365(this IServiceCollection services, Hosting.BotSetup setup)
    {
        var (config, env, forCommandLine) = (setup.Config, setup.Environment, setup.ForCommandLine);
        var section = config.GetSection(GraphOptions.Section);
        services.AddChexsOptions<GraphOptions>(GraphOptions.Section);

        // Refuse to start now, naming what is missing, rather than fail on the first booking.
        // Command-line verbs (imports, exports) send nothing, so they never need Microsoft 365 settings.
        var options = section.Get<GraphOptions>() ?? new GraphOptions();
        var offline = forCommandLine
            ? options.Offline || GraphStartupGuard.MissingCredentials(options).Count > 0
            : GraphStartupGuard.DecideOffline(options, ConcernsContactSettings.Read(config), env);
        services.AddSingleton(new Microsoft365Mode(offline));

        if (offline)
        {
            services.AddSingleton<IStaffDirectory, OfflineStaffDirectory>();
            services.AddSingleton<IMailSender, PickupFolderMailSender>();
            services.AddSingleton<IHostCalendar, LoggingHostCalendar>();
        }
        else
        {
            services.AddSingleton<TokenCredential>(sp => GraphClients.CredentialFrom(sp.GetRequiredService<IOptions<GraphOptions>>().Value));
            services.AddSingleton(sp => GraphClients.Create(sp.GetRequiredService<IOptions<GraphOptions>>().Value, sp.GetRequiredService<TokenCredential>()));
            services.AddSingleton<GraphStaffDirectory>();
            services.AddSingleton<IStaffDirectory>(sp => new CachedStaffDirectory(
                sp.GetRequiredService<GraphStaffDirectory>(), sp.GetRequiredService<IOptions<GraphOptions>>(), sp.GetRequiredService<TimeProvider>()));
            services.AddSingleton<IMailSender, GraphMailSender>();
            services.AddSingleton<IHostCalendar, GraphHostCalendar>();
        }

        services.AddSingleton<InvitationComposer>();
        services.AddSingleton<GuardianInvitations>();
        services.AddSingleton<HostCalendarUpdates>();
        services.AddSingleton<GuardianEmailWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<GuardianEmailWorker>());
        services.AddSingleton<HostCalendarWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<HostCalendarWorker>());
        return services;
    }
}

using Chexs.Bot.Graph;
using Chexs.Bot.HostCalendar;
using Chexs.Bot.Invitations;
using Chexs.Bot.Records;
using Chexs.Bot.Roles;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace Chexs.Bot.Tests.Graph;

public sealed class Microsoft365StartupTests
{
    private sealed class Env(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "CHEXS.Bot";
        public string ContentRootPath { get; set; } = Path.GetTempPath();
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }

    private static readonly Dictionary<string, string?> Complete = new()
    {
        ["Graph:TenantId"] = "00000000-0000-0000-0000-0000000000aa",
        ["Graph:ClientId"] = "client",
        ["Graph:ClientSecret"] = "from-the-environment",
        ["Graph:StaffGroupId"] = Ids.StaffGroup,
        ["Graph:ManagersGroupId"] = Ids.ManagersGroup,
        ["Graph:SharedMailbox"] = Ids.Mailbox,
        ["Safeguarding:ConcernsContactName"] = "Morgan Manager",
        ["Safeguarding:ConcernsContactEmail"] = "safeguarding@chexs.example",
    };

    private static ServiceProvider Build(Dictionary<string, string?> settings, string environment)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IHostEnvironment>(new Env(environment));
        Storage.LiteDb.LiteDbStorageRegistration.AddChexsLiteDbStorage(services, _ => Path.Combine(Path.GetTempPath(), "chexs-graph-tests", Guid.NewGuid().ToString("N"), "c.db"));
        services.AddSingleton<Notices.StaffNotices>();
        services.AddSingleton<IConfiguration>(config);
        services.AddChexsMicrosoft365(new Hosting.BotSetup(config, new Env(environment), ForCommandLine: false));
        return services.BuildServiceProvider();
    }

    [Fact]
    public void Production_refuses_to_start_without_Graph_settings_and_names_each_one()
    {
        var e = Assert.Throws<Chexs.Bot.Hosting.StartupRefusedException>(() => Build(new(), Environments.Production));
        foreach (var name in new[] { "Graph:TenantId", "Graph:ClientId", "Graph:ClientSecret", "Graph:SharedMailbox", "Graph:StaffGroupId", "Graph:ManagersGroupId", "Graph:ConcernsContactName" })
        {
            Assert.Contains(name, e.Message);
        }

        var one = new Dictionary<string, string?>(Complete) { ["Graph:ClientSecret"] = "" };
        var missingSecret = Assert.Throws<Chexs.Bot.Hosting.StartupRefusedException>(() => Build(one, Environments.Production));
        Assert.Contains("Graph:ClientSecret", missingSecret.Message);
        Assert.DoesNotContain("Graph:TenantId", missingSecret.Message);
    }

    [Fact]
    public void Production_with_complete_settings_uses_Graph()
    {
        using var sp = Build(Complete, Environments.Production);
        Assert.False(sp.GetRequiredService<Microsoft365Mode>().Offline);
        Assert.IsType<CachedStaffDirectory>(sp.GetRequiredService<IStaffDirectory>());
        Assert.IsType<GraphMailSender>(sp.GetRequiredService<IMailSender>());
        Assert.IsType<GraphHostCalendar>(sp.GetRequiredService<IHostCalendar>());
    }

    [Fact]
    public void Production_runs_offline_only_when_asked_by_name_and_still_needs_the_concerns_contact()
    {
        using var sp = Build(new() { ["Graph:Offline"] = "true", ["Safeguarding:ConcernsContactName"] = "Morgan", ["Safeguarding:ConcernsContactPhone"] = "020 7946 0000" }, Environments.Production);
        Assert.True(sp.GetRequiredService<Microsoft365Mode>().Offline);

        var e = Assert.Throws<Chexs.Bot.Hosting.StartupRefusedException>(() => Build(new() { ["Graph:Offline"] = "true" }, Environments.Production));
        Assert.Contains("Graph:ConcernsContactName", e.Message);
        Assert.DoesNotContain("Graph:ClientSecret", e.Message);
    }

    [Fact]
    public void Production_still_accepts_the_concerns_contact_under_its_old_Graph_keys_for_one_release()
    {
        var old = new Dictionary<string, string?>(Complete.Where(s => !s.Key.StartsWith("Safeguarding:")))
        {
            ["Graph:ConcernsContactName"] = "Morgan Manager",
            ["Graph:ConcernsContactEmail"] = "safeguarding@chexs.example",
        };
        using var sp = Build(old, Environments.Production);
        Assert.False(sp.GetRequiredService<Microsoft365Mode>().Offline);
    }

    [Fact]
    public void Development_without_credentials_runs_offline()
    {
        using var sp = Build(new(), Environments.Development);
        Assert.True(sp.GetRequiredService<Microsoft365Mode>().Offline);
        Assert.IsType<OfflineStaffDirectory>(sp.GetRequiredService<IStaffDirectory>());
        Assert.IsType<PickupFolderMailSender>(sp.GetRequiredService<IMailSender>());
        Assert.IsType<LoggingHostCalendar>(sp.GetRequiredService<IHostCalendar>());
        Assert.Equal(2, sp.GetServices<IHostedService>().Count());
    }

    [Fact]
    public async Task The_development_settings_give_the_documented_identities_their_roles()
    {
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.UseEnvironment(Environments.Development));
        var directory = factory.Services.GetRequiredService<IStaffDirectory>();

        Assert.True(factory.Services.GetRequiredService<Microsoft365Mode>().Offline);
        Assert.Equal(StaffRole.Staff, await directory.GetRoleAsync(Ids.Alex));
        Assert.Equal(StaffRole.Manager, await directory.GetRoleAsync(Ids.Morgan));
        Assert.Equal(StaffRole.Manager, await directory.GetRoleAsync(Ids.Jordan));
        Assert.Null(await directory.GetRoleAsync(Ids.Casey));
        Assert.Equal((Ids.Morgan, "Morgan Manager"), await directory.GetLineManagerAsync(Ids.Alex));
    }
}

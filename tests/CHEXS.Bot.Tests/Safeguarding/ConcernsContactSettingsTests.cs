using Chexs.Bot.Hosting;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Tests.Foundation;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Chexs.Bot.Tests.Safeguarding;

/// <summary>P14's contact lives in the Safeguarding settings; the old Graph keys are still read for one release, with a warning.</summary>
public sealed class ConcernsContactSettingsTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static IConfiguration Config(Dictionary<string, string?> settings) => new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

    [Fact]
    public void The_safeguarding_keys_win_and_each_empty_one_falls_back_to_its_old_graph_key()
    {
        var config = Config(new()
        {
            ["Safeguarding:ConcernsContactName"] = "Morgan Manager",
            ["Graph:ConcernsContactName"] = "Old Name",
            ["Graph:ConcernsContactPhone"] = "020 7946 0000",
        });

        var contact = ConcernsContactSettings.Read(config);

        Assert.Equal("Morgan Manager", contact.ConcernsContactName);
        Assert.Equal("020 7946 0000", contact.ConcernsContactPhone);
        Assert.True(contact.HasConcernsContact);
        Assert.Equal(["Graph:ConcernsContactPhone"], ConcernsContactSettings.LegacyKeysInUse(config));
        Assert.Empty(ConcernsContactSettings.LegacyKeysInUse(Config(new() { ["Safeguarding:ConcernsContactName"] = "Morgan Manager" })));
    }

    [Fact]
    public void A_bot_configured_only_with_the_old_keys_still_names_the_contact_and_warns_at_startup()
    {
        var logs = new CapturingLoggerProvider();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Development",
            ContentRootPath = _folder.Path, // no appsettings files: only the settings below
            Args = [$"--Database:Path={_folder.File("bot.db")}", "--Zoom:Simulate=true", "--Graph:ConcernsContactName=Morgan Manager", "--Graph:ConcernsContactEmail=safeguarding@chexs.example"],
        });
        builder.Logging.AddProvider(logs);
        builder.AddChexsBot();
        using var app = builder.Build();
        app.MapChexsBot();

        var options = app.Services.GetRequiredService<IOptions<SafeguardingOptions>>().Value;
        Assert.Equal("Morgan Manager", options.ConcernsContactName);
        Assert.Equal("safeguarding@chexs.example", options.ConcernsContactEmail);
        Assert.Contains(logs.Messages, m => m.Contains("Graph:ConcernsContactName") && m.Contains("Safeguarding:ConcernsContactName") && m.Contains("next release"));
    }
}

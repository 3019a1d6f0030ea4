using System.Diagnostics;
using Chexs.Bot.Hosting;
using Chexs.Bot.Tests.Foundation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Chexs.Bot.Tests.Edges;

/// <summary>
/// Without an app id the bot accepts unauthenticated requests, so however its listening addresses are
/// configured it ends up on loopback — or does not start. Real Kestrel, port 0 (the OS picks a free port).
/// </summary>
public sealed class LoopbackOnlyStartupTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string[]> EveryInterface() => new()
    {
        new[] { "--Kestrel:Endpoints:Http:Url=http://0.0.0.0:0" },
        new[] { "--Kestrel:Endpoints:Http:Url=http://[::]:0" },
        new[] { "--Kestrel:Endpoints:Any:Url=http://*:0", "--Kestrel:Endpoints:Plus:Url=http://+:0" },
        new[] { "--urls=http://0.0.0.0:0", "--Kestrel:Endpoints:Http:Url=http://example.org:0" },
        new[] { "--urls=http://+:0;http://[::]:0" },
        new[] { "--http_ports=0" },
    };

    [Theory]
    [MemberData(nameof(EveryInterface))]
    public async Task Every_way_of_configuring_an_endpoint_ends_on_loopback(string[] settings)
    {
        var builder = Builder(settings);
        await using var app = builder.Build();
        app.MapChexsBot();
        await app.StartAsync();
        try
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
            Assert.NotEmpty(addresses);
            Assert.All(addresses, a => Assert.StartsWith("http://127.0.0.1:", a));
        }
        finally
        {
            await app.StopAsync();
        }
    }

    [Fact]
    public async Task Listening_on_every_interface_from_code_stops_the_bot_at_start_up()
    {
        var builder = Builder([]);
        // Code, not configuration: nothing to rewrite, so the bound address itself is checked.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenAnyIP(0));
        await using var app = builder.Build();
        app.MapChexsBot();

        var refusal = await Assert.ThrowsAsync<InvalidOperationException>(() => app.StartAsync());
        Assert.Contains("loopback", refusal.Message);
        Assert.Contains("MicrosoftAppId", refusal.Message);
    }

    /// <summary>The campaign's exact command: Development settings, no app id, a Kestrel endpoint from the environment.</summary>
    [Fact]
    public async Task The_bot_started_with_a_Kestrel_endpoint_on_every_interface_listens_on_loopback()
    {
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "CHEXS.Bot.dll") },
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment["Kestrel__Endpoints__Http__Url"] = "http://0.0.0.0:0";
        info.Environment["Database__Path"] = _folder.File("bot.db");
        info.Environment["Graph__PickupFolder"] = _folder.File("mail");
        info.Environment["DevelopmentSeed__Enabled"] = "false";
        info.Environment["MicrosoftAppId"] = "";
        info.Environment.Remove("ASPNETCORE_URLS");
        info.Environment.Remove("DOTNET_URLS");

        using var bot = Process.Start(info)!;
        var listening = new List<string>();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (await bot.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.Contains("Now listening on:", StringComparison.Ordinal)) listening.Add(line[(line.IndexOf("Now listening on:", StringComparison.Ordinal) + 17)..].Trim());
                if (line.Contains("Application started", StringComparison.Ordinal)) break;
            }
        }
        finally
        {
            if (!bot.HasExited) bot.Kill(entireProcessTree: true);
            await bot.WaitForExitAsync();
        }
        Assert.NotEmpty(listening);
        Assert.All(listening, a => Assert.StartsWith("http://127.0.0.1:", a));
    }

    [Theory]
    [InlineData("http://127.0.0.1:80", true)]
    [InlineData("http://localhost:3978", true)]
    [InlineData("https://[::1]:443", true)]
    [InlineData("http://unix:/run/chexs.sock", true)]
    [InlineData("http://0.0.0.0:80", false)]
    [InlineData("http://[::]:80", false)]
    [InlineData("http://10.0.0.5:80", false)]
    [InlineData("http://example.org:80", false)]
    public void Only_loopback_addresses_count_as_local(string address, bool local)
    {
        Assert.Equal(local, LoopbackOnly.IsLocal(address));
    }

    private WebApplicationBuilder Builder(string[] settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Development",
            Args = [.. settings, $"--Database:Path={_folder.File("bot.db")}", $"--Graph:PickupFolder={_folder.File("mail")}", "--DevelopmentSeed:Enabled=false"],
        });
        builder.AddChexsBot();
        return builder;
    }
}

using System.Collections.Concurrent;
using Chexs.Bot.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Chexs.Bot.Tests.Foundation;

/// <summary>Security defaults at start-up: refuse Production without credentials; loopback only without an app id.</summary>
public sealed class StartupTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Production_without_credentials_refuses_to_start_and_names_every_missing_setting()
    {
        using var app = new BotAppFactory(_folder.File("bot.db"), environment: "Production");
        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        var message = Innermost(error).Message;
        Assert.Contains("MicrosoftAppId", message);
        Assert.Contains("MicrosoftAppPassword", message);
        Assert.Contains("MicrosoftAppTenantId", message);
    }

    [Fact]
    public void Production_with_only_the_password_missing_names_only_the_password()
    {
        using var app = new BotAppFactory(_folder.File("bot.db"), new Dictionary<string, string?>
        {
            ["MicrosoftAppType"] = "SingleTenant",
            ["MicrosoftAppId"] = "11111111-2222-3333-4444-555555555555",
            ["MicrosoftAppTenantId"] = TeamsActivities.TenantId,
        }, environment: "Production");
        var message = Innermost(Assert.ThrowsAny<Exception>(() => app.CreateClient())).Message;
        Assert.Contains("MicrosoftAppPassword", message);
        Assert.DoesNotContain("MicrosoftAppId,", message);
        Assert.DoesNotContain("MicrosoftAppTenantId", message);
    }

    [Fact]
    public async Task Production_with_complete_credentials_starts()
    {
        await using var app = new BotAppFactory(_folder.File("bot.db"), new Dictionary<string, string?>
        {
            ["MicrosoftAppType"] = "SingleTenant",
            ["MicrosoftAppId"] = "11111111-2222-3333-4444-555555555555",
            ["MicrosoftAppPassword"] = "from-the-environment",
            ["MicrosoftAppTenantId"] = TeamsActivities.TenantId,
            ["Zoom:Simulate"] = "true",
            ["Graph:Offline"] = "true",
            ["Safeguarding:ConcernsContactName"] = "Morgan Manager",
            ["Safeguarding:ConcernsContactEmail"] = "morgan.manager@chexs.example",
        }, environment: "Production");
        using var response = await app.CreateClient().GetAsync("/healthz");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Without_an_app_id_the_bot_listens_on_loopback_only_and_says_so()
    {
        var logs = new CapturingLoggerProvider();
        // Asked to listen on every interface; must end up on 127.0.0.1 only.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Development",
            Args = new[] { "--urls=http://0.0.0.0:0", $"--Database:Path={_folder.File("bot.db")}" },
        });
        builder.Logging.AddProvider(logs);
        builder.AddChexsBot();
        await using var app = builder.Build();
        app.MapChexsBot();
        await app.StartAsync();
        try
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
            Assert.NotEmpty(addresses);
            Assert.All(addresses, a => Assert.StartsWith("http://127.0.0.1:", a));
            Assert.Contains(logs.Messages, m => m.Contains("unauthenticated") && m.Contains("loopback (127.0.0.1) only"));
        }
        finally
        {
            await app.StopAsync();
        }
    }

    [Theory]
    [InlineData(null, "http://127.0.0.1:3978")]
    [InlineData("http://0.0.0.0:5000", "http://127.0.0.1:5000")]
    [InlineData("http://+:80;https://*:8443/", "http://127.0.0.1:80;https://127.0.0.1:8443")]
    [InlineData("http://[::]:3978", "http://127.0.0.1:3978")]
    [InlineData("http://example.org", "http://127.0.0.1:80")]
    public void Loopback_only_rewrites_every_url_to_127_0_0_1_on_the_same_port(string? urls, string expected)
    {
        Assert.Equal(expected.Split(';'), StartupGuards.LoopbackOnly(urls));
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return e;
    }
}

/// <summary>Keeps every formatted log message, for asserting what the bot says at start-up.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _messages = new();

    public IReadOnlyCollection<string> Messages => _messages.ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(_messages);

    public void Dispose() { }

    private sealed class Logger(ConcurrentQueue<string> messages) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            messages.Enqueue(formatter(state, exception));
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using Chexs.Bot.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;

namespace Chexs.Bot.Tests.Foundation;

/// <summary>Security defaults at start-up: refuse Production without credentials; loopback only without an app id.</summary>
public sealed class StartupTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static IReadOnlyList<string> ProblemsFor(Dictionary<string, string?> settings) =>
        ProductionSettings.Problems(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), new HostingEnvironment { EnvironmentName = "Production" });

    [Fact]
    public void Production_without_credentials_refuses_to_start_and_names_every_missing_setting()
    {
        var problems = ProblemsFor(new());

        Assert.Contains(problems, p => p.StartsWith("MicrosoftAppId is not set. Set the environment variable MicrosoftAppId", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("MicrosoftAppTenantId is not set.", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("MicrosoftAppPassword is not set.", StringComparison.Ordinal) && p.Contains("secret store") && p.Contains("never put it in a file in the repository"));
        Assert.Contains(problems, p => p.StartsWith("Graph:ClientSecret is not set. Set the environment variable Graph__ClientSecret", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Zoom:ClientSecret is not set. Set the environment variable Zoom__ClientSecret", StringComparison.Ordinal));
        // Never the old advice to put secrets in appsettings.Production.json.
        Assert.DoesNotContain(problems, p => p.Contains("appsettings", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Production_with_only_the_password_missing_names_only_the_password()
    {
        var problems = ProblemsFor(new()
        {
            ["MicrosoftAppType"] = "SingleTenant",
            ["MicrosoftAppId"] = "11111111-2222-3333-4444-555555555555",
            ["MicrosoftAppTenantId"] = TeamsActivities.TenantId,
            ["Zoom:Simulate"] = "true",
            ["Graph:Offline"] = "true",
            ["Graph:ConcernsContactName"] = "Morgan Manager",
            ["Graph:ConcernsContactEmail"] = "morgan.manager@chexs.example",
        });

        var only = Assert.Single(problems);
        Assert.StartsWith("MicrosoftAppPassword is not set.", only);
    }

    [Fact]
    public void Invalid_values_are_named_with_the_variable_to_fix_in_any_environment()
    {
        var settings = new Dictionary<string, string?> { ["Zoom:AttemptTimeout"] = "ten seconds", ["Graph:Auth"] = "Password", ["MicrosoftAppType"] = "SingleTenant" };
        var problems = ProductionSettings.Problems(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), new HostingEnvironment { EnvironmentName = "Development" });

        Assert.Contains("Zoom:AttemptTimeout has a value that is not valid (a duration such as 00:00:30 or 1.00:00:00). Fix the environment variable Zoom__AttemptTimeout.", problems);
        Assert.Contains(problems, p => p.StartsWith("Graph:Auth has a value that is not valid (one of: ClientSecret, Certificate, ManagedIdentity, FederatedManagedIdentity)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_real_process_refuses_with_exit_code_2_one_line_per_problem_and_no_stack_trace()
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "CHEXS.Bot.dll")])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = _folder.Path,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Database__Path"] = _folder.File("bot.db");
        start.Environment["Graph__ClientId"] = "2d9e7c40-5a61-4f3b-8e27-b1c0d4f6a815";
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        var error = await stderr + await stdout;

        Assert.Equal(2, process.ExitCode);
        Assert.StartsWith("CHEXS Bot will not start. Fix each of these, then start it again:", error);
        Assert.Contains("  - MicrosoftAppId is not set.", error);
        Assert.Contains("  - Graph:ClientSecret is not set.", error);
        Assert.DoesNotContain("  - Graph:ClientId", error);
        Assert.Contains("  - Zoom:WebhookSecretToken is not set.", error);
        Assert.DoesNotContain("   at ", error);          // no stack frame
        Assert.DoesNotContain("Unhandled exception", error);
        Assert.DoesNotContain("appsettings.Production.json", error);
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

using Chexs.Bot.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Chexs.Bot.Zoom;

/// <summary>Registers Zoom: the real client or the simulator, the intent reconciler and the webhook pieces.</summary>
public static class ZoomHosting
{
    /// <summary>
    /// Real Zoom when credentials are configured. The simulator when Zoom:Simulate is true, or outside
    /// Production when credentials are missing. Production without credentials (and without
    /// Zoom:Simulate) refuses to start, naming the missing settings (see <see cref="ZoomStartupGuard"/>).
    /// </summary>
    public static IServiceCollection AddChexsZoom(this IServiceCollection services, Hosting.BotSetup setup)
    {
        var (config, env) = (setup.Config, setup.Environment);
        var section = config.GetSection(ZoomOptions.Section);
        services.AddChexsOptions<ZoomOptions>(ZoomOptions.Section);
        var options = section.Get<ZoomOptions>() ?? new ZoomOptions();
        var missing = ZoomStartupGuard.MissingSettings(options);
        var simulate = options.Simulate || (missing.Count > 0 && !env.IsProduction());

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(new ZoomMode(simulate, missing));
        services.AddHostedService<ZoomStartupGuard>();
        services.AddSingleton<ZoomMeetingIntents>();
        services.AddSingleton<ZoomWebhookProcessor>();
        services.AddSingleton<ZoomEventDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<ZoomEventDispatcher>());

        if (simulate)
        {
            services.AddSingleton<IZoomMeetings, SimulatedZoomMeetings>();
            return services;
        }

        services.AddSingleton<ZoomAccessTokens>();
        services.AddTransient<ZoomBearerHandler>();
        services.AddHttpClient(ZoomAccessTokens.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .AddHttpMessageHandler(() => new Telemetry.DependencyCallHandler("zoom"))
            .AddResilienceHandler("zoom-oauth", (builder, context) =>
                ZoomResilience.Configure(builder, Current(context.ServiceProvider), context.ServiceProvider.GetRequiredService<TimeProvider>(), createsAreUnsafe: false));
        var api = services.AddHttpClient<ZoomApi>((sp, c) =>
            {
                var o = Current(sp);
                c.BaseAddress = new Uri(o.ApiBaseUrl.EndsWith('/') ? o.ApiBaseUrl : o.ApiBaseUrl + "/");
                // The resilience pipeline owns timeouts (per attempt and in total).
                c.Timeout = Timeout.InfiniteTimeSpan;
            });
        // Before the resilience handler, so one span covers a call and its retries.
        api.AddHttpMessageHandler(() => new Telemetry.DependencyCallHandler("zoom"));
        api.AddResilienceHandler("zoom-api", (builder, context) =>
            ZoomResilience.Configure(builder, Current(context.ServiceProvider), context.ServiceProvider.GetRequiredService<TimeProvider>(), createsAreUnsafe: true));
        // Added after the resilience handler, so it runs inside the retries: every attempt carries a current token.
        api.AddHttpMessageHandler<ZoomBearerHandler>();
        services.AddTransient<IZoomMeetings, ZoomMeetings>();
        services.AddSingleton<ZoomIntentReconciler>();
        services.AddHostedService(sp => sp.GetRequiredService<ZoomIntentReconciler>());
        return services;
    }

    /// <summary>Maps POST /api/zoom/webhook (see <see cref="ZoomWebhook"/>).</summary>
    public static IEndpointConventionBuilder MapZoomWebhook(this IEndpointRouteBuilder endpoints) => ZoomWebhook.Map(endpoints);

    private static ZoomOptions Current(IServiceProvider sp) => sp.GetRequiredService<IOptions<ZoomOptions>>().Value;
}

/// <summary>Which Zoom this process talks to, decided at startup.</summary>
public sealed record ZoomMode(bool Simulated, IReadOnlyList<string> MissingSettings);

/// <summary>Checks the Zoom configuration when the host starts (not for command-line verbs).</summary>
public sealed class ZoomStartupGuard : IHostedService
{
    private readonly ZoomMode _mode;
    private readonly IHostEnvironment _env;
    private readonly ZoomOptions _options;
    private readonly ILogger<ZoomStartupGuard> _log;

    public ZoomStartupGuard(ZoomMode mode, IHostEnvironment env, IOptions<ZoomOptions> options, ILogger<ZoomStartupGuard> log)
    {
        _mode = mode;
        _env = env;
        _options = options.Value;
        _log = log;
    }

    /// <summary>The secrets a real Zoom connection needs and lacks, by configuration key.</summary>
    public static IReadOnlyList<string> MissingSettings(ZoomOptions options)
    {
        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(options.AccountId)) missing.Add("Zoom:AccountId");
        if (string.IsNullOrWhiteSpace(options.ClientId)) missing.Add("Zoom:ClientId");
        if (string.IsNullOrWhiteSpace(options.ClientSecret)) missing.Add("Zoom:ClientSecret");
        if (string.IsNullOrWhiteSpace(options.WebhookSecretToken)) missing.Add("Zoom:WebhookSecretToken");
        return missing;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_mode.Simulated)
        {
            var why = _options.Simulate ? "Zoom:Simulate is true" : $"missing {string.Join(", ", _mode.MissingSettings)}";
            _log.LogWarning("Zoom is SIMULATED ({Why}): meetings are made up locally and marked simulated; nobody can join them.", why);
            if (!_env.IsDevelopment() && !_options.Simulate)
                _log.LogWarning("Simulating Zoom outside Development because credentials are missing. Set them, or Zoom:Simulate=true to say so on purpose.");
            return Task.CompletedTask;
        }
        if (_mode.MissingSettings.Count > 0)
        {
            throw new Hosting.StartupRefusedException(ProductionProblems(_mode.MissingSettings));
        }
        return Task.CompletedTask;
    }

    /// <summary>One sentence per missing Zoom secret (all four come from the secret store), then the way out on purpose.</summary>
    public static IReadOnlyList<string> ProductionProblems(IReadOnlyList<string> missing) =>
        missing.Count == 0
            ? []
            : [.. missing.Select(key => Hosting.StartupRefusal.Missing(key, secret: true)),
               "To run without Zoom on purpose (simulated meetings nobody can join), set Zoom__Simulate=true instead."];

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

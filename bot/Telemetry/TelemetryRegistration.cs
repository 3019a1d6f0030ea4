using Chexs.Bot.Hosting;
using Azure.Monitor.OpenTelemetry.AspNetCore;
using Chexs.Bot.HostCalendar;
using Chexs.Bot.Invitations;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Instrumentation.AspNetCore;
using OpenTelemetry.Instrumentation.Http;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Chexs.Bot.Telemetry;

public static class TelemetryRegistration
{
    /// <summary>
    /// The spans and instruments are always in place (they cost nothing without a listener); the OpenTelemetry
    /// SDK, its instrumentation and an exporter are added only when Telemetry:Exporter names one.
    /// Call after the Microsoft 365 registration: it decorates the mail sender and host calendar.
    /// </summary>
    public static IServiceCollection AddChexsTelemetry(this IServiceCollection services, Hosting.BotSetup setup)
    {
        var (config, forCommandLine) = (setup.Config, setup.ForCommandLine);
        var section = config.GetSection(TelemetryOptions.Section);
        services.AddChexsOptions<TelemetryOptions>(TelemetryOptions.Section);
        services.Decorate<IMailSender>(inner => new TracedMailSender(inner));
        services.Decorate<IHostCalendar>(inner => new TracedHostCalendar(inner));
        if (forCommandLine) return services;

        services.AddSingleton<IOutboxStats, StoreOutboxStats>();
        services.AddHostedService<OutboxGauges>();

        var options = section.Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (options.Exporter == TelemetryExporter.None) return services;

        // Whoever adds the instrumentation (us, or the Azure Monitor distro), these options apply.
        services.Configure<HttpClientTraceInstrumentationOptions>(o =>
            o.EnrichWithHttpRequestMessage = (activity, request) => activity.SetTag("url.full", UrlRedaction.Redact(request.RequestUri)));
        services.Configure<AspNetCoreTraceInstrumentationOptions>(o =>
            o.Filter = http => !http.Request.Path.StartsWithSegments("/healthz"));

        var otel = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(options.ServiceName))
            .WithTracing(t => t.AddSource(ChexsTelemetry.Name))
            .WithMetrics(m => m.AddMeter(ChexsTelemetry.Name));

        if (options.Exporter == TelemetryExporter.AzureMonitor)
        {
            // The distro brings ASP.NET Core and HttpClient instrumentation (and log export) with it.
            otel.UseAzureMonitor(o => o.ConnectionString = options.EffectiveAzureMonitorConnectionString);
            return services;
        }

        otel.WithTracing(t => t.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation())
            .WithMetrics(m => m.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation());
        var protocol = options.OtlpProtocol == "http/protobuf" ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
        if (string.IsNullOrWhiteSpace(options.OtlpEndpoint))
            otel.UseOtlpExporter();
        else
            otel.UseOtlpExporter(protocol, new Uri(options.OtlpEndpoint));
        return services;
    }

    /// <summary>Replaces the last registration of <typeparamref name="T"/> with a wrapper around it (same lifetime).</summary>
    internal static void Decorate<T>(this IServiceCollection services, Func<T, T> wrap) where T : class
    {
        var index = services.Select((d, i) => (d, i)).LastOrDefault(x => x.d.ServiceType == typeof(T) && !x.d.IsKeyedService);
        if (index.d is null) return;
        var inner = index.d;
        services[index.i] = ServiceDescriptor.Describe(typeof(T), sp => wrap((T)Build(sp, inner)), inner.Lifetime);
    }

    private static object Build(IServiceProvider sp, ServiceDescriptor d) =>
        d.ImplementationInstance ?? d.ImplementationFactory?.Invoke(sp) ?? ActivatorUtilities.CreateInstance(sp, d.ImplementationType!);
}

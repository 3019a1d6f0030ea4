namespace Chexs.Bot.Telemetry;

/// <summary>Where traces and metrics go. <see cref="None"/> (the default) registers nothing at all.</summary>
public enum TelemetryExporter
{
    None,
    /// <summary>OpenTelemetry protocol to a collector (Grafana Alloy, the OpenTelemetry Collector, Aspire dashboard…).</summary>
    Otlp,
    /// <summary>Azure Monitor / Application Insights through the Azure Monitor OpenTelemetry distro.</summary>
    AzureMonitor,
}

/// <summary>
/// Telemetry settings (section "Telemetry"). Off by default: a charity running the bot on one small VM
/// should not pay for, or leak into, a telemetry back end it did not choose.
/// </summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    public TelemetryExporter Exporter { get; set; } = TelemetryExporter.None;

    /// <summary>OTLP endpoint, e.g. http://localhost:4317 (gRPC) or http://collector:4318 (HTTP). Empty: the exporter's default / OTEL_EXPORTER_OTLP_ENDPOINT.</summary>
    public string OtlpEndpoint { get; set; } = "";

    /// <summary>"grpc" (default) or "http/protobuf".</summary>
    public string OtlpProtocol { get; set; } = "grpc";

    /// <summary>Application Insights connection string. Secret-ish: environment or Key Vault only. Empty: APPLICATIONINSIGHTS_CONNECTION_STRING.</summary>
    public string AzureMonitorConnectionString { get; set; } = "";

    /// <summary>service.name on every span and metric.</summary>
    public string ServiceName { get; set; } = "chexs-bot";

    public string EffectiveAzureMonitorConnectionString =>
        string.IsNullOrWhiteSpace(AzureMonitorConnectionString)
            ? Environment.GetEnvironmentVariable("APPLICATIONINSIGHTS_CONNECTION_STRING") ?? ""
            : AzureMonitorConnectionString;

    /// <summary>Settings problems, one sentence each, for the start-up refusal.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Exporter == TelemetryExporter.AzureMonitor && string.IsNullOrWhiteSpace(EffectiveAzureMonitorConnectionString))
            problems.Add(Hosting.StartupRefusal.Missing("Telemetry:AzureMonitorConnectionString", secret: true) + " (APPLICATIONINSIGHTS_CONNECTION_STRING also works.)");
        if (Exporter == TelemetryExporter.Otlp && !string.IsNullOrWhiteSpace(OtlpEndpoint) && !Uri.TryCreate(OtlpEndpoint, UriKind.Absolute, out _))
            problems.Add($"Telemetry:OtlpEndpoint '{OtlpEndpoint}' is not an absolute URL such as http://localhost:4317.");
        if (Exporter == TelemetryExporter.Otlp && OtlpProtocol is not ("grpc" or "http/protobuf"))
            problems.Add($"Telemetry:OtlpProtocol must be grpc or http/protobuf, not '{OtlpProtocol}'.");
        return problems;
    }
}

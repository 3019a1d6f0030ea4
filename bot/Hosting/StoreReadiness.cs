using Chexs.Bot.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Chexs.Bot.Hosting;

/// <summary>
/// Ready means the store can read and write now: a header read said 200 while every turn failed after a disk-full
/// write, so readiness writes, reads back and deletes a marker. Its failure is logged with the reason; the response
/// carries only a status word (no exception text leaves the process).
/// </summary>
public sealed class StoreReadiness(IStoreHealth store, ILogger<StoreReadiness> log) : IHealthCheck
{
    public const string Name = "store";
    public const string Tag = "ready";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.ProbeWriteAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            log.LogError(e, "Readiness: the database {Location} cannot be written", store.Describe());
            return HealthCheckResult.Unhealthy("database unavailable");
        }
    }

    /// <summary>The body existing probes read: {"status":"ok"} or {"status":"database unavailable"}.</summary>
    public static Task WriteAsync(HttpContext http, HealthReport report) =>
        http.Response.WriteAsJsonAsync(new { status = report.Status == HealthStatus.Healthy ? "ok" : "database unavailable" });
}

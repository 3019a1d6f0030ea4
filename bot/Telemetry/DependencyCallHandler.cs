using System.Diagnostics;

namespace Chexs.Bot.Telemetry;

/// <summary>
/// One client span per Zoom or Graph call (outside the retry handler, so retries are its children when
/// HTTP instrumentation is on). Named by method and redacted path, so it says "graph POST
/// /v1.0/users/{id}/sendMail", never whose mailbox or which guardian.
/// </summary>
public sealed class DependencyCallHandler(string system) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var template = UrlRedaction.Path(request.RequestUri is { IsAbsoluteUri: true } uri ? uri.AbsolutePath : (request.RequestUri?.OriginalString ?? "").Split('?')[0]);
        using var activity = ChexsTelemetry.Source.StartActivity($"{system} {request.Method.Method} {template}", ActivityKind.Client);
        activity?.SetTag("chexs.dependency", system);
        activity?.SetTag("http.request.method", request.Method.Method);
        activity?.SetTag("url.template", template);
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            activity?.SetTag("http.response.status_code", (int)response.StatusCode);
            if (!response.IsSuccessStatusCode) activity?.SetStatus(ActivityStatusCode.Error, $"HTTP {(int)response.StatusCode}");
            return response;
        }
        catch (Exception e)
        {
            ChexsTelemetry.Fail(activity, e);
            throw;
        }
    }
}

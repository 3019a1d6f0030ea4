using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Chexs.Bot.Zoom;

/// <summary>
/// POST /api/zoom/webhook: Zoom's event notifications. Every request, the URL-validation challenge
/// included, must carry a valid x-zm-signature over a timestamp no more than
/// <see cref="ZoomOptions.WebhookMaxAge"/> from now; otherwise 401. (Answering an unsigned challenge would
/// let anyone obtain HMAC(secret, text of their choice), which is exactly what a forged signature needs.)
/// </summary>
public static class ZoomWebhook
{
    public const string Path = "/api/zoom/webhook";
    /// <summary>recording.completed lists files; anything much larger is not Zoom.</summary>
    private const int MaxBodyBytes = 1024 * 1024;

    internal static IEndpointConventionBuilder Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost(Path, HandleAsync);

    private static async Task<IResult> HandleAsync(HttpRequest request, IOptions<ZoomOptions> options, TimeProvider clock,
        ZoomWebhookProcessor processor, ILoggerFactory loggers, CancellationToken ct)
    {
        var log = loggers.CreateLogger("Chexs.Bot.Zoom.Webhook");
        var secret = options.Value.WebhookSecretToken;
        if (string.IsNullOrEmpty(secret))
        {
            log.LogWarning("A Zoom webhook arrived but Zoom:WebhookSecretToken is not set, so it cannot be verified; refused.");
            return Results.Unauthorized();
        }
        if (request.ContentLength > MaxBodyBytes) return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);

        var raw = await ReadBodyAsync(request, ct);
        if (raw is null) return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);

        var timestamp = request.Headers["x-zm-request-timestamp"].ToString();
        var signature = request.Headers["x-zm-signature"].ToString();
        var sentAt = ZoomWebhookSignature.ParseTimestamp(timestamp);
        if (sentAt is null || (clock.GetUtcNow() - sentAt.Value).Duration() > options.Value.WebhookMaxAge)
        {
            log.LogWarning("Refused a Zoom webhook with a missing or stale timestamp.");
            return Results.Unauthorized();
        }
        if (!ZoomWebhookSignature.IsValid(secret, timestamp, raw, signature))
        {
            log.LogWarning("Refused a Zoom webhook with a missing or wrong signature.");
            return Results.Unauthorized();
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(raw);
        }
        catch (JsonException)
        {
            return Results.BadRequest();
        }
        using (document)
        {
            var root = document.RootElement;
            var eventName = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("event", out var e) ? e.GetString() : null;
            if (eventName == "endpoint.url_validation")
            {
                var plain = root.TryGetProperty("payload", out var payload) && payload.TryGetProperty("plainToken", out var token) ? token.GetString() : null;
                if (string.IsNullOrEmpty(plain)) return Results.BadRequest();
                return Results.Json(new { plainToken = plain, encryptedToken = ZoomWebhookSignature.EncryptToken(secret, plain) });
            }
            try
            {
                await processor.ProcessAsync(root, ct);
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                log.LogWarning("Refused a signed Zoom webhook ({Event}) whose body could not be read: {Problem}", eventName, ex.Message);
                return Results.BadRequest();
            }
            return Results.Ok();
        }
    }

    /// <summary>The raw body exactly as sent (the signature covers these bytes), or null when too large.</summary>
    private static async Task<string?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}

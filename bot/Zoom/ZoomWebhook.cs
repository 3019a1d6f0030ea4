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

    private static async Task<IResult> HandleAsync(HttpContext http, IOptions<ZoomOptions> options, TimeProvider clock,
        ZoomWebhookProcessor processor, CancellationToken ct)
    {
        // Every refusal is logged once, rate-limited, by Hosting.RefusedRequests, with the reason noted here.
        var request = http.Request;
        var secret = options.Value.WebhookSecretToken;
        if (string.IsNullOrEmpty(secret))
        {
            return Refuse(http, StatusCodes.Status401Unauthorized, "a Zoom webhook arrived but Zoom:WebhookSecretToken is not set, so it cannot be verified");
        }
        if (request.ContentLength > MaxBodyBytes) return Refuse(http, StatusCodes.Status413PayloadTooLarge, "Zoom webhook body too large");

        var raw = await ReadBodyAsync(request, ct);
        if (raw is null) return Refuse(http, StatusCodes.Status413PayloadTooLarge, "Zoom webhook body too large");

        var timestamp = request.Headers["x-zm-request-timestamp"].ToString();
        var signature = request.Headers["x-zm-signature"].ToString();
        var sentAt = ZoomWebhookSignature.ParseTimestamp(timestamp);
        if (sentAt is null || (clock.GetUtcNow() - sentAt.Value).Duration() > options.Value.WebhookMaxAge)
        {
            return Refuse(http, StatusCodes.Status401Unauthorized, "Zoom webhook with a missing or stale timestamp");
        }
        if (!ZoomWebhookSignature.IsValid(secret, timestamp, raw, signature))
        {
            return Refuse(http, StatusCodes.Status401Unauthorized, "Zoom webhook with a missing or wrong signature");
        }

        // Signed by Zoom from here on, so the caller may hear what is wrong with its body.
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(raw, Strict);
        }
        catch (JsonException)
        {
            return Refuse(http, StatusCodes.Status400BadRequest, "The body is not valid JSON.");
        }
        using (document)
        {
            var root = document.RootElement;
            try
            {
                if (ZoomEventBody.EventName(root) == "endpoint.url_validation")
                {
                    var plain = ZoomEventBody.PlainToken(root);
                    return Results.Json(new { plainToken = plain, encryptedToken = ZoomWebhookSignature.EncryptToken(secret, plain) });
                }
                await processor.ProcessAsync(root, ct);
            }
            catch (ZoomBodyException e)
            {
                return Refuse(http, StatusCodes.Status400BadRequest, "Signed Zoom webhook that cannot be read: " + e.Message);
            }
            return Results.Ok();
        }
    }

    private static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false, MaxDepth = 64 };

    private static IResult Refuse(HttpContext http, int status, string reason)
    {
        Hosting.RefusedRequests.Explain(http, reason);
        return status == StatusCodes.Status400BadRequest ? Results.Problem(reason, statusCode: status) : Results.StatusCode(status);
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

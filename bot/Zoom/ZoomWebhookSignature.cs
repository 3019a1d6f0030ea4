using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Chexs.Bot.Zoom;

/// <summary>
/// Zoom's webhook signing: x-zm-signature = "v0=" + hex(HMAC-SHA256(secret, "v0:{timestamp}:{raw body}")),
/// and the URL-validation answer hex(HMAC-SHA256(secret, plainToken)). Pure functions.
/// </summary>
public static class ZoomWebhookSignature
{
    public static string Sign(string secret, string timestamp, string rawBody) =>
        "v0=" + Hmac(secret, $"v0:{timestamp}:{rawBody}");

    /// <summary>Hex HMAC-SHA256 of <paramref name="plainToken"/>: the "encryptedToken" Zoom expects back.</summary>
    public static string EncryptToken(string secret, string plainToken) => Hmac(secret, plainToken);

    /// <summary>Constant-time comparison of the received signature with the expected one.</summary>
    public static bool IsValid(string secret, string? timestamp, string rawBody, string? signature)
    {
        if (string.IsNullOrEmpty(secret) || string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature)) return false;
        var expected = Encoding.ASCII.GetBytes(Sign(secret, timestamp, rawBody));
        var received = Encoding.ASCII.GetBytes(signature.Trim().ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(expected, received);
    }

    /// <summary>
    /// The x-zm-request-timestamp as an instant. Zoom sends epoch seconds; milliseconds are accepted too.
    /// </summary>
    public static DateTimeOffset? ParseTimestamp(string? timestamp)
    {
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var value)) return null;
        try
        {
            return value > 100_000_000_000L ? DateTimeOffset.FromUnixTimeMilliseconds(value) : DateTimeOffset.FromUnixTimeSeconds(value);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private static string Hmac(string secret, string message) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(message)));
}

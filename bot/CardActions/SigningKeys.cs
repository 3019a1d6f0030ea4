using Chexs.Bot.Storage;

namespace Chexs.Bot.CardActions;

/// <summary>
/// The card-signing key: from configuration ("Cards:SigningKey", base64, ≥ 32 bytes) when set,
/// otherwise generated once and kept in the store so cards sent before a restart still work.
/// </summary>
public static class SigningKeys
{
    public static byte[] Resolve(IConfiguration config, ISettingsStore settings)
    {
        var configured = config["Cards:SigningKey"];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Convert.FromBase64String(configured);
        }
        // Resolved once, lazily, when the first card is signed or checked (CardActionSigner caches it).
        var stored = settings.GetOrAddAsync("cards.signingKey",
            () => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))).AsTask().GetAwaiter().GetResult();
        return Convert.FromBase64String(stored);
    }
}

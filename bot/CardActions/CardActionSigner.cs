using System.Security.Cryptography;
using System.Text;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.CardActions;

/// <summary>
/// Seals the data of every Action.Execute button the bot sends with an HMAC, so a click whose data was
/// edited (another session id, another verb) is refused before any handler sees it. Handlers still
/// check permissions themselves; this only proves the bot wrote the data.
/// </summary>
public sealed class CardActionSigner
{
    public const string SignatureField = "sig";
    private readonly Lazy<byte[]> _key;

    public CardActionSigner(byte[] key) : this(() => key)
    {
        _ = _key.Value;
    }

    /// <summary>The key is fetched on first use (it may live in the database, which opens lazily).</summary>
    public CardActionSigner(Func<byte[]> key)
    {
        _key = new Lazy<byte[]>(() =>
        {
            var k = key();
            if (k.Length < 32) throw new ArgumentException("The card signing key must be at least 32 bytes.", nameof(key));
            return k;
        });
    }

    /// <summary>Returns a copy of <paramref name="data"/> with its signature added.</summary>
    public JObject Sign(JObject data)
    {
        var copy = (JObject)data.DeepClone();
        copy.Remove(SignatureField);
        copy[SignatureField] = Compute(copy);
        return copy;
    }

    /// <summary>Signs the data of every Action.Execute in a card (the verb is copied into the data and sealed too).</summary>
    public JObject SignActions(JObject card)
    {
        foreach (var action in card.Descendants().OfType<JObject>().Where(o => (string?)o["type"] == "Action.Execute").ToList())
        {
            var data = action["data"] as JObject ?? new JObject();
            if (action["verb"] is JValue verb) data["verb"] = verb;
            action["data"] = Sign(data);
        }
        return card;
    }

    /// <summary>True when the signed fields are exactly as the bot wrote them. Inputs the user typed are ignored.</summary>
    public bool Verify(JObject data, IEnumerable<string> userInputIds)
    {
        if (data[SignatureField]?.Type != JTokenType.String) return false;
        var copy = (JObject)data.DeepClone();
        var given = (string)copy[SignatureField]!;
        copy.Remove(SignatureField);
        foreach (var input in userInputIds) copy.Remove(input);
        var expected = Compute(copy);
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(given), Encoding.ASCII.GetBytes(expected));
    }

    private string Compute(JObject data)
    {
        // Canonical form: properties sorted by name, compact JSON.
        var canonical = new JObject(data.Properties().OrderBy(p => p.Name, StringComparer.Ordinal));
        var bytes = Encoding.UTF8.GetBytes(canonical.ToString(Newtonsoft.Json.Formatting.None));
        return Convert.ToHexString(HMACSHA256.HashData(_key.Value, bytes)).ToLowerInvariant();
    }
}

using Chexs.Bot.Storage;
using LiteDB;

namespace Chexs.Bot.CardActions;

/// <summary>
/// The card-signing key: from configuration ("Cards:SigningKey", base64, ≥ 32 bytes) when set,
/// otherwise generated once and kept in the database so cards sent before a restart still work.
/// </summary>
public static class SigningKeys
{
    public static byte[] Resolve(IConfiguration config, ChexsDatabase db)
    {
        var configured = config["Cards:SigningKey"];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Convert.FromBase64String(configured);
        }
        var settings = db.Raw.GetCollection("settings");
        var doc = settings.FindById("cards.signingKey");
        if (doc is null)
        {
            doc = new BsonDocument { ["_id"] = "cards.signingKey", ["key"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)) };
            settings.Insert(doc);
        }
        return Convert.FromBase64String(doc["key"].AsString);
    }
}

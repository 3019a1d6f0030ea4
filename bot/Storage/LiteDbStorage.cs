using LiteDB;
using Microsoft.Bot.Builder;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Storage;

/// <summary>
/// Bot Framework <see cref="IStorage"/> over LiteDB, for ConversationState and UserState.
/// Optimistic concurrency works as in the SDK's own storages: an item that carries an ETag
/// (an <see cref="IStoreItem"/>, or a state bag with an "eTag" entry) is written only if that ETag
/// is still current; "*" or no ETag writes unconditionally. Values are stored as JSON without
/// type names, so nothing in the database can make us instantiate an arbitrary type.
/// </summary>
public sealed class LiteDbStorage : IStorage
{
    private const string ETagKey = "eTag";
    private static readonly Newtonsoft.Json.JsonSerializer Json = Newtonsoft.Json.JsonSerializer.Create(new JsonSerializerSettings
    {
        TypeNameHandling = TypeNameHandling.None,
        NullValueHandling = NullValueHandling.Include,
    });

    private readonly ChexsDatabase _db;
    private readonly object _writeLock = new();

    public LiteDbStorage(ChexsDatabase db) => _db = db;

    public Task<IDictionary<string, object>> ReadAsync(string[] keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var result = new Dictionary<string, object>();
        foreach (var key in keys.Distinct())
        {
            var doc = _db.BotState.FindById(key);
            if (doc is null)
            {
                continue;
            }
            var value = JObject.Parse(doc["json"].AsString);
            value[ETagKey] = doc["etag"].AsString;
            // BotState expects an IDictionary<string, object>; callers reading typed items convert from JObject.
            result[key] = value.ToObject<Dictionary<string, object>>(Json)!;
        }
        return Task.FromResult<IDictionary<string, object>>(result);
    }

    public Task WriteAsync(IDictionary<string, object> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        lock (_writeLock)
        {
            _db.InTransaction(() =>
            {
                foreach (var (key, value) in changes)
                {
                    var incomingETag = ETagOf(value);
                    var existing = _db.BotState.FindById(key);
                    if (existing is not null && incomingETag is not null && incomingETag != "*" && incomingETag != existing["etag"].AsString)
                    {
                        throw new InvalidOperationException($"Etag conflict on '{key}': the item was changed by another turn.");
                    }
                    var json = value is null ? new JObject() : JObject.FromObject(value, Json);
                    json.Remove(ETagKey);
                    json.Remove("ETag");
                    var doc = new BsonDocument
                    {
                        ["_id"] = key,
                        ["etag"] = Guid.NewGuid().ToString("N"),
                        ["json"] = json.ToString(Newtonsoft.Json.Formatting.None),
                    };
                    _db.BotState.Upsert(doc);
                }
            });
        }
        return Task.CompletedTask;
    }

    public Task DeleteAsync(string[] keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        foreach (var key in keys)
        {
            _db.BotState.Delete(key);
        }
        return Task.CompletedTask;
    }

    private static string? ETagOf(object? value) => value switch
    {
        IStoreItem item => item.ETag,
        JObject j => (string?)j[ETagKey],
        IDictionary<string, object> d when d.TryGetValue(ETagKey, out var e) => e?.ToString(),
        _ => null,
    };
}

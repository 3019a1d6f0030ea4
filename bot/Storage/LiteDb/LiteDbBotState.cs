using LiteDB;
using Microsoft.Bot.Builder;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Storage.LiteDb;

/// <summary>
/// Bot Framework <see cref="IStorage"/> over LiteDB, for ConversationState and UserState.
/// Optimistic concurrency works as in the SDK's own storages: an item that carries an ETag
/// (an <see cref="IStoreItem"/>, or a state bag with an "eTag" entry) is written only if that ETag
/// is still current; "*" or no ETag writes unconditionally. Values are stored as JSON without
/// type names, so nothing in the database can make us instantiate an arbitrary type.
/// </summary>
internal sealed class LiteDbBotState : IStorage
{
    private const string ETagKey = BotStateETags.Key;
    private static readonly Newtonsoft.Json.JsonSerializer Json = Newtonsoft.Json.JsonSerializer.Create(new JsonSerializerSettings
    {
        TypeNameHandling = TypeNameHandling.None,
        NullValueHandling = NullValueHandling.Include,
    });

    private readonly LiteDbFile _file;

    public LiteDbBotState(LiteDbFile file) => _file = file;

    private ILiteCollection<BsonDocument> State => _file.Documents(LiteDbNames.BotState);

    /// <summary>
    /// Returns each stored item as a dictionary (nested objects as JObject) with its current "eTag".
    /// BotState accepts that shape; callers wanting a typed item convert it with JObject.FromObject(...).ToObject&lt;T&gt;().
    /// </summary>
    public Task<IDictionary<string, object>> ReadAsync(string[] keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var result = new Dictionary<string, object>();
        foreach (var key in keys.Distinct())
        {
            var doc = _file.Read(() => State.FindById(key));
            if (doc is null)
            {
                continue;
            }
            var value = JObject.Parse(doc["json"].AsString);
            value[ETagKey] = doc["etag"].AsString;
            result[key] = value.ToObject<Dictionary<string, object>>(Json)!;
        }
        return Task.FromResult<IDictionary<string, object>>(result);
    }

    /// <summary>
    /// Writes all changes in one transaction: if any item's ETag is stale, none is written and
    /// <see cref="ETagConflictException"/> is thrown. After a successful write each written item
    /// carries its new ETag, so a second save in the same turn is not mistaken for a stale one.
    /// </summary>
    public async Task WriteAsync(IDictionary<string, object> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var newETags = new Dictionary<string, string>();
        // One write under the file's writer gate: the ETag check and the upserts cannot interleave with another turn's.
        await _file.WriteAsync(() =>
        {
            var state = State;
            // Every ETag is checked before anything is written: a stale one refuses the whole save.
            foreach (var (key, value) in changes)
            {
                var incomingETag = BotStateETags.Of(value);
                var existing = state.FindById(key);
                if (existing is not null && !string.IsNullOrEmpty(incomingETag) && incomingETag != "*" && incomingETag != existing["etag"].AsString)
                {
                    throw new ETagConflictException(key);
                }
            }
            {
                foreach (var (key, value) in changes)
                {
                    var json = value is null ? new JObject() : JObject.FromObject(value, Json);
                    json.Remove(ETagKey);
                    json.Remove("ETag");
                    var etag = Guid.NewGuid().ToString("N");
                    state.Upsert(new BsonDocument
                    {
                        ["_id"] = key,
                        ["etag"] = etag,
                        ["json"] = json.ToString(Formatting.None),
                    });
                    newETags[key] = etag;
                }
            }
            return 0;
        });
        foreach (var (key, value) in changes)
        {
            BotStateETags.Set(value, newETags[key]);
        }
    }

    public async Task DeleteAsync(string[] keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        await _file.WriteAsync(() =>
        {
            foreach (var key in keys)
            {
                State.Delete(key);
            }
            return 0;
        });
    }
}

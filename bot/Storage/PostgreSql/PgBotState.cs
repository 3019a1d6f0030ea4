using Microsoft.Bot.Builder;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using NpgsqlTypes;

namespace Chexs.Bot.Storage.PostgreSql;

/// <summary>
/// Bot Framework <see cref="IStorage"/> over the <c>bot_state</c> table, with the same rules as LiteDbBotState:
/// an item carrying an ETag (an <see cref="IStoreItem"/>, or a state bag with an "eTag" entry) is written only
/// if that ETag is still current (a conditional UPDATE ... WHERE etag = @old, so it holds across instances);
/// "*" or no ETag writes unconditionally. A batch is one transaction: one stale item and none is written.
/// Values are stored as JSON without type names, so nothing in the database can make us instantiate a type.
/// </summary>
internal sealed class PgBotState(PgDatabase db) : IStorage
{
    private const string ETagKey = BotStateETags.Key;
    private static readonly Newtonsoft.Json.JsonSerializer Json = Newtonsoft.Json.JsonSerializer.Create(new JsonSerializerSettings
    {
        TypeNameHandling = TypeNameHandling.None,
        NullValueHandling = NullValueHandling.Include,
    });

    public async Task<IDictionary<string, object>> ReadAsync(string[] keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var result = new Dictionary<string, object>();
        if (keys.Length == 0) return result;
        await db.ReadAsync(async commands =>
        {
            await using var command = commands.Command("SELECT id, etag, doc FROM bot_state WHERE id = ANY(@keys)");
            command.Parameters.AddWithValue("keys", keys.Distinct().ToArray());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var value = JObject.Parse(reader.GetString(2));
                value[ETagKey] = reader.GetString(1);
                result[reader.GetString(0)] = value.ToObject<Dictionary<string, object>>(Json)!;
            }
            return 0;
        }, cancellationToken);
        return result;
    }

    public async Task WriteAsync(IDictionary<string, object> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var newETags = new Dictionary<string, string>();
        await db.WriteAsync(async commands =>
        {
            foreach (var (key, value) in changes)
            {
                var incomingETag = BotStateETags.Of(value);
                var json = value is null ? new JObject() : JObject.FromObject(value, Json);
                json.Remove(ETagKey);
                json.Remove("ETag");
                var etag = Guid.NewGuid().ToString("N");
                var conditional = !string.IsNullOrEmpty(incomingETag) && incomingETag != "*";
                var written = conditional
                    // Replace only the version the turn read; an item that does not exist yet is created (as LiteDbBotState does).
                    ? await ExecuteAsync(commands, "UPDATE bot_state SET etag = @etag, doc = @doc WHERE id = @id AND etag = @old", key, etag, json, incomingETag, cancellationToken) > 0
                      || await ExecuteAsync(commands, "INSERT INTO bot_state (id, etag, doc) VALUES (@id, @etag, @doc) ON CONFLICT (id) DO NOTHING", key, etag, json, ct: cancellationToken) > 0
                    : await ExecuteAsync(commands, "INSERT INTO bot_state (id, etag, doc) VALUES (@id, @etag, @doc) ON CONFLICT (id) DO UPDATE SET etag = EXCLUDED.etag, doc = EXCLUDED.doc", key, etag, json, ct: cancellationToken) > 0;
                if (!written) throw new ETagConflictException(key); // thrown inside the write: the whole batch rolls back
                newETags[key] = etag;
            }
            return 0;
        }, cancellationToken);
        foreach (var (key, value) in changes)
        {
            BotStateETags.Set(value, newETags[key]);
        }
    }

    public async Task DeleteAsync(string[] keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        await db.WriteAsync(async commands =>
        {
            await using var command = commands.Command("DELETE FROM bot_state WHERE id = ANY(@keys)");
            command.Parameters.AddWithValue("keys", keys);
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
    }

    private static async Task<int> ExecuteAsync(PgCommands commands, string sql, string key, string etag, JObject json, string? old = null, CancellationToken ct = default)
    {
        await using var command = commands.Command(sql);
        command.Parameters.AddWithValue("id", key);
        command.Parameters.AddWithValue("etag", etag);
        command.Parameters.AddWithValue("doc", NpgsqlDbType.Jsonb, json.ToString(Formatting.None));
        if (old is not null) command.Parameters.AddWithValue("old", old);
        return await command.ExecuteNonQueryAsync(ct);
    }
}

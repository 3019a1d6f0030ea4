using System.Text.Json;
using System.Text.Json.Serialization;

namespace Chexs.Bot.Storage.PostgreSql;

/// <summary>
/// How a record becomes the <c>doc jsonb</c> of its row: System.Text.Json (the records already round-trip
/// through it, see Session.Copy), enums by name (readable in psql, like the LiteDB file), instants in UTC
/// (as the LiteDB engine stores them), computed read-only properties left out.
/// </summary>
internal static class PgJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions
        {
            IgnoreReadOnlyProperties = true,
            Converters = { new JsonStringEnumConverter(), new UtcInstantConverter() },
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)
        ?? throw new InvalidOperationException($"A stored {typeof(T).Name} document is null.");

    /// <summary>DateTimeOffset kept as its UTC instant: the same value whichever offset it was created with.</summary>
    private sealed class UtcInstantConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetDateTimeOffset().ToUniversalTime();

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToUniversalTime());
    }
}

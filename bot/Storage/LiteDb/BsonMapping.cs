using LiteDB;

namespace Chexs.Bot.Storage.LiteDb;

/// <summary>
/// LiteDB has no built-in mapping for DateOnly or DateTimeOffset. Instants are stored as UTC
/// DateTime (so they index and range-query), dates as ISO strings (so they sort).
/// </summary>
internal static class BsonMapping
{
    public static BsonMapper Create()
    {
        // Keep strings exactly as given: LiteDB would otherwise trim them and turn "" into null.
        var mapper = new BsonMapper { EnumAsInteger = false, EmptyStringToNull = false, TrimWhitespace = false };
        mapper.RegisterType<DateOnly>(
            d => new BsonValue(d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
            b => DateOnly.ParseExact(b.AsString, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        mapper.RegisterType<DateTimeOffset>(
            d => new BsonValue(d.UtcDateTime),
            b => new DateTimeOffset(DateTime.SpecifyKind(b.AsDateTime.ToUniversalTime(), DateTimeKind.Utc)));
        return mapper;
    }
}

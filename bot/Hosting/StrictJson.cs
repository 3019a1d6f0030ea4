using System.Text.Json;

namespace Chexs.Bot.Hosting;

/// <summary>
/// What the parser's own options cannot refuse. The activity is later read by Newtonsoft.Json (the SDK's
/// serializer), which matches member names case-insensitively and keeps the last of two: two names that
/// differ only in case would let one value be checked here and another be used, so they are refused.
/// Strings must be valid Unicode (an escaped lone surrogate is not) and numbers must fit a double.
/// </summary>
internal static class StrictJson
{
    public static string? Problem(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                foreach (var member in element.EnumerateObject())
                {
                    if (!TryText(() => member.Name, out var name)) return "A member name is not valid Unicode.";
                    if (!names.Add(name)) return "A JSON object has two members with the same name (names are compared ignoring case).";
                    if (Problem(member.Value) is { } inner) return inner;
                }
                return null;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (Problem(item) is { } inner) return inner;
                }
                return null;
            case JsonValueKind.String:
                return TryText(element.GetString, out _) ? null : "A string is not valid Unicode.";
            case JsonValueKind.Number:
                return element.TryGetDouble(out var number) && double.IsFinite(number) ? null : "A number is too large.";
            default:
                return null;
        }
    }

    private static bool TryText(Func<string?> read, out string text)
    {
        try
        {
            text = read() ?? "";
            return true;
        }
        catch (Exception e) when (e is InvalidOperationException or JsonException or ArgumentException)
        {
            text = "";
            return false;
        }
    }
}

using Microsoft.Bot.Builder;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Storage;

/// <summary>
/// The Bot Framework's optimistic-concurrency tag on a stored state item, in each shape the SDK hands a storage
/// (IStoreItem, JObject, dictionary). Shared by both engines' IStorage so they agree on what a "lost race" is.
/// </summary>
internal static class BotStateETags
{
    public const string Key = "eTag";

    public static string? Of(object? value) => value switch
    {
        IStoreItem item => item.ETag,
        JObject j => (string?)j[Key],
        IDictionary<string, object> d when d.TryGetValue(Key, out var e) => e?.ToString(),
        _ => null,
    };

    public static void Set(object? value, string etag)
    {
        switch (value)
        {
            case IStoreItem item:
                item.ETag = etag;
                break;
            case JObject j:
                j[Key] = etag;
                break;
            case IDictionary<string, object> { IsReadOnly: false } d:
                d[Key] = etag;
                break;
        }
    }
}

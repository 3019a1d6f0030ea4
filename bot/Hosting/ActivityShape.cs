using System.Text;
using System.Text.Json;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Hosting;

/// <summary>
/// The shape of an activity the bot can handle: every member the bot or the SDK reads has the JSON type it
/// must have, ids fit comfortably under LiteDB's 1,023-byte key limit (conversation and user ids become
/// state keys and record ids), and an invoke is a card click (<c>adaptiveCard/action</c>, the only invoke the
/// bot answers) carrying an <c>Action.Execute</c> with object data. Members the bot never reads may be
/// anything; unknown members are ignored. Member names are matched ignoring case, as the SDK's
/// serializer matches them. Each rule names the member it refuses, never echoing its value.
/// </summary>
public static class ActivityShape
{
    /// <summary>Longest id (conversation, user, activity…) accepted, in UTF-8 bytes. Teams ids are well under 200.</summary>
    public const int MaxIdBytes = 512;
    /// <summary>Longest display name accepted, in characters.</summary>
    public const int MaxNameLength = 1024;
    /// <summary>Longest activity type, channel id or other short token.</summary>
    private const int MaxTokenLength = 64;
    /// <summary>The conversation types Teams sends; the bot's privacy rules depend on telling them apart.</summary>
    private static readonly string[] ConversationTypes = ["personal", "channel", "groupChat"];

    public static string? Problem(JsonElement a)
    {
        if (a.ValueKind != JsonValueKind.Object) return "The body must be a JSON object (a Bot Framework activity).";

        var missing = new List<string>();
        foreach (var (path, value) in new[] { ("type", Get(a, "type")), ("channelId", Get(a, "channelId")), ("serviceUrl", Get(a, "serviceUrl")),
                     ("conversation.id", Get(Get(a, "conversation"), "id")), ("from.id", Get(Get(a, "from"), "id")), ("recipient.id", Get(Get(a, "recipient"), "id")) })
        {
            if (value is not { ValueKind: JsonValueKind.String } s || string.IsNullOrWhiteSpace(s.GetString())) missing.Add(path);
        }
        if (missing.Count > 0) return $"The activity is missing {string.Join(", ", missing)}.";

        var serviceUrl = Get(a, "serviceUrl")!.Value.GetString()!;
        if (serviceUrl.Length > 2048 || !Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return "The activity's serviceUrl is not an http(s) URL.";
        }

        return Token(a, "type", required: true)
            ?? Token(a, "channelId", required: true)
            ?? Id(a, "id") ?? Id(a, "replyToId")
            ?? Account(a, "from") ?? Account(a, "recipient")
            ?? Conversation(Get(a, "conversation")!.Value)
            ?? Text(a, "text") ?? Text(a, "locale") ?? Text(a, "textFormat") ?? Text(a, "name") ?? Text(a, "action") ?? Text(a, "deliveryMode")
            ?? Members(a, "membersAdded") ?? Members(a, "membersRemoved")
            ?? Entities(a)
            ?? Attachments(a)
            ?? ChannelData(a)
            ?? Invoke(a);
    }

    /// <summary>
    /// The SDK's own reading of the body (its serializer, into its Activity and TeamsChannelData types) must
    /// succeed, or a turn would fail later on a member of a type it cannot convert (a date that is not one,
    /// an object where a list belongs). Only the member's path is reported.
    /// </summary>
    public static string? SchemaProblem(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var reader = new Newtonsoft.Json.JsonTextReader(new StreamReader(new MemoryStream(body.ToArray()), Encoding.UTF8)) { MaxDepth = 64 };
            var activity = HttpHelper.BotMessageSerializer.Deserialize<Activity>(reader);
            if (activity?.ChannelData is JObject channelData) channelData.ToObject<TeamsChannelData>(HttpHelper.BotMessageSerializer);
            foreach (var mention in activity?.Entities?.Where(e => string.Equals(e.Type, "mention", StringComparison.OrdinalIgnoreCase)) ?? [])
            {
                mention.GetAs<Mention>();
            }
            return null;
        }
        catch (Newtonsoft.Json.JsonException e)
        {
            var path = e switch
            {
                Newtonsoft.Json.JsonSerializationException s => s.Path,
                Newtonsoft.Json.JsonReaderException r => r.Path,
                _ => null,
            };
            return string.IsNullOrEmpty(path)
                ? "The activity does not match the Bot Framework activity schema."
                : $"The activity does not match the Bot Framework activity schema at '{Shorten(path)}'.";
        }
    }

    private static string? Conversation(JsonElement c) =>
        Object(c, "conversation")
        ?? Id(c, "id", "conversation.id")
        ?? Text(c, "conversationType", "conversation.conversationType")
        ?? (Get(c, "conversationType") is { } t && !ConversationTypes.Contains(t.GetString())
            ? $"The activity's conversation.conversationType must be one of {string.Join(", ", ConversationTypes)}." : null)
        ?? Id(c, "tenantId", "conversation.tenantId")
        ?? Bool(c, "isGroup", "conversation.isGroup")
        ?? Name(c, "name", "conversation.name");

    /// <summary>from / recipient: an object with a string id; name and aadObjectId strings when present.</summary>
    private static string? Account(JsonElement a, string member)
    {
        var account = Get(a, member)!.Value;
        return Object(account, member) ?? Id(account, "id", $"{member}.id") ?? Name(account, "name", $"{member}.name")
            ?? Id(account, "aadObjectId", $"{member}.aadObjectId") ?? Text(account, "role", $"{member}.role");
    }

    /// <summary>membersAdded / membersRemoved: a list of accounts, each with a string id.</summary>
    private static string? Members(JsonElement a, string member)
    {
        if (Get(a, member) is not { } list) return null;
        if (list.ValueKind != JsonValueKind.Array) return $"The activity's {member} must be a list.";
        foreach (var m in list.EnumerateArray())
        {
            if (m.ValueKind != JsonValueKind.Object) return $"Each of the activity's {member} must be an object with an id.";
            if (Get(m, "id") is not { ValueKind: JsonValueKind.String } id || string.IsNullOrWhiteSpace(id.GetString())) return $"Each of the activity's {member} must have a string id.";
            if ((Id(m, "id", $"{member}[].id") ?? Name(m, "name", $"{member}[].name") ?? Id(m, "aadObjectId", $"{member}[].aadObjectId")) is { } problem) return problem;
        }
        return null;
    }

    /// <summary>
    /// Entities: objects with a string type. A mention (which the bot strips from the text to read a command
    /// typed after @CHEXS Bot) names who was mentioned and the text it replaced, and comes with the message text.
    /// </summary>
    private static string? Entities(JsonElement a)
    {
        if (Get(a, "entities") is not { } list) return null;
        if (list.ValueKind != JsonValueKind.Array) return "The activity's entities must be a list.";
        foreach (var e in list.EnumerateArray())
        {
            if (e.ValueKind != JsonValueKind.Object || Get(e, "type") is not { ValueKind: JsonValueKind.String } type)
                return "Each of the activity's entities must be an object with a string type.";
            if (!string.Equals(type.GetString(), "mention", StringComparison.OrdinalIgnoreCase)) continue;
            if (Get(e, "mentioned") is not { ValueKind: JsonValueKind.Object } mentioned || Get(mentioned, "id") is not { ValueKind: JsonValueKind.String })
                return "A mention entity must name who was mentioned (mentioned.id).";
            if (Get(e, "text") is not { ValueKind: JsonValueKind.String }) return "A mention entity must carry the text it stands for.";
            if (Name(mentioned, "name", "mention's mentioned.name") is { } problem) return problem;
            if (Get(a, "text") is not { ValueKind: JsonValueKind.String }) return "A message with a mention must have text.";
        }
        return null;
    }

    private static string? Attachments(JsonElement a)
    {
        if (Get(a, "attachments") is not { } list) return null;
        if (list.ValueKind != JsonValueKind.Array) return "The activity's attachments must be a list.";
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object) return "Each of the activity's attachments must be an object.";
            if ((Text(item, "contentType", "attachments[].contentType") ?? Text(item, "name", "attachments[].name") ?? Text(item, "contentUrl", "attachments[].contentUrl")) is { } problem) return problem;
        }
        return null;
    }

    /// <summary>Teams' channelData: tenant, team, channel and the installation's selected channel are objects with string ids.</summary>
    private static string? ChannelData(JsonElement a)
    {
        if (Get(a, "channelData") is not { } data) return null;
        if (data.ValueKind != JsonValueKind.Object) return "The activity's channelData must be an object.";
        foreach (var member in new[] { "tenant", "team", "channel", "settings", "meeting", "notification", "source" })
        {
            if (Get(data, member) is { } value && Object(value, $"channelData.{member}") is { } problem) return problem;
        }
        var settings = Get(data, "settings");
        if (settings is { } s && Get(s, "selectedChannel") is { } selected && Object(selected, "channelData.settings.selectedChannel") is { } notObject) return notObject;
        return Owned(Get(data, "tenant"), "channelData.tenant", "id")
            ?? Owned(Get(data, "team"), "channelData.team", "id", "aadGroupId")
            ?? Owned(Get(data, "channel"), "channelData.channel", "id")
            ?? Owned(settings is { } st ? Get(st, "selectedChannel") : null, "channelData.settings.selectedChannel", "id")
            ?? Owned(Get(data, "meeting"), "channelData.meeting", "id")
            ?? Name(Get(data, "team") ?? default, "name", "channelData.team.name")
            ?? Name(Get(data, "channel") ?? default, "name", "channelData.channel.name")
            ?? Text(data, "eventType", "channelData.eventType");

        static string? Owned(JsonElement? owner, string path, params string[] ids)
        {
            if (owner is not { } o) return null;
            foreach (var id in ids)
            {
                if (Id(o, id, $"{path}.{id}") is { } problem) return problem;
            }
            return null;
        }
    }

    /// <summary>An invoke must be a card click: adaptiveCard/action with value.action an Action.Execute whose data is an object.</summary>
    private static string? Invoke(JsonElement a)
    {
        if (!string.Equals(Get(a, "type")!.Value.GetString(), ActivityTypes.Invoke, StringComparison.OrdinalIgnoreCase)) return null;
        if (Get(a, "name") is not { ValueKind: JsonValueKind.String } name || name.GetString() != "adaptiveCard/action")
            return "The bot answers only adaptiveCard/action invokes (Action.Execute card buttons).";
        if (Get(a, "value") is not { ValueKind: JsonValueKind.Object } value) return "A card click must carry a value object.";
        if (Get(value, "action") is not { ValueKind: JsonValueKind.Object } action) return "A card click must carry value.action as an object.";
        if (Get(action, "type") is not { ValueKind: JsonValueKind.String } type || type.GetString() != "Action.Execute")
            return "A card click's value.action.type must be Action.Execute.";
        if (Get(action, "data") is { } data && data.ValueKind != JsonValueKind.Object) return "A card click's value.action.data must be an object.";
        return Text(action, "verb", "value.action.verb") ?? Text(action, "id", "value.action.id") ?? Text(value, "trigger", "value.trigger");
    }

    // ---- member rules: each returns the problem, or null ----

    /// <summary>The member, matched ignoring case like the SDK's serializer; null when absent or JSON null.</summary>
    private static JsonElement? Get(JsonElement? owner, string name)
    {
        if (owner is not { ValueKind: JsonValueKind.Object } o) return null;
        foreach (var member in o.EnumerateObject())
        {
            if (member.NameEquals(name) || string.Equals(member.Name, name, StringComparison.OrdinalIgnoreCase))
                return member.Value.ValueKind == JsonValueKind.Null ? null : member.Value;
        }
        return null;
    }

    private static string? Object(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.Object ? null : $"The activity's {path} must be an object.";

    private static string? Text(JsonElement owner, string name, string? path = null) =>
        Get(owner, name) is { } v && v.ValueKind != JsonValueKind.String ? $"The activity's {path ?? name} must be a string." : null;

    private static string? Bool(JsonElement owner, string name, string path) =>
        Get(owner, name) is { } v && v.ValueKind is not (JsonValueKind.True or JsonValueKind.False) ? $"The activity's {path} must be true or false." : null;

    private static string? Token(JsonElement owner, string name, bool required) =>
        Text(owner, name) ?? (Get(owner, name)?.GetString() is { } s && s.Length > MaxTokenLength ? $"The activity's {name} is too long." : null)
        ?? (required && string.IsNullOrWhiteSpace(Get(owner, name)?.GetString()) ? $"The activity is missing {name}." : null);

    private static string? Id(JsonElement owner, string name, string? path = null) =>
        Text(owner, name, path)
        ?? (Get(owner, name)?.GetString() is { } s && Encoding.UTF8.GetByteCount(s) > MaxIdBytes ? $"The activity's {path ?? name} is longer than {MaxIdBytes} bytes." : null);

    private static string? Name(JsonElement owner, string name, string path) =>
        Text(owner, name, path) ?? (Get(owner, name)?.GetString() is { Length: > MaxNameLength } ? $"The activity's {path} is longer than {MaxNameLength} characters." : null);

    private static string Shorten(string s) => s.Length > 80 ? s[..80] + "…" : s;
}

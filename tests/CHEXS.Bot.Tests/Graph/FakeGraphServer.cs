using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Chexs.Bot.Tests.Graph;

/// <summary>A request the fake Graph saw, as it arrived (<see cref="Body"/> when it was JSON, <see cref="Text"/> always).</summary>
public sealed record SeenRequest(string Method, string Path, string Query, string? Authorization, JsonNode? Body, string? ContentType = null, string Text = "");

/// <summary>A scripted answer instead of the normal one: status, optional Retry-After and Graph error code.</summary>
public sealed record Scripted(int Status, string? RetryAfter = null, string? ErrorCode = null, string? ErrorMessage = null);

/// <summary>
/// An in-process Microsoft Graph stand-in on 127.0.0.1 (Kestrel), speaking the documented wire format for
/// the calls the bot makes. Every request must carry the test bearer token. Answers can be scripted per
/// endpoint (429 with Retry-After, 5xx, 4xx) to exercise retries.
/// </summary>
public sealed class FakeGraphServer : IAsyncDisposable
{
    public const string Token = "fake-graph-access-token";

    private readonly WebApplication _app;
    private readonly object _gate = new();

    public ConcurrentQueue<SeenRequest> Requests { get; } = new();

    /// <summary>The bearer token this Graph accepts (preflight tests use a JWT-shaped one carrying roles).</summary>
    public string AcceptedToken { get; set; } = Token;

    /// <summary>
    /// Mailboxes outside the app's Exchange RBAC management scopes: every mail and calendar request for
    /// them is refused 403 ErrorAccessDenied, as Exchange Online answers an out-of-scope application.
    /// </summary>
    public HashSet<string> DeniedMailboxes { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Groups that exist: object id → display name (GET /groups/{id} and /groups/{id}/members).</summary>
    public Dictionary<string, string> Groups { get; } = new(StringComparer.OrdinalIgnoreCase);

    // Directory
    public Dictionary<string, HashSet<string>> GroupsOf { get; } = new(StringComparer.OrdinalIgnoreCase);
    public Dictionary<string, (string Id, string Name)> ManagerOf { get; } = new(StringComparer.OrdinalIgnoreCase);
    public ConcurrentQueue<Scripted> DirectoryReplies { get; } = new();

    // Mail
    public ConcurrentQueue<Scripted> SendMailReplies { get; } = new();
    /// <summary>
    /// Messages Graph accepted (202): what would be in the shared mailbox's Sent Items, as Graph would show them
    /// (a JSON message as posted; a MIME message as Exchange reads it: recipients, subject, and each X- header as a
    /// PS_INTERNET_HEADERS extended property named in lower case).
    /// </summary>
    public List<JsonObject> SentItems { get; } = new();

    /// <summary>The MIME messages accepted (base64-decoded): exactly the bytes the bot sent.</summary>
    public List<byte[]> SentMime { get; } = new();

    /// <summary>[MS-OXCMAIL] 2.2.3.2.29: the property set Exchange keeps a MIME message's other headers in.</summary>
    public const string InternetHeadersSet = "{00020386-0000-0000-C000-000000000046}";

    // Calendar
    public ConcurrentQueue<Scripted> EventReplies { get; } = new();
    public Dictionary<string, (string Owner, JsonObject Event)> Events { get; } = new();

    private FakeGraphServer(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    public static async Task<FakeGraphServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "FakeGraph", ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeGraphServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = address.TrimEnd('/') + "/v1.0";
        return server;
    }

    public IReadOnlyList<SeenRequest> Seen(string method, string pathContains) =>
        Requests.Where(r => r.Method == method && r.Path.Contains(pathContains, StringComparison.OrdinalIgnoreCase)).ToList();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext http)
    {
        var request = http.Request;
        JsonNode? body = null;
        string text;
        using (var reader = new StreamReader(request.Body))
        {
            text = await reader.ReadToEndAsync();
            // Graph treats action parameter names case-insensitively (the SDK sends "Message", the docs show "message").
            if (text.Length > 0 && IsJson(request.ContentType)) body = JsonNode.Parse(text, new JsonNodeOptions { PropertyNameCaseInsensitive = true });
        }
        var path = Uri.UnescapeDataString(request.Path.Value ?? "");
        var query = Uri.UnescapeDataString(request.QueryString.Value ?? "");
        Requests.Enqueue(new SeenRequest(request.Method, path, query, request.Headers.Authorization.ToString(), body, request.ContentType, text));

        if (request.Headers.Authorization.ToString() != "Bearer " + AcceptedToken)
        {
            await Error(http, new Scripted(401, ErrorCode: "InvalidAuthenticationToken", ErrorMessage: "Access token is empty."));
            return;
        }

        Match m;
        if ((m = Regex.Match(path, "^/v1.0/users/([^/]+)/(sendMail|mailFolders|events|calendar)", RegexOptions.IgnoreCase)).Success && DeniedMailboxes.Contains(m.Groups[1].Value))
        {
            await Error(http, new Scripted(403, ErrorCode: "ErrorAccessDenied", ErrorMessage: "Access is denied. Check credentials and try again."));
            return;
        }
        if (request.Method == "GET" && (m = Regex.Match(path, "^/v1.0/groups/([^/]+)(/members)?$")).Success)
        {
            if (!Groups.TryGetValue(m.Groups[1].Value, out var groupName))
            {
                await Error(http, new Scripted(404, ErrorCode: "Request_ResourceNotFound", ErrorMessage: $"Resource '{m.Groups[1].Value}' does not exist or one of its queried reference-property objects are not present."));
                return;
            }
            await Json(http, 200, m.Groups[2].Success
                ? new JsonObject { ["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#directoryObjects(id)", ["value"] = new JsonArray(new JsonObject { ["@odata.type"] = "#microsoft.graph.user", ["id"] = Guid.NewGuid().ToString() }) }
                : new JsonObject { ["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#groups(id,displayName)/$entity", ["id"] = m.Groups[1].Value, ["displayName"] = groupName });
            return;
        }
        if (request.Method == "POST" && (m = Regex.Match(path, "^/v1.0/users/([^/]+)/checkMemberGroups$")).Success)
        {
            if (DirectoryReplies.TryDequeue(out var s)) { await Error(http, s); return; }
            var user = m.Groups[1].Value;
            if (!GroupsOf.TryGetValue(user, out var groups))
            {
                await Error(http, new Scripted(404, ErrorCode: "Request_ResourceNotFound", ErrorMessage: $"Resource '{user}' does not exist or one of its queried reference-property objects are not present."));
                return;
            }
            var asked = body?["groupIds"]?.AsArray().Select(n => n!.GetValue<string>()).ToList() ?? [];
            var value = new JsonArray(asked.Where(groups.Contains).Select(g => (JsonNode)JsonValue.Create(g)!).ToArray());
            await Json(http, 200, new JsonObject { ["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#Collection(Edm.String)", ["value"] = value });
            return;
        }
        if (request.Method == "GET" && (m = Regex.Match(path, "^/v1.0/users/([^/]+)/manager$")).Success)
        {
            if (DirectoryReplies.TryDequeue(out var s)) { await Error(http, s); return; }
            if (!ManagerOf.TryGetValue(m.Groups[1].Value, out var manager))
            {
                await Error(http, new Scripted(404, ErrorCode: "Request_ResourceNotFound", ErrorMessage: "Resource 'manager' does not exist or one of its queried reference-property objects are not present."));
                return;
            }
            await Json(http, 200, new JsonObject
            {
                ["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#directoryObjects/$entity",
                ["@odata.type"] = "#microsoft.graph.user",
                ["id"] = manager.Id,
                ["displayName"] = manager.Name,
            });
            return;
        }
        if (request.Method == "POST" && Regex.IsMatch(path, "^/v1.0/users/[^/]+/sendMail$"))
        {
            if (SendMailReplies.TryDequeue(out var s)) { await Error(http, s); return; }
            // The documented MIME format: Content-Type text/plain, the whole message base64-encoded as the body.
            if (request.ContentType?.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase) == true)
            {
                byte[] mime;
                try
                {
                    mime = Convert.FromBase64String(text.Trim());
                }
                catch (FormatException)
                {
                    await Error(http, new Scripted(400, ErrorCode: "ErrorMimeContentInvalidBase64String", ErrorMessage: "Invalid base64 string for MIME content."));
                    return;
                }
                var item = ReadMime(mime);
                if (item is null)
                {
                    await Error(http, new Scripted(400, ErrorCode: "ErrorMimeContentInvalid", ErrorMessage: "The MIME content is invalid."));
                    return;
                }
                if (item["toRecipients"]!.AsArray().Count == 0)
                {
                    await Error(http, new Scripted(400, ErrorCode: "ErrorInvalidRecipients", ErrorMessage: "At least one recipient is not valid."));
                    return;
                }
                lock (_gate)
                {
                    SentItems.Add(item);
                    SentMime.Add(mime);
                }
                http.Response.StatusCode = 202;
                return;
            }
            if (!IsJson(request.ContentType))
            {
                await Error(http, new Scripted(415, ErrorCode: "UnsupportedMediaType", ErrorMessage: "Use application/json for a JSON object and text/plain for MIME content."));
                return;
            }
            if (body?["message"] is not JsonObject message)
            {
                await Error(http, new Scripted(400, ErrorCode: "ErrorInvalidRequest", ErrorMessage: "The message is missing."));
                return;
            }
            lock (_gate) SentItems.Add((JsonObject)message.DeepClone());
            http.Response.StatusCode = 202;
            return;
        }
        if (request.Method == "GET" && Regex.IsMatch(path, "^/v1.0/users/[^/]+/mailFolders/sentitems/messages$", RegexOptions.IgnoreCase))
        {
            var filter = request.Query["$filter"].ToString();
            if (filter.Length == 0)
            {
                // Unfiltered read (preflight's "can I read Sent Items"): the newest message ids.
                int count;
                lock (_gate) count = Math.Min(SentItems.Count, 1);
                var latest = new JsonArray(Enumerable.Range(0, count).Select(i => (JsonNode)new JsonObject { ["id"] = $"AAMkAG-sent-{i}" }).ToArray());
                await Json(http, 200, new JsonObject { ["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#users('x')/mailFolders('sentitems')/messages(id)", ["value"] = latest });
                return;
            }
            var f = Regex.Match(filter, @"singleValueExtendedProperties/Any\(ep: ep/id eq '([^']+)' and ep/value eq '([^']*)'\)");
            if (!f.Success)
            {
                await Error(http, new Scripted(400, ErrorCode: "BadRequest", ErrorMessage: "Invalid filter clause"));
                return;
            }
            List<JsonObject> hits;
            lock (_gate)
            {
                // Named property names are matched without regard to case, as Exchange does.
                hits = SentItems.Where(msg => msg["singleValueExtendedProperties"]?.AsArray()
                    .Any(p => string.Equals((string?)p!["id"], f.Groups[1].Value, StringComparison.OrdinalIgnoreCase) && string.Equals((string?)p["value"], f.Groups[2].Value, StringComparison.OrdinalIgnoreCase)) == true).ToList();
            }
            var value = new JsonArray(hits.Select((_, i) => (JsonNode)new JsonObject { ["@odata.etag"] = "W/\"x\"", ["id"] = $"AAMkAG-sent-{i}" }).ToArray());
            await Json(http, 200, new JsonObject { ["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#users('x')/mailFolders('sentitems')/messages(id)", ["value"] = value });
            return;
        }
        if ((m = Regex.Match(path, "^/v1.0/users/([^/]+)/events(?:/([^/]+))?$")).Success)
        {
            if (EventReplies.TryDequeue(out var s)) { await Error(http, s); return; }
            var owner = m.Groups[1].Value;
            var id = m.Groups[2].Success ? m.Groups[2].Value : null;
            switch (request.Method)
            {
                case "GET" when id is null:
                {
                    JsonArray list;
                    lock (_gate) list = new JsonArray(Events.Where(e => e.Value.Owner == owner).Take(1).Select(e => (JsonNode)new JsonObject { ["id"] = e.Key }).ToArray());
                    await Json(http, 200, new JsonObject { ["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#users('x')/events(id)", ["value"] = list });
                    return;
                }
                case "POST" when id is null:
                {
                    var ev = (JsonObject)body!.DeepClone();
                    var tx = (string?)ev["transactionId"];
                    lock (_gate)
                    {
                        // Documented: a repeated create with the same transactionId does not make a second event.
                        var existing = Events.FirstOrDefault(e => e.Value.Owner == owner && tx is not null && (string?)e.Value.Event["transactionId"] == tx);
                        if (existing.Key is not null)
                        {
                            ev = existing.Value.Event;
                        }
                        else
                        {
                            ev["id"] = "AAMkAG-event-" + Guid.NewGuid().ToString("N")[..12] + "=";
                            Events[(string)ev["id"]!] = (owner, ev);
                        }
                    }
                    await Json(http, 201, (JsonObject)ev.DeepClone());
                    return;
                }
                case "PATCH" when id is not null:
                {
                    JsonObject? updated = null;
                    lock (_gate)
                    {
                        if (Events.TryGetValue(id, out var e) && e.Owner == owner)
                        {
                            foreach (var (k, v) in body!.AsObject()) e.Event[k] = v?.DeepClone();
                            updated = (JsonObject)e.Event.DeepClone();
                        }
                    }
                    if (updated is null) { await Error(http, new Scripted(404, ErrorCode: "ErrorItemNotFound", ErrorMessage: "The specified object was not found in the store.")); return; }
                    await Json(http, 200, updated);
                    return;
                }
                case "DELETE" when id is not null:
                {
                    bool removed;
                    lock (_gate) removed = Events.Remove(id);
                    if (!removed) { await Error(http, new Scripted(404, ErrorCode: "ErrorItemNotFound", ErrorMessage: "The specified object was not found in the store.")); return; }
                    http.Response.StatusCode = 204;
                    return;
                }
            }
        }
        await Error(http, new Scripted(400, ErrorCode: "BadRequest", ErrorMessage: $"Unsupported request {request.Method} {path}"));
    }

    private static bool IsJson(string? contentType) => contentType is null || contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase);

    /// <summary>A MIME message as the Sent Items copy shows it, or null when it is not a message at all.</summary>
    private static JsonObject? ReadMime(byte[] mime)
    {
        MimeKit.MimeMessage message;
        try
        {
            message = MimeKit.MimeMessage.Load(new MemoryStream(mime));
        }
        catch (FormatException)
        {
            return null;
        }
        if (message.Headers.Count == 0 || message.Body is null) return null;
        static JsonArray Recipients(MimeKit.InternetAddressList list) => new(list.Mailboxes
            .Select(m => (JsonNode)new JsonObject { ["emailAddress"] = new JsonObject { ["name"] = m.Name, ["address"] = m.Address } }).ToArray());
        var headers = message.Headers.Where(h => h.Field.StartsWith("X-", StringComparison.OrdinalIgnoreCase))
            .Select(h => (JsonNode)new JsonObject { ["id"] = $"String {InternetHeadersSet} Name {h.Field.ToLowerInvariant()}", ["value"] = h.Value.Trim() })
            .ToArray();
        return new JsonObject
        {
            ["subject"] = message.Subject,
            ["internetMessageId"] = $"<{message.MessageId}>",
            ["from"] = Recipients(message.From).FirstOrDefault()?.DeepClone(),
            ["toRecipients"] = Recipients(message.To),
            ["ccRecipients"] = Recipients(message.Cc),
            ["bccRecipients"] = Recipients(message.Bcc),
            ["singleValueExtendedProperties"] = new JsonArray(headers),
        };
    }

    private static Task Json(HttpContext http, int status, JsonObject body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync(body.ToJsonString());
    }

    /// <summary>Graph's documented error shape: {"error":{"code","message","innerError":{...}}}.</summary>
    private static Task Error(HttpContext http, Scripted s)
    {
        http.Response.StatusCode = s.Status;
        if (s.RetryAfter is not null) http.Response.Headers["Retry-After"] = s.RetryAfter;
        if (s.ErrorCode is null) return Task.CompletedTask;
        return Json(http, s.Status, new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["code"] = s.ErrorCode,
                ["message"] = s.ErrorMessage ?? s.ErrorCode,
                ["innerError"] = new JsonObject { ["date"] = "2026-11-30T10:00:00", ["request-id"] = Guid.NewGuid().ToString(), ["client-request-id"] = Guid.NewGuid().ToString() },
            },
        });
    }

    /// <summary>Ready-made answers.</summary>
    public static Scripted Throttled(int seconds) => new(429, seconds.ToString(), "TooManyRequests", $"Application is over its MailboxConcurrency limit. Please retry after {seconds} seconds.");
    public static Scripted Unavailable() => new(503, null, "ServiceNotAvailable", "Service Unavailable.");
    public static Scripted BadRecipient() => new(400, null, "ErrorInvalidRecipients", "At least one recipient is not valid.");
}

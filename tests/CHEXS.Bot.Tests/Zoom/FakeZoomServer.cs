using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Chexs.Bot.Tests.Zoom;

/// <summary>
/// A local Zoom: in-process Kestrel on 127.0.0.1 (random port) speaking Zoom's documented wire format.
/// It checks what a real Zoom checks (Basic auth and form on the token request, a token it issued on
/// every API call), records every request, keeps meetings in memory, applies "account policy"
/// overrides to requested settings, and plays scripted faults (429, 5xx, slow answers).
/// </summary>
internal sealed class FakeZoomServer : IAsyncDisposable
{
    public const string AccountId = "chexs-account-id";
    public const string ClientId = "chexs-client-id";
    public const string ClientSecret = "chexs-client-secret";
    public const string HostUser = "alex.host@chexs.example";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Fault>> _faults = new();
    private readonly ConcurrentDictionary<string, bool> _validTokens = new();
    private readonly Stopwatch _uptime = Stopwatch.StartNew();
    private int _tokensIssued;
    private long _nextMeetingId = 85746065432;

    private FakeZoomServer(WebApplication app, TimeProvider clock)
    {
        _app = app;
        Clock = clock;
    }

    public TimeProvider Clock { get; }
    public Uri BaseUri { get; private set; } = null!;
    public string ApiBaseUrl => new Uri(BaseUri, "v2/").ToString();
    public string OAuthUrl => new Uri(BaseUri, "oauth/token").ToString();

    public int TokenRequests => Volatile.Read(ref _tokensIssued);
    /// <summary>Token requests refused for wrong Basic credentials or form.</summary>
    public int BadTokenRequests;
    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();
    public ConcurrentDictionary<long, JsonObject> Meetings { get; } = new();
    /// <summary>Settings the "account policy" forces, whatever was requested (name → value).</summary>
    public ConcurrentDictionary<string, JsonNode?> PolicyOverrides { get; } = new();
    /// <summary>Settings Zoom leaves out of its create answer / of its get answer.</summary>
    public HashSet<string> OmitFromCreateAnswer { get; } = new();
    public HashSet<string> OmitFromGetAnswer { get; } = new();

    /// <summary>The token answer's space-separated <c>scope</c>; null: the fixture's (the five meeting scopes).</summary>
    public string? Scope { get; set; }
    /// <summary>Users on the account (email → Zoom user type and status), for GET /v2/users/{userId}. Type 2 is Licensed.</summary>
    public ConcurrentDictionary<string, (int Type, string Status)> Users { get; } = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>The account setting recording.cloud_recording, for GET /v2/accounts/me/settings.</summary>
    public bool CloudRecording { get; set; } = true;

    public IEnumerable<RecordedRequest> For(string route) => Requests.Where(r => r.Route == route);

    public static async Task<FakeZoomServer> StartAsync(TimeProvider clock)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeZoomServer(app, clock);
        server.MapRoutes();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUri = new Uri(address.EndsWith('/') ? address : address + "/");
        return server;
    }

    /// <summary>Queues faults for a route: each request to it takes the next one until none are left.</summary>
    public void Script(string route, params Fault[] faults)
    {
        var queue = _faults.GetOrAdd(route, _ => new ConcurrentQueue<Fault>());
        foreach (var f in faults) queue.Enqueue(f);
    }

    /// <summary>Zoom forgets every token it issued (as after a credentials reset).</summary>
    public void RevokeTokens() => _validTokens.Clear();

    public long AddMeeting(string topic, string host = HostUser)
    {
        var meeting = NewMeeting(topic, new JsonObject(), host);
        Meetings[(long)meeting["id"]!] = meeting;
        return (long)meeting["id"]!;
    }

    private void MapRoutes()
    {
        _app.MapPost("/oauth/token", async (HttpContext ctx) =>
        {
            var record = await RecordAsync(ctx, "token");
            if (await PlayFaultAsync(ctx, "token") is { } faulted) return faulted;
            var form = await ReadFormAsync(record.Body);
            var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ClientId}:{ClientSecret}"));
            if (record.Authorization != expected || form.GetValueOrDefault("grant_type") != "account_credentials" || form.GetValueOrDefault("account_id") != AccountId)
            {
                Interlocked.Increment(ref BadTokenRequests);
                return Results.Json(new { reason = "Invalid client_id or client_secret", error = "invalid_client" }, statusCode: 400);
            }
            var n = Interlocked.Increment(ref _tokensIssued);
            var body = ZoomFixtures.Load("oauth-token");
            var token = $"tok-{n}";
            body["access_token"] = token;
            if (Scope is not null) body["scope"] = Scope;
            _validTokens[token] = true;
            return Results.Text(body.ToJsonString(), "application/json");
        });

        _app.MapPost("/v2/users/{userId}/meetings", async (HttpContext ctx, string userId) =>
        {
            var record = await RecordAsync(ctx, "create");
            if (Unauthorized(record) is { } denied) return denied;
            var fault = NextFault("create");
            if (fault is not null && !fault.ActFirst) return await PlayAsync(ctx, fault);
            var request = JsonNode.Parse(record.Body)!.AsObject();
            var meeting = NewMeeting(request["topic"]!.GetValue<string>(), request, userId);
            Meetings[(long)meeting["id"]!] = meeting;
            if (fault is not null) return await PlayAsync(ctx, fault);
            return Results.Text(Without(meeting, OmitFromCreateAnswer).ToJsonString(), "application/json", statusCode: 201);
        });

        _app.MapGet("/v2/meetings/{id:long}", async (HttpContext ctx, long id) =>
        {
            var record = await RecordAsync(ctx, "get");
            if (Unauthorized(record) is { } denied) return denied;
            if (await PlayFaultAsync(ctx, "get") is { } faulted) return faulted;
            if (!Meetings.TryGetValue(id, out var meeting)) return NotFound(id);
            var answer = Without(meeting, OmitFromGetAnswer);
            answer["status"] = "waiting";
            return Results.Text(answer.ToJsonString(), "application/json");
        });

        _app.MapMethods("/v2/meetings/{id:long}", new[] { "PATCH" }, async (HttpContext ctx, long id) =>
        {
            var record = await RecordAsync(ctx, "update");
            if (Unauthorized(record) is { } denied) return denied;
            if (await PlayFaultAsync(ctx, "update") is { } faulted) return faulted;
            if (!Meetings.TryGetValue(id, out var meeting)) return NotFound(id);
            var patch = JsonNode.Parse(record.Body)!.AsObject();
            foreach (var (key, value) in patch) meeting[key] = value?.DeepClone();
            return Results.StatusCode(204);
        });

        _app.MapDelete("/v2/meetings/{id:long}", async (HttpContext ctx, long id) =>
        {
            var record = await RecordAsync(ctx, "delete");
            if (Unauthorized(record) is { } denied) return denied;
            if (await PlayFaultAsync(ctx, "delete") is { } faulted) return faulted;
            return Meetings.TryRemove(id, out _) ? Results.StatusCode(204) : NotFound(id);
        });

        _app.MapGet("/v2/users/{userId}", async (HttpContext ctx, string userId) =>
        {
            var record = await RecordAsync(ctx, "user");
            if (Unauthorized(record) is { } denied) return denied;
            if (!Users.TryGetValue(userId, out var user))
                return Results.Text("""{"code":1001,"message":"User does not exist: """ + userId + """."}""", "application/json", statusCode: 404);
            // Zoom's Get a user answer, trimmed to the fields the bot reads (type 1 Basic, 2 Licensed).
            return Results.Json(new { id = "z" + Math.Abs(userId.GetHashCode()), email = userId, type = user.Type, status = user.Status });
        });

        _app.MapGet("/v2/accounts/me/settings", async (HttpContext ctx) =>
        {
            var record = await RecordAsync(ctx, "account-settings");
            if (Unauthorized(record) is { } denied) return denied;
            return Results.Json(new { recording = new { local_recording = false, cloud_recording = CloudRecording, auto_recording = "cloud" } });
        });

        _app.MapGet("/v2/users/{userId}/meetings", async (HttpContext ctx, string userId) =>
        {
            var record = await RecordAsync(ctx, "list");
            if (Unauthorized(record) is { } denied) return denied;
            if (await PlayFaultAsync(ctx, "list") is { } faulted) return faulted;
            var page = ZoomFixtures.Load("meetings-list-response");
            var template = page["meetings"]!.AsArray()[0]!.AsObject();
            var items = new JsonArray();
            foreach (var m in Meetings.Values.Where(m => (string?)m["host_email"] == userId))
            {
                var item = (JsonObject)template.DeepClone();
                foreach (var key in new[] { "id", "uuid", "topic", "start_time", "duration", "timezone", "join_url", "created_at" })
                    item[key] = m[key]?.DeepClone();
                items.Add(item);
            }
            page["meetings"] = items;
            page["total_records"] = items.Count;
            return Results.Text(page.ToJsonString(), "application/json");
        });
    }

    private JsonObject NewMeeting(string topic, JsonObject request, string host)
    {
        var id = Interlocked.Increment(ref _nextMeetingId);
        var meeting = ZoomFixtures.Load("meeting-create-response");
        meeting["id"] = id;
        meeting["uuid"] = Convert.ToBase64String(Guid.NewGuid().ToByteArray());
        meeting["topic"] = topic;
        meeting["host_email"] = host;
        meeting["created_at"] = Clock.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        foreach (var key in new[] { "duration", "timezone", "type" })
            if (request[key] is { } v) meeting[key] = v.DeepClone();
        if (request["start_time"] is { } start && request["timezone"] is { } tz)
            meeting["start_time"] = ToUtc(start.GetValue<string>(), tz.GetValue<string>());
        var password = request["password"]?.GetValue<string>() ?? "";
        meeting["password"] = password;
        var pwd = $"fake{id}pwd";
        meeting["encrypted_password"] = pwd;
        meeting["join_url"] = $"{BaseUri}j/{id}?pwd={pwd}";
        meeting["start_url"] = $"{BaseUri}s/{id}?zak=host-key-{Guid.NewGuid():N}";
        var settings = meeting["settings"]!.AsObject();
        if (request["settings"] is JsonObject asked)
            foreach (var (key, value) in asked) settings[key] = value?.DeepClone();
        foreach (var (key, value) in PolicyOverrides) settings[key] = value?.DeepClone();
        return meeting;
    }

    private static string ToUtc(string local, string timeZone)
    {
        var wall = DateTime.ParseExact(local, "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        var utc = TimeZoneInfo.ConvertTimeToUtc(wall, TimeZoneInfo.FindSystemTimeZoneById(timeZone));
        return utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }

    private static JsonObject Without(JsonObject meeting, HashSet<string> omitted)
    {
        var copy = (JsonObject)meeting.DeepClone();
        foreach (var name in omitted) copy["settings"]!.AsObject().Remove(name);
        return copy;
    }

    private IResult? Unauthorized(RecordedRequest record)
    {
        var auth = record.Authorization ?? "";
        if (auth.StartsWith("Bearer ", StringComparison.Ordinal) && _validTokens.ContainsKey(auth["Bearer ".Length..])) return null;
        record.Rejected = true;
        return Results.Text(ZoomFixtures.Text("error-invalid-token"), "application/json", statusCode: 401);
    }

    private static IResult NotFound(long id)
    {
        var body = ZoomFixtures.Load("error-meeting-not-found");
        body["message"] = $"Meeting does not exist: {id}.";
        return Results.Text(body.ToJsonString(), "application/json", statusCode: 404);
    }

    private Fault? NextFault(string route) =>
        _faults.TryGetValue(route, out var queue) && queue.TryDequeue(out var fault) ? fault : null;

    private async Task<IResult?> PlayFaultAsync(HttpContext ctx, string route) =>
        NextFault(route) is { } fault ? await PlayAsync(ctx, fault) : null;

    private async Task<IResult> PlayAsync(HttpContext ctx, Fault fault)
    {
        if (fault.Delay > TimeSpan.Zero) await Task.Delay(fault.Delay, ctx.RequestAborted);
        if (fault.RetryAfter is { } retryAfter) ctx.Response.Headers.RetryAfter = retryAfter(Clock.GetUtcNow());
        return Results.Text(fault.Body ?? "", "application/json", statusCode: fault.Status);
    }

    private async Task<RecordedRequest> RecordAsync(HttpContext ctx, string route)
    {
        using var reader = new StreamReader(ctx.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var record = new RecordedRequest(route, ctx.Request.Method, ctx.Request.Path + ctx.Request.QueryString, ctx.Request.Headers.Authorization.ToString(), body, _uptime.Elapsed);
        Requests.Enqueue(record);
        return record;
    }

    private static Task<Dictionary<string, string>> ReadFormAsync(string body) =>
        Task.FromResult(body.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0]), p => p.Length > 1 ? Uri.UnescapeDataString(p[1].Replace('+', ' ')) : ""));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

internal sealed record RecordedRequest(string Route, string Method, string PathAndQuery, string? Authorization, string Body, TimeSpan At)
{
    public bool Rejected { get; set; }
}

/// <summary>A scripted misbehaviour. <see cref="ActFirst"/>: for a create, Zoom makes the meeting and then fails to say so.</summary>
internal sealed record Fault(int Status, string? Body = null, Func<DateTimeOffset, string>? RetryAfter = null, TimeSpan Delay = default, bool ActFirst = false)
{
    public static Fault RateLimited(Func<DateTimeOffset, string>? retryAfter = null) => new(429, ZoomFixtures.Text("error-rate-limit"), retryAfter);
    public static Fault ServerError(int status = 500) => new(status, """{"code":500,"message":"Internal server error."}""");
    public static Fault Slow(TimeSpan delay) => new(200, "{}", Delay: delay);
    public static Fault CreatedButFailed(int status = 502) => new(status, "", ActFirst: true);
}

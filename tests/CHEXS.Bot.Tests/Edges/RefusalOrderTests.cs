using System.Net;
using Chexs.Bot.Teams;
using Chexs.Bot.Tests.Foundation;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Tests.Edges;

/// <summary>
/// With an app id configured, a caller without a valid channel token learns nothing about its body: 401
/// comes before 413 (too large), 415 (not JSON) and 400 (malformed). A genuine caller gets the precise answer,
/// and JSON is read strictly (one value, nothing after it).
/// </summary>
public sealed class RefusalOrderTests : IAsyncLifetime
{
    private const string AppId = "11111111-2222-3333-4444-555555555555";
    private FakeChannelAuthority _authority = null!;
    private EdgeHost _host = null!;
    private readonly CountingBot.Counter _turns = new();

    public async Task InitializeAsync()
    {
        _authority = await FakeChannelAuthority.StartAsync();
        _host = await EdgeHost.StartAsync(_authority.BotSettings(AppId, TeamsActivities.TenantId), services =>
        {
            services.AddSingleton(_turns);
            services.Replace(ServiceDescriptor.Singleton<IBot>(sp => new CountingBot(sp.GetRequiredService<ChexsBot>(), _turns)));
        });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _authority.DisposeAsync();
    }

    private string Token => _authority.Token(AppId, _host.Connector.ServiceUrl);

    private JObject Help() => _host.FromTeams(TeamsActivities.Message("help"));

    public static TheoryData<string, string, string?> BadRequests() => new()
    {
        { "trailing junk", "VALID} trailing", "application/json" },
        { "not JSON", "{ this is not json", "application/json" },
        { "missing conversation", "NO-CONVERSATION", "application/json" },
        { "text/plain", "VALID", "text/plain" },
        { "no content type", "VALID", null },
        { "too large", "HUGE", "application/json" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Without_a_token_every_bad_request_is_401_and_says_nothing_about_the_body(string why, string body, string? contentType)
    {
        foreach (var token in new[] { null, "not-a-jwt", FakeChannelAuthority.Token(_authority.Signing, "https://issuer.attacker.test", AppId, _host.Connector.ServiceUrl, DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddMinutes(30)) })
        {
            using var response = await _host.PostRawAsync(Body(body), contentType, token);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{why} with token {token ?? "(none)"}: got {(int)response.StatusCode}");
            var text = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("JSON", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("conversation", text, StringComparison.OrdinalIgnoreCase);
        }
        Assert.Equal(0, _turns.Count);
    }

    [Theory]
    [InlineData("trailing junk", "VALID} trailing", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("a second JSON value", "VALID {\"type\":\"message\"}", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("a comment", "/* hi */ VALID", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("missing conversation", "NO-CONVERSATION", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("text/plain", "VALID", "text/plain", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("no content type", "VALID", null, HttpStatusCode.UnsupportedMediaType)]
    [InlineData("form content", "VALID", "application/x-www-form-urlencoded", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("too large", "HUGE", "application/json", HttpStatusCode.RequestEntityTooLarge)]
    public async Task With_a_valid_token_the_caller_is_told_what_is_wrong(string why, string body, string? contentType, HttpStatusCode expected)
    {
        using var response = await _host.PostRawAsync(Body(body), contentType, Token);
        Assert.True(response.StatusCode == expected, $"{why}: got {(int)response.StatusCode}");
        Assert.Equal(0, _turns.Count);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("Application/JSON; charset=UTF-8")]
    public async Task A_valid_activity_as_application_json_is_answered(string contentType)
    {
        using var response = await _host.PostRawAsync(Body("VALID"), contentType, Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(MessagesEndpoint.IsHelpCard((JObject)JObject.Parse(await response.Content.ReadAsStringAsync())["activities"]![0]!));
        Assert.Equal(1, _turns.Count);
    }

    private string Body(string kind) => kind switch
    {
        "VALID" => Help().ToString(Newtonsoft.Json.Formatting.None),
        "NO-CONVERSATION" => Without(Help(), "conversation").ToString(Newtonsoft.Json.Formatting.None),
        "HUGE" => Help().Also(a => a["text"] = new string('x', 400 * 1024)).ToString(Newtonsoft.Json.Formatting.None),
        _ => kind.Replace("VALID", Help().ToString(Newtonsoft.Json.Formatting.None)),
    };

    private static JObject Without(JObject a, string member)
    {
        a.Remove(member);
        return a;
    }
}

internal static class JObjectExtensions
{
    public static JObject Also(this JObject o, Action<JObject> change)
    {
        change(o);
        return o;
    }
}

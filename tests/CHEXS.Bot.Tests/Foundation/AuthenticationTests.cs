using System.Net;
using System.Security.Cryptography;
using Chexs.Bot.Teams;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.IdentityModel.Tokens;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Tests.Foundation;

/// <summary>
/// With an app id configured, only requests carrying a channel token that passes the SDK's checks
/// reach the bot. Everything else is 401 before any handler runs.
/// </summary>
public sealed class AuthenticationTests : IAsyncLifetime
{
    private const string AppId = "11111111-2222-3333-4444-555555555555";
    private readonly TempFolder _folder = new();
    private FakeChannelAuthority _authority = null!;
    private BotAppFactory _app = null!;
    private HttpClient _client = null!;
    private readonly CountingBot.Counter _turns = new();

    public async Task InitializeAsync()
    {
        _authority = await FakeChannelAuthority.StartAsync();
        _app = new BotAppFactory(_folder.File("bot.db"), _authority.BotSettings(AppId, TeamsActivities.TenantId), services =>
        {
            services.AddSingleton(_turns);
            services.Replace(ServiceDescriptor.Singleton<IBot>(sp => new CountingBot(sp.GetRequiredService<ChexsBot>(), _turns)));
        });
        _client = _app.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        await _authority.DisposeAsync();
        _folder.Dispose();
    }

    private static DateTime Now => DateTime.UtcNow;

    [Fact]
    public async Task A_correctly_signed_channel_token_is_accepted_and_the_bot_answers()
    {
        var replies = await MessagesEndpoint.RepliesAsync(_client, TeamsActivities.Message("help"), _authority.Token(AppId, TeamsActivities.ServiceUrl));

        Assert.True(MessagesEndpoint.IsHelpCard(Assert.Single(replies)));
        Assert.Equal(1, _turns.Count);
    }

    [Fact]
    public async Task No_token_is_401()
    {
        await AssertRejected(null);
    }

    [Fact]
    public async Task A_token_that_is_not_a_jwt_is_401()
    {
        await AssertRejected("not-a-jwt");
    }

    [Fact]
    public async Task A_self_signed_token_with_the_right_key_id_but_another_key_is_401()
    {
        using var other = RSA.Create(2048);
        var forged = new SigningCredentials(new RsaSecurityKey(other) { KeyId = FakeChannelAuthority.KeyId }, SecurityAlgorithms.RsaSha256);
        await AssertRejected(FakeChannelAuthority.Token(forged, FakeChannelAuthority.Issuer, AppId, TeamsActivities.ServiceUrl, Now.AddMinutes(-1), Now.AddMinutes(30)));
    }

    [Fact]
    public async Task A_self_signed_token_with_an_unknown_key_is_401()
    {
        using var other = RSA.Create(2048);
        var forged = new SigningCredentials(new RsaSecurityKey(other) { KeyId = "attacker-key" }, SecurityAlgorithms.RsaSha256);
        await AssertRejected(FakeChannelAuthority.Token(forged, FakeChannelAuthority.Issuer, AppId, TeamsActivities.ServiceUrl, Now.AddMinutes(-1), Now.AddMinutes(30)));
    }

    [Fact]
    public async Task A_token_for_another_bot_is_401()
    {
        await AssertRejected(FakeChannelAuthority.Token(_authority.Signing, FakeChannelAuthority.Issuer, "99999999-0000-0000-0000-000000000000", TeamsActivities.ServiceUrl, Now.AddMinutes(-1), Now.AddMinutes(30)));
    }

    [Fact]
    public async Task A_token_from_another_issuer_is_401()
    {
        await AssertRejected(FakeChannelAuthority.Token(_authority.Signing, "https://issuer.attacker.test", AppId, TeamsActivities.ServiceUrl, Now.AddMinutes(-1), Now.AddMinutes(30)));
    }

    [Fact]
    public async Task An_expired_token_is_401()
    {
        // The SDK allows five minutes of clock skew; this one expired ten minutes ago.
        await AssertRejected(FakeChannelAuthority.Token(_authority.Signing, FakeChannelAuthority.Issuer, AppId, TeamsActivities.ServiceUrl, Now.AddHours(-2), Now.AddMinutes(-10)));
    }

    [Fact]
    public async Task A_token_issued_for_another_service_url_is_401()
    {
        await AssertRejected(FakeChannelAuthority.Token(_authority.Signing, FakeChannelAuthority.Issuer, AppId, "https://other-service.test/", Now.AddMinutes(-1), Now.AddMinutes(30)));
    }

    [Fact]
    public async Task A_token_for_a_channel_the_key_is_not_endorsed_for_is_401()
    {
        var activity = TeamsActivities.Message("help");
        activity["channelId"] = "webchat";
        await AssertRejected(_authority.Token(AppId, TeamsActivities.ServiceUrl), activity);
    }

    private async Task AssertRejected(string? token, JObject? activity = null)
    {
        using var response = await MessagesEndpoint.PostAsync(_client, activity ?? TeamsActivities.Message("help"), token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, _turns.Count);
        Assert.Empty(await _app.Services.GetRequiredService<InstallationStore>().AllAsync());
        Assert.Empty(MessagesEndpoint.StateKeys(_app.Services));
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("book session", body);
    }
}

/// <summary>Passes turns to the real bot and counts them, so a test can prove no turn ran.</summary>
public sealed class CountingBot(IBot inner, CountingBot.Counter counter) : IBot
{
    public sealed class Counter
    {
        private int _count;
        public int Count => _count;
        public void Add() => Interlocked.Increment(ref _count);
    }

    public Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken = default)
    {
        counter.Add();
        return inner.OnTurnAsync(turnContext, cancellationToken);
    }
}

using System.IdentityModel.Tokens.Jwt;
using System.Reflection;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Chexs.Bot.Tests.Foundation;

/// <summary>
/// Stands in for the Bot Framework channel's token authority: an in-process Kestrel server on
/// 127.0.0.1 serving an OpenID configuration document and a JWKS with a signing key made at run
/// time, endorsed for "msteams" as the real channel's keys are. The bot is pointed at it with the
/// SDK's ToBotFromChannelOpenIdMetadataUrl / ToBotFromChannelTokenIssuer settings, so the SDK's own
/// signature, issuer, audience, lifetime, endorsement and serviceurl checks run unchanged.
/// </summary>
public sealed class FakeChannelAuthority : IAsyncDisposable
{
    public const string Issuer = "https://api.botframework.test";
    public const string KeyId = "chexs-test-key";

    private readonly WebApplication _server;
    private readonly RSA _key = RSA.Create(2048);

    private FakeChannelAuthority(WebApplication server) => _server = server;

    public string MetadataUrl { get; private set; } = "";

    public SigningCredentials Signing => new(new RsaSecurityKey(_key) { KeyId = KeyId }, SecurityAlgorithms.RsaSha256);

    public static async Task<FakeChannelAuthority> StartAsync(IEnumerable<string>? endorsements = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var server = builder.Build();
        var authority = new FakeChannelAuthority(server);
        var endorsed = (endorsements ?? new[] { "msteams" }).ToArray();

        server.MapGet("/.well-known/openidconfiguration", (HttpContext http) => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Issuer,
            ["authorization_endpoint"] = $"{http.Request.Scheme}://{http.Request.Host}/authorize",
            ["jwks_uri"] = $"{http.Request.Scheme}://{http.Request.Host}/keys",
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["token_endpoint_auth_methods_supported"] = new[] { "private_key_jwt" },
        }));
        server.MapGet("/keys", () =>
        {
            var p = authority._key.ExportParameters(false);
            return Results.Json(new Dictionary<string, object>
            {
                ["keys"] = new[]
                {
                    new Dictionary<string, object>
                    {
                        ["kty"] = "RSA",
                        ["use"] = "sig",
                        ["kid"] = KeyId,
                        ["n"] = Base64UrlEncoder.Encode(p.Modulus),
                        ["e"] = Base64UrlEncoder.Encode(p.Exponent),
                        ["endorsements"] = endorsed,
                    },
                },
            });
        });
        await server.StartAsync();
        var address = server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        authority.MetadataUrl = $"{address.TrimEnd('/')}/.well-known/openidconfiguration";
        AllowPlainHttpMetadata(authority.MetadataUrl);
        return authority;
    }

    /// <summary>The settings that make the bot authenticate, and trust this authority for channel tokens.</summary>
    public Dictionary<string, string?> BotSettings(string appId, string tenantId) => new()
    {
        ["MicrosoftAppType"] = "SingleTenant",
        ["MicrosoftAppId"] = appId,
        ["MicrosoftAppPassword"] = "test-only-secret-not-used-for-anything",
        ["MicrosoftAppTenantId"] = tenantId,
        ["ToBotFromChannelOpenIdMetadataUrl"] = MetadataUrl,
        ["ToBotFromChannelTokenIssuer"] = Issuer,
        // Keeps the emulator code path offline too; our tokens never claim an emulator issuer.
        ["ToBotFromEmulatorOpenIdMetadataUrl"] = MetadataUrl,
        // Setting any of these makes the SDK build a ParameterizedBotFrameworkAuthentication, which
        // takes every value from settings: the outbound ones are the public cloud's own values.
        ["ToChannelFromBotLoginUrl"] = "https://login.microsoftonline.com/{0}",
        ["ToChannelFromBotOAuthScope"] = "https://api.botframework.com",
        ["OAuthUrl"] = "https://api.botframework.com",
    };

    /// <summary>A channel token as the Bot Framework issues it to a bot.</summary>
    public static string Token(SigningCredentials signing, string issuer, string audience, string serviceUrl, DateTime notBefore, DateTime expires)
    {
        var handler = new JwtSecurityTokenHandler();
        var token = handler.CreateJwtSecurityToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity(new[] { new Claim("serviceurl", serviceUrl) }),
            NotBefore = notBefore,
            IssuedAt = notBefore,
            Expires = expires,
            SigningCredentials = signing,
        });
        return handler.WriteToken(token);
    }

    public string Token(string audience, string serviceUrl) =>
        Token(Signing, Issuer, audience, serviceUrl, DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddMinutes(30));

    /// <summary>
    /// The SDK's JwtTokenExtractor caches one OpenID ConfigurationManager per metadata URL in a
    /// private static dictionary, and the one it would create insists on https. Our stand-in speaks
    /// plain http on loopback, so we put an equivalent manager in that cache first, differing only
    /// in RequireHttps. Everything after fetching the documents is the SDK's own code.
    /// </summary>
    private static void AllowPlainHttpMetadata(string metadataUrl)
    {
        var field = typeof(JwtTokenExtractor).GetField("_openIdMetadataCache", BindingFlags.NonPublic | BindingFlags.Static)
            ?? throw new InvalidOperationException("Microsoft.Bot.Connector changed: JwtTokenExtractor._openIdMetadataCache not found.");
        var cache = (System.Collections.Concurrent.ConcurrentDictionary<string, ConfigurationManager<OpenIdConnectConfiguration>>)field.GetValue(null)!;
        cache[metadataUrl] = new ConfigurationManager<OpenIdConnectConfiguration>(
            metadataUrl, new OpenIdConnectConfigurationRetriever(), new HttpDocumentRetriever(new HttpClient()) { RequireHttps = false });
    }

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync();
        await _server.DisposeAsync();
        _key.Dispose();
    }
}

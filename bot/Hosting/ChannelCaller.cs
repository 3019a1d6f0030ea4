using System.IdentityModel.Tokens.Jwt;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;

namespace Chexs.Bot.Hosting;

/// <summary>
/// Is the caller of /api/messages the Bot Framework channel? Asked before the bot says what is wrong with a
/// request it refuses, so that with an app id configured a caller without a valid channel token only ever
/// hears 401 — not whether its body was too large, not JSON, or which member was malformed.
///
/// A well-formed request is authenticated once, by the adapter, as always. A refused one is authenticated
/// here with the SDK's own checks (signature, issuer, audience, lifetime, through <see cref="RejectBadTokens"/>)
/// against a stand-in activity: its body may be unreadable, so the service URL is the one the token itself
/// was issued for, and no channel is asserted (the token's endorsement is not narrowed to one channel).
/// That only decides 401 or the precise refusal; nothing is processed either way.
/// </summary>
public sealed class ChannelCaller(BotFrameworkAuthentication authentication, IConfiguration config)
{
    private const string ServiceUrlClaim = "serviceurl";

    /// <summary>True when an app id is configured, so every request needs a channel token.</summary>
    public bool AuthenticationRequired => !StartupGuards.IsUnauthenticated(config);

    /// <summary>Cheap first look, before reading the body: is there a bearer token at all?</summary>
    public static bool HasBearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(header["Bearer ".Length..]);
    }

    /// <summary>True when the request's token passes the SDK's channel-token checks.</summary>
    public async Task<bool> IsChannelAsync(HttpRequest request, CancellationToken ct)
    {
        if (!HasBearerToken(request)) return false;
        var header = request.Headers.Authorization.ToString();
        if (IssuedServiceUrl(header["Bearer ".Length..].Trim()) is not { } serviceUrl) return false;
        try
        {
            await authentication.AuthenticateRequestAsync(new Activity { ServiceUrl = serviceUrl }, header, ct);
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The service URL a token claims to be issued for (not yet validated: the SDK validates the token).</summary>
    private static string? IssuedServiceUrl(string token)
    {
        var handler = new JwtSecurityTokenHandler();
        if (!handler.CanReadToken(token)) return null;
        try
        {
            return handler.ReadJwtToken(token).Claims.FirstOrDefault(c => c.Type == ServiceUrlClaim)?.Value;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}

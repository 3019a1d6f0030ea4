using System.Security.Claims;
using Microsoft.Bot.Builder.Skills;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;
using Microsoft.IdentityModel.Tokens;

namespace Chexs.Bot.Hosting;

/// <summary>
/// Wraps the SDK's authentication so every bad token is a 401. The SDK reports some failures as
/// <see cref="UnauthorizedAccessException"/> (which CloudAdapter turns into 401) but lets others
/// escape as token-library exceptions: a token signed by an unknown key, a bad signature or a
/// token that is not a JWT at all would surface as a 500. Those are the caller's fault, so they
/// become <see cref="UnauthorizedAccessException"/> here. Other failures (the metadata endpoint
/// being unreachable, say) still propagate, so the channel sees a server error and retries.
/// </summary>
public sealed class RejectBadTokens : BotFrameworkAuthentication
{
    private readonly BotFrameworkAuthentication _inner;
    private readonly ILogger _log;

    public RejectBadTokens(BotFrameworkAuthentication inner, ILogger<RejectBadTokens> log)
    {
        _inner = inner;
        _log = log;
    }

    public override async Task<AuthenticateRequestResult> AuthenticateRequestAsync(Activity activity, string authHeader, CancellationToken cancellationToken)
    {
        var result = await Guard(() => _inner.AuthenticateRequestAsync(activity, authHeader, cancellationToken));
        // The turn's connector client (replies, card updates) comes from this factory, not CreateConnectorFactory.
        if (result.ConnectorFactory is { } factory) result.ConnectorFactory = new SharedJsonContracts(factory);
        return result;
    }

    public override Task<AuthenticateRequestResult> AuthenticateStreamingRequestAsync(string authHeader, string channelIdHeader, CancellationToken cancellationToken) =>
        Guard(() => _inner.AuthenticateStreamingRequestAsync(authHeader, channelIdHeader, cancellationToken));

    public override Task<ClaimsIdentity> AuthenticateChannelRequestAsync(string authHeader, CancellationToken cancellationToken) =>
        Guard(() => _inner.AuthenticateChannelRequestAsync(authHeader, cancellationToken));

    public override ConnectorFactory CreateConnectorFactory(ClaimsIdentity claimsIdentity) => new SharedJsonContracts(_inner.CreateConnectorFactory(claimsIdentity));

    public override Task<UserTokenClient> CreateUserTokenClientAsync(ClaimsIdentity claimsIdentity, CancellationToken cancellationToken) =>
        _inner.CreateUserTokenClientAsync(claimsIdentity, cancellationToken);

    public override BotFrameworkClient CreateBotFrameworkClient() => _inner.CreateBotFrameworkClient();

    public override string GetOriginatingAudience() => _inner.GetOriginatingAudience();

    private async Task<T> Guard<T>(Func<Task<T>> authenticate)
    {
        try
        {
            return await authenticate();
        }
        catch (UnauthorizedAccessException e)
        {
            // Debug only: the refusal itself is logged once, rate-limited, by RefusedRequests.
            _log.LogDebug("Rejected a request to the bot: {Reason}", e.Message);
            throw;
        }
        catch (Exception e) when (e is SecurityTokenException or ArgumentException or FormatException)
        {
            // The token library's message names the failed check, never the token itself.
            _log.LogDebug("Rejected a request to the bot: invalid token ({Error})", e.GetType().Name);
            throw new UnauthorizedAccessException("Invalid token.", e);
        }
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace Chexs.Bot.Zoom;

/// <summary>
/// Server-to-Server OAuth access tokens for the CHEXS account. A token lives an hour and has no refresh
/// token, so one is cached and replaced shortly before it expires. Callers that arrive together while
/// a token is being fetched wait for that one request (single flight): under load this makes one token
/// request per hour, not one per call.
/// </summary>
internal sealed class ZoomAccessTokens
{
    public const string HttpClientName = "Chexs.Zoom.OAuth";

    private readonly IHttpClientFactory _httpFactory;
    private readonly ZoomOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<ZoomAccessTokens> _log;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile CachedToken? _current;

    public ZoomAccessTokens(IHttpClientFactory httpFactory, IOptions<ZoomOptions> options, TimeProvider clock, ILogger<ZoomAccessTokens> log)
    {
        _httpFactory = httpFactory;
        _options = options.Value;
        _clock = clock;
        _log = log;
    }

    public async ValueTask<string> GetAsync(CancellationToken cancellationToken)
    {
        if (Usable(_current) is { } token) return token;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Whoever held the gate before us may already have fetched a fresh token.
            if (Usable(_current) is { } fresh) return fresh;
            var fetched = await FetchAsync(cancellationToken).ConfigureAwait(false);
            _current = fetched;
            return fetched.Value;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Drops <paramref name="token"/> after Zoom refused it (401), so the next call fetches a new one.</summary>
    public void Forget(string token)
    {
        var current = _current;
        if (current is not null && current.Value == token) _current = null;
    }

    private string? Usable(CachedToken? token) =>
        token is not null && _clock.GetUtcNow() < token.ExpiresAt - _options.TokenRenewBefore ? token.Value : null;

    private async Task<CachedToken> FetchAsync(CancellationToken cancellationToken)
    {
        var http = _httpFactory.CreateClient(HttpClientName);
        using var request = new HttpRequestMessage(HttpMethod.Post, _options.OAuthUrl)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "account_credentials",
                ["account_id"] = _options.AccountId,
            }),
        };
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_options.ClientId}:{_options.ClientSecret}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", basic);

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new ZoomTokenException("Zoom's sign-in service could not be reached", "Try again in a few minutes.", e);
        }

        using (response)
        {
            if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                _log.LogError("Zoom refused the CHEXS Server-to-Server OAuth credentials ({Status}). Check Zoom:AccountId, Zoom:ClientId and Zoom:ClientSecret.", (int)response.StatusCode);
                throw new ZoomTokenException("Zoom refused the CHEXS Zoom account credentials", "An administrator must check the bot's Zoom settings.");
            }
            if (!response.IsSuccessStatusCode)
            {
                throw new ZoomTokenException($"Zoom's sign-in service kept failing (HTTP {(int)response.StatusCode})", "Try again in a few minutes.");
            }
            var body = await response.Content.ReadFromJsonAsync<ZoomTokenResponse>(ZoomJson.Options, cancellationToken).ConfigureAwait(false);
            if (string.IsNullOrEmpty(body?.AccessToken) || body.ExpiresIn <= 0)
            {
                throw new ZoomTokenException("Zoom's sign-in service gave an answer the bot could not read", "Try again in a few minutes.");
            }
            var expiresAt = _clock.GetUtcNow().AddSeconds(body.ExpiresIn);
            _log.LogInformation("Obtained a Zoom access token valid until {ExpiresAt:u}.", expiresAt);
            return new CachedToken(body.AccessToken, expiresAt);
        }
    }

    private sealed record CachedToken(string Value, DateTimeOffset ExpiresAt);
}

/// <summary>
/// No access token could be had, so no API request was sent. Internal: <see cref="ZoomMeetings"/> turns it
/// into a <see cref="ZoomUnavailableException"/> that also says what did not happen.
/// </summary>
internal sealed class ZoomTokenException(string reason, string advice, Exception? inner = null) : Exception(reason, inner)
{
    public string Reason { get; } = reason;
    public string Advice { get; } = advice;
}

/// <summary>
/// Puts the account's bearer token on every API request. If Zoom answers 401 (token revoked or
/// expired early) the request is sent once more with a new token: a 401 means Zoom did nothing.
/// </summary>
internal sealed class ZoomBearerHandler : DelegatingHandler
{
    private readonly ZoomAccessTokens _tokens;

    public ZoomBearerHandler(ZoomAccessTokens tokens) => _tokens = tokens;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var token = await _tokens.GetAsync(cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized) return response;

        response.Dispose();
        _tokens.Forget(token);
        token = await _tokens.GetAsync(cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}

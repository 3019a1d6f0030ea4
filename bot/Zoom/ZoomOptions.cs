namespace Chexs.Bot.Zoom;

/// <summary>
/// Settings for the CHEXS Zoom account (section "Zoom"). The four secrets come from configuration or
/// environment variables only (e.g. <c>Zoom__ClientSecret</c>); the repository keeps them empty.
/// </summary>
public sealed class ZoomOptions
{
    public const string Section = "Zoom";

    /// <summary>Server-to-Server OAuth app: the CHEXS Zoom account id (P2: meetings live on the CHEXS account).</summary>
    public string AccountId { get; set; } = "";
    public string ClientId { get; set; } = "";
    public string ClientSecret { get; set; } = "";
    /// <summary>The app's webhook "Secret Token": signs every event Zoom sends us.</summary>
    public string WebhookSecretToken { get; set; } = "";

    /// <summary>Zoom REST API root, ending in "/".</summary>
    public string ApiBaseUrl { get; set; } = "https://api.zoom.us/v2/";
    /// <summary>Zoom's OAuth token endpoint.</summary>
    public string OAuthUrl { get; set; } = "https://zoom.us/oauth/token";

    /// <summary>Use the offline simulator instead of Zoom, even when credentials are set.</summary>
    public bool Simulate { get; set; }

    /// <summary>Longest wait for one HTTP attempt.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>Longest wait for one Zoom operation, retries included.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(45);
    /// <summary>Retries after the first attempt (429 and, except for a create, 5xx/timeouts).</summary>
    public int MaxRetries { get; set; } = 3;
    /// <summary>First backoff delay when Zoom gives no Retry-After; doubles each retry, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);
    /// <summary>
    /// Longest Retry-After we are willing to wait. Zoom's daily limits answer 429 with a Retry-After of
    /// hours; waiting that long inside a booking helps nobody, so we give up and say so.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>An access token lives one hour; get a new one this long before it expires.</summary>
    public TimeSpan TokenRenewBefore { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>Generated meeting passcode length (Zoom allows at most 10).</summary>
    public int PasscodeLength { get; set; } = 10;

    /// <summary>A create intent still open after this long is reconciled (meeting kept or deleted).</summary>
    public TimeSpan IntentGracePeriod { get; set; } = TimeSpan.FromMinutes(10);
    /// <summary>How often the reconciler looks for unfinished creates (it also runs at startup).</summary>
    public TimeSpan ReconcileEvery { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Webhook deliveries whose x-zm-request-timestamp is further than this from now are refused (replay).</summary>
    public TimeSpan WebhookMaxAge { get; set; } = TimeSpan.FromMinutes(5);
}

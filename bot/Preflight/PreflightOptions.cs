namespace Chexs.Bot.Preflight;

/// <summary>What the preflight check (<c>preflight</c> verb, <c>status</c> in Teams) looks at (section "Preflight").</summary>
public sealed class PreflightOptions
{
    public const string Section = "Preflight";

    /// <summary>
    /// The scopes the Zoom Server-to-Server OAuth app must grant (checked against the token's <c>scope</c>).
    /// The meeting scopes are what the bot calls; user and account settings are what preflight itself reads.
    /// Add the scopes Zoom attaches to the event subscriptions you chose (docs/deploy.md, Zoom).
    /// </summary>
    public string[] ZoomRequiredScopes { get; set; } =
    [
        "meeting:write:meeting:admin",
        "meeting:read:meeting:admin",
        "meeting:update:meeting:admin",
        "meeting:delete:meeting:admin",
        "meeting:read:list_meetings:admin",
        "user:read:user:admin",
        "account:read:settings:admin",
    ];

    /// <summary>The extra scopes Zoom attached to the event subscriptions chosen for the app; checked like the ones above.</summary>
    public string[] ZoomEventScopes { get; set; } = [];

    /// <summary>
    /// Hosts to check (work email / UPN), in addition to the staff the database knows. On a new deployment
    /// the database knows nobody yet, so list at least one host here.
    /// </summary>
    public string[] Hosts { get; set; } = [];

    /// <summary>A real mailbox that is NOT in the Exchange management scopes (e.g. a trustee's): Graph must refuse it.</summary>
    public string OutOfScopeMailbox { get; set; } = "";

    /// <summary>Check hosts up to this many (each costs a Graph create+delete and a Zoom lookup).</summary>
    public int MaxHosts { get; set; } = 50;

    /// <summary>Longest wait for any one check.</summary>
    public TimeSpan CheckTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// When each secret expires or is due for rotation (section "Secrets"), recorded when it is created.
/// Entra client secrets always expire (at most 24 months); Zoom's are rotated on the charity's calendar.
/// Dates only, never the secrets themselves.
/// </summary>
public sealed class SecretExpiryOptions
{
    public const string Section = "Secrets";

    public DateOnly? MicrosoftAppPasswordExpires { get; set; }
    public DateOnly? GraphClientSecretExpires { get; set; }
    public DateOnly? ZoomClientSecretRotateBy { get; set; }
    public DateOnly? ZoomWebhookSecretTokenRotateBy { get; set; }

    /// <summary>A secret expiring within this many days already fails the check, so there is time to rotate it.</summary>
    public int WarnDays { get; set; } = 30;
}

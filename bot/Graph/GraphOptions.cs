using Chexs.Bot.Records;

namespace Chexs.Bot.Graph;

/// <summary>
/// Microsoft 365 settings (section "Graph"): who is staff or a manager, which mailbox sends guardian
/// invitations. The client secret comes only from configuration sources outside the repository
/// (environment variables, user secrets, a vault). The P14 concerns contact is a safeguarding setting
/// (<see cref="Safeguarding.ConcernsContactSettings"/>).
/// </summary>
public sealed class GraphOptions
{
    public const string Section = "Graph";
    public const string DefaultBaseUrl = "https://graph.microsoft.com/v1.0";

    /// <summary>Entra ID tenant of the charity.</summary>
    public string TenantId { get; set; } = "";
    /// <summary>App registration used for Graph (application permissions; see README).</summary>
    public string ClientId { get; set; } = "";
    /// <summary>Client secret of that app registration. Secret: environment/secret store only.</summary>
    public string ClientSecret { get; set; } = "";

    /// <summary>How the bot proves who it is to Entra ID for Graph (see <see cref="GraphCredentials"/>).</summary>
    public GraphAuth Auth { get; set; } = GraphAuth.ClientSecret;
    /// <summary>Certificate auth: a PFX or PEM (certificate and private key) file, e.g. a Key Vault certificate mounted or downloaded by the host.</summary>
    public string CertificatePath { get; set; } = "";
    /// <summary>Certificate auth: the PFX password, if any. Secret: environment/secret store only.</summary>
    public string CertificatePassword { get; set; } = "";
    /// <summary>Certificate auth: thumbprint of a certificate in the CurrentUser or LocalMachine "My" store (instead of a file).</summary>
    public string CertificateThumbprint { get; set; } = "";
    /// <summary>Managed identity auth: client id of the user-assigned managed identity (empty: the system-assigned one).</summary>
    public string ManagedIdentityClientId { get; set; } = "";

    /// <summary>Object id of the Entra security group whose members are CHEXS staff.</summary>
    public string StaffGroupId { get; set; } = "";
    /// <summary>Object id of the Entra security group whose members are managers.</summary>
    public string ManagersGroupId { get; set; } = "";

    /// <summary>UPN of the CHEXS shared mailbox that sends guardian invitations (P3).</summary>
    public string SharedMailbox { get; set; } = "";

    /// <summary>Graph root. Only tests point it elsewhere (a local fake Graph server).</summary>
    public string BaseUrl { get; set; } = DefaultBaseUrl;

    /// <summary>
    /// No Microsoft 365 at all: roles from <see cref="DevelopmentRoles"/>, emails written as .eml files to
    /// <see cref="PickupFolder"/>, calendar events only logged. Outside Production the bot falls back to
    /// this when Graph credentials are missing; in Production it must be set explicitly.
    /// </summary>
    public bool Offline { get; set; }

    /// <summary>Offline mode: folder for guardian emails as .eml files (relative to the content root).</summary>
    public string PickupFolder { get; set; } = "data/mail-pickup";

    /// <summary>Offline mode: AAD object id → role and line manager. Anyone not listed is neither staff nor manager.</summary>
    public Dictionary<string, DevelopmentIdentity> DevelopmentRoles { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How long a role or line-manager answer from Graph is trusted before asking again.</summary>
    public int RoleCacheMinutes { get; set; } = 5;

    /// <summary>Outbox: attempts (including throttled ones) before an email or calendar change is given up and the host told.</summary>
    public int OutboxMaxAttempts { get; set; } = 8;
    /// <summary>Outbox: how often the workers look for due work when nobody wakes them.</summary>
    public int OutboxPollSeconds { get; set; } = 15;
}

/// <summary>An offline (development) identity: what Graph would have said about this person.</summary>
public sealed class DevelopmentIdentity
{
    public string Name { get; set; } = "";
    public StaffRole Role { get; set; }
    /// <summary>AAD object id of their line manager, if any.</summary>
    public string? LineManagerId { get; set; }
}

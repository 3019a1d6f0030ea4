using Chexs.Bot.Storage;
using Microsoft.Extensions.Options;

namespace Chexs.Bot.Preflight;

/// <summary>The database can be written, and a recent backup of it exists.</summary>
public sealed class StorageChecks(IPreflightDatabase database, IOptions<BackupOptions> backups, TimeProvider clock) : IPreflightCheck
{
    public const string BackupPattern = "chexs-*.db";

    public string Area => "Database";

    public async Task<IReadOnlyList<CheckResult>> RunAsync(PreflightRun run, CancellationToken ct)
    {
        var results = new List<CheckResult>();
        try
        {
            await database.ProbeWriteAsync(ct);
            results.Add(CheckResult.Ok(Area, $"{database.Location} writable"));
        }
        catch (Exception e)
        {
            results.Add(CheckResult.Fail(Area, $"{database.Location} not writable ({BotFrameworkCheck.Short(e)})",
                "check Database__Path, the disk's free space and that only one bot process uses the file"));
        }
        results.Add(Backup());
        return results;
    }

    private CheckResult Backup()
    {
        var o = backups.Value;
        if (string.IsNullOrWhiteSpace(o.Folder))
            return CheckResult.Fail(Area, "backups: not configured", "set Backup__Folder to a folder on another local disk: the running bot writes a verified backup there every day (docs/deploy.md, section 9; scripts/deploy/backup-db.sh is only for an extra offline copy)");
        if (!Directory.Exists(o.Folder))
            return CheckResult.Fail(Area, $"backups: not configured (folder {o.Folder} does not exist)", "create it (writable by the bot), or point Backup__Folder at an existing folder; the bot writes its daily backups there");
        var newest = new DirectoryInfo(o.Folder).GetFiles(BackupPattern).OrderByDescending(f => f.LastWriteTimeUtc).FirstOrDefault();
        if (newest is null)
            return CheckResult.Fail(Area, $"backups: none yet in {o.Folder}", "the running bot takes its first backup when it starts with Backup__Folder set; if none appears, its log and the managers' channel say why");
        var age = clock.GetUtcNow() - new DateTimeOffset(newest.LastWriteTimeUtc, TimeSpan.Zero);
        return age <= o.MaxAge
            ? CheckResult.Ok(Area, $"last backup {Hours(age)} ago ({newest.Name})")
            : CheckResult.Fail(Area, $"last backup is {Hours(age)} old ({newest.Name}); at most {Hours(o.MaxAge)} expected", "check the backup timer (systemctl status chexs-bot-backup.timer) and its log");
    }

    private static string Hours(TimeSpan t) => t.TotalHours < 48 ? $"{Math.Max(0, (int)t.TotalHours)} h" : $"{(int)t.TotalDays} days";
}

/// <summary>Every secret in use has a recorded expiry or rotation date, and none is past it or close to it.</summary>
public sealed class SecretExpiryChecks(IConfiguration config, IOptions<SecretExpiryOptions> expiry, IOptions<Graph.GraphOptions> graph, IOptions<Zoom.ZoomOptions> zoom, TimeProvider clock) : IPreflightCheck
{
    public string Area => "Secrets";

    public Task<IReadOnlyList<CheckResult>> RunAsync(PreflightRun run, CancellationToken ct)
    {
        var e = expiry.Value;
        var results = new List<CheckResult>();
        if (!string.Equals(config["MicrosoftAppType"], "UserAssignedMSI", StringComparison.OrdinalIgnoreCase))
            results.Add(Date("MicrosoftAppPassword (bot client secret)", e.MicrosoftAppPasswordExpires, "Secrets__MicrosoftAppPasswordExpires", "expires"));
        else
            results.Add(CheckResult.Ok(Area, "bot uses a managed identity: no client secret to expire"));
        var g = graph.Value;
        if (!g.Offline)
        {
            switch (g.Auth)
            {
                case Graph.GraphAuth.ClientSecret:
                    results.Add(Date("Graph:ClientSecret", e.GraphClientSecretExpires, "Secrets__GraphClientSecretExpires", "expires"));
                    break;
                case Graph.GraphAuth.Certificate:
                    results.Add(Certificate(g));
                    break;
                default:
                    results.Add(CheckResult.Ok(Area, $"Graph uses {g.Auth}: no secret to expire"));
                    break;
            }
        }
        if (!zoom.Value.Simulate)
        {
            results.Add(Date("Zoom:ClientSecret", e.ZoomClientSecretRotateBy, "Secrets__ZoomClientSecretRotateBy", "is due for rotation"));
            results.Add(Date("Zoom:WebhookSecretToken", e.ZoomWebhookSecretTokenRotateBy, "Secrets__ZoomWebhookSecretTokenRotateBy", "is due for rotation"));
        }
        return Task.FromResult<IReadOnlyList<CheckResult>>(results);
    }

    private CheckResult Date(string secret, DateOnly? date, string setting, string verb)
    {
        if (date is not { } d)
            return CheckResult.Fail(Area, $"{secret}: no expiry date recorded", $"set {setting} to the date shown when the secret was created (see the rotation calendar in docs/deploy.md)");
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var days = d.DayNumber - today.DayNumber;
        if (days < 0)
            return CheckResult.Fail(Area, $"{secret} {(verb == "expires" ? "expired" : "was due for rotation")} on {d:d MMM yyyy}", $"create a new one, update the secret store, restart, then set {setting}");
        if (days <= expiry.Value.WarnDays)
            return CheckResult.Fail(Area, $"{secret} {verb} on {d:d MMM yyyy}, in {days} day(s)", $"rotate it now (docs/deploy.md, Secret rotation), then set {setting}");
        return CheckResult.Ok(Area, $"{secret} {verb} on {d:d MMM yyyy} ({days} days)");
    }

    private CheckResult Certificate(Graph.GraphOptions g)
    {
        try
        {
            using var cert = Graph.GraphCredentials.LoadCertificate(g);
            return Date($"Graph certificate {cert.Thumbprint[..8]}…", DateOnly.FromDateTime(cert.NotAfter.ToUniversalTime()), "(a new certificate: Graph__CertificatePath)", "expires");
        }
        catch (Exception ex)
        {
            return CheckResult.Fail(Area, $"Graph certificate could not be read ({BotFrameworkCheck.Short(ex)})", "check Graph__CertificatePath / Graph__CertificateThumbprint");
        }
    }
}

/// <summary>P15: the policy the bot enforces carries a review date; past it, the charity must review the policy.</summary>
public sealed class PolicyReviewCheck(Safeguarding.SafeguardingOptions policy, TimeProvider clock) : IPreflightCheck
{
    public string Area => "Policy";

    public Task<IReadOnlyList<CheckResult>> RunAsync(PreflightRun run, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        IReadOnlyList<CheckResult> result = policy.PolicyReviewDate < today
            ? [CheckResult.Fail(Area, $"P15: the policy review date {policy.PolicyReviewDate:d MMM yyyy} has passed ({policy.PolicyVersion})",
                "review the policy with the trustees, then set Safeguarding__PolicyVersion and Safeguarding__PolicyReviewDate")]
            : [CheckResult.Ok(Area, $"P15: {policy.PolicyVersion}, next review {policy.PolicyReviewDate:d MMM yyyy}")];
        return Task.FromResult(result);
    }
}

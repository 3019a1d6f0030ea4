namespace Chexs.Bot.Hosting;

/// <summary>
/// Refuses unsafe configurations before the bot takes a single request, naming the missing setting.
/// </summary>
public static class StartupGuards
{
    /// <summary>
    /// Returns the settings a production bot needs but lacks. Empty when the configuration is complete.
    /// </summary>
    public static IReadOnlyList<string> MissingBotCredentials(IConfiguration config)
    {
        var missing = new List<string>();
        var appType = config["MicrosoftAppType"];
        if (string.IsNullOrWhiteSpace(config["MicrosoftAppId"])) missing.Add("MicrosoftAppId");
        if (string.IsNullOrWhiteSpace(config["MicrosoftAppTenantId"]) && !string.Equals(appType, "MultiTenant", StringComparison.OrdinalIgnoreCase))
            missing.Add("MicrosoftAppTenantId");
        if (!string.Equals(appType, "UserAssignedMSI", StringComparison.OrdinalIgnoreCase) && string.IsNullOrWhiteSpace(config["MicrosoftAppPassword"]))
            missing.Add("MicrosoftAppPassword");
        return missing;
    }

    public static bool IsUnauthenticated(IConfiguration config) => string.IsNullOrWhiteSpace(config["MicrosoftAppId"]);

    /// <summary>The app types the SDK understands; multi-tenant bot creation is deprecated, so Production uses the other two.</summary>
    public static readonly string[] AppTypes = ["SingleTenant", "UserAssignedMSI", "MultiTenant"];

    /// <summary>
    /// One sentence per missing or invalid Teams bot setting, saying which environment variable to set
    /// (secrets from the secret store). Empty when the bot credentials are usable.
    /// </summary>
    public static IReadOnlyList<string> BotCredentialProblems(IConfiguration config)
    {
        var problems = MissingBotCredentials(config).Select(key => StartupRefusal.Missing(key, secret: key == "MicrosoftAppPassword")).ToList();
        var appType = config["MicrosoftAppType"];
        if (!string.IsNullOrWhiteSpace(appType) && !AppTypes.Contains(appType, StringComparer.OrdinalIgnoreCase))
            problems.Add($"MicrosoftAppType is '{appType}'; it must be SingleTenant or UserAssignedMSI (MultiTenant only for an existing multi-tenant registration).");
        foreach (var key in new[] { "MicrosoftAppId", "MicrosoftAppTenantId" })
        {
            var value = config[key];
            if (!string.IsNullOrWhiteSpace(value) && !Guid.TryParse(value, out _))
                problems.Add($"{key} must be a GUID (from the Entra app registration's Overview page); '{value}' is not.");
        }
        return problems;
    }

    /// <summary>Refuses a Production start whose bot credentials are missing or invalid, naming each problem.</summary>
    public static void CheckBotCredentials(IConfiguration config, IHostEnvironment env)
    {
        if (!env.IsProduction()) return;
        var problems = BotCredentialProblems(config);
        if (problems.Count > 0)
        {
            throw new StartupRefusedException(problems);
        }
    }

    /// <summary>
    /// An unauthenticated bot accepts any request, so it must only be reachable from this machine:
    /// every configured URL is rewritten to 127.0.0.1 on the same port.
    /// </summary>
    public static string[] LoopbackOnly(string? urls)
    {
        var list = string.IsNullOrWhiteSpace(urls) ? new[] { "http://127.0.0.1:3978" } : urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return list.Select(u =>
        {
            var scheme = u.StartsWith("https", StringComparison.OrdinalIgnoreCase) ? "https" : "http";
            var port = u.LastIndexOf(':') is var i && i > u.IndexOf("://", StringComparison.Ordinal) + 2 ? u[(i + 1)..].TrimEnd('/') : (scheme == "https" ? "443" : "80");
            return $"{scheme}://127.0.0.1:{port}";
        }).Distinct().ToArray();
    }
}

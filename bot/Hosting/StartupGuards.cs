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

    /// <summary>Throws in Production when bot credentials are missing.</summary>
    public static void CheckBotCredentials(IConfiguration config, IHostEnvironment env)
    {
        if (!env.IsProduction()) return;
        var missing = MissingBotCredentials(config);
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"CHEXS Bot will not start in Production without Teams bot credentials. Missing setting(s): {string.Join(", ", missing)}. " +
                "Set them in appsettings.Production.json or as environment variables (see README, 'Configuring for production').");
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

namespace Chexs.Bot.Hosting;

/// <summary>
/// The bot will not start with these settings. Each problem is one sentence a volunteer can act on; the
/// entry point prints them and exits with code 2 instead of letting the exception crash the process
/// (which would print a stack trace and end in SIGABRT, exit code 134).
/// </summary>
public sealed class StartupRefusedException(IReadOnlyList<string> problems)
    : InvalidOperationException("CHEXS Bot will not start:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}

/// <summary>How a refused start is told: one line per problem, then where settings come from. No stack trace.</summary>
public static class StartupRefusal
{
    public const int ExitCode = 2;

    /// <summary>"Graph:ClientSecret" → "Graph__ClientSecret": what to name the environment variable (or App Service setting).</summary>
    public static string EnvironmentName(string key) => key.Replace(":", "__", StringComparison.Ordinal);

    /// <summary>A missing setting, worded with where it should come from. Secrets never go in a file in the repository.</summary>
    public static string Missing(string key, bool secret = false) => secret
        ? $"{key} is not set. Set the environment variable {EnvironmentName(key)} from your secret store (an Azure Key Vault reference in App Service or Container Apps, or the host's protected environment file); never put it in a file in the repository."
        : $"{key} is not set. Set the environment variable {EnvironmentName(key)} (or the same name as an App Service / Container Apps setting).";

    /// <summary>
    /// For the guards' "Key" or "Key (or OtherKey)" entries: which variable to set, and whether it is a secret
    /// (anything named like a secret, password or token is).
    /// </summary>
    public static string MissingKeyOrAlternative(string entry)
    {
        var open = entry.IndexOf(" (or ", StringComparison.Ordinal);
        var key = open < 0 ? entry : entry[..open];
        var secret = IsSecretKey(key);
        if (open < 0) return Missing(key, secret);
        var alternative = entry[(open + 5)..].TrimEnd(')');
        return Missing(key, secret).Replace($"Set the environment variable {EnvironmentName(key)}",
            $"Set the environment variable {EnvironmentName(key)} (or {EnvironmentName(alternative)})", StringComparison.Ordinal);
    }

    public static bool IsSecretKey(string key) =>
        key.Contains("Secret", StringComparison.OrdinalIgnoreCase) || key.Contains("Password", StringComparison.OrdinalIgnoreCase)
        || key.Contains("Token", StringComparison.OrdinalIgnoreCase) || key.Contains("ConnectionString", StringComparison.OrdinalIgnoreCase)
        || key.Contains("SigningKey", StringComparison.OrdinalIgnoreCase);

    public static int Report(StartupRefusedException refusal, TextWriter error)
    {
        error.WriteLine("CHEXS Bot will not start. Fix each of these, then start it again:");
        foreach (var problem in refusal.Problems)
        {
            error.WriteLine("  - " + problem);
        }
        error.WriteLine("Settings come from environment variables (a section separator is a double underscore) or a secret store; see docs/deploy.md.");
        return ExitCode;
    }
}

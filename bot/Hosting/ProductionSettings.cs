using Chexs.Bot.Safeguarding;
using System.Text.RegularExpressions;
using Chexs.Bot.Graph;
using Chexs.Bot.Preflight;
using Chexs.Bot.Storage;
using Chexs.Bot.Telemetry;
using Chexs.Bot.Zoom;

namespace Chexs.Bot.Hosting;

/// <summary>
/// Every reason the bot must not start with this configuration, gathered in one pass so a volunteer sees
/// all of them at once instead of fixing one, restarting, and meeting the next.
/// </summary>
public static partial class ProductionSettings
{
    /// <summary>Each settings section and the type it binds to; a value that does not convert is a problem in any environment.</summary>
    private static readonly (string Section, Type Type)[] Sections =
    [
        (Safeguarding.SafeguardingOptions.Section, typeof(Safeguarding.SafeguardingOptions)),
        (Storage.DatabaseOptions.Section, typeof(Storage.DatabaseOptions)),
        (Storage.StorageOptions.Section, typeof(Storage.StorageOptions)),
        (Reminders.ReminderOptions.Section, typeof(Reminders.ReminderOptions)),
        (FollowUp.FollowUpOptions.Section, typeof(FollowUp.FollowUpOptions)),
        (Teams.TeamsOptions.Section, typeof(Teams.TeamsOptions)),
        (ZoomOptions.Section, typeof(ZoomOptions)),
        (GraphOptions.Section, typeof(GraphOptions)),
        (TelemetryOptions.Section, typeof(TelemetryOptions)),
        (PreflightOptions.Section, typeof(PreflightOptions)),
        (SecretExpiryOptions.Section, typeof(SecretExpiryOptions)),
        (BackupOptions.Section, typeof(BackupOptions)),
    ];

    public static IReadOnlyList<string> Problems(IConfiguration config, IHostEnvironment env)
    {
        var problems = BindingProblems(config).ToList();
        if (problems.Count > 0)
        {
            // Later checks bind the same sections and would only repeat the conversion errors.
            return problems;
        }
        problems.AddRange(config.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>()?.Problems() ?? []);
        if (!env.IsProduction())
        {
            return problems;
        }
        problems.AddRange(StartupGuards.BotCredentialProblems(config));
        var safeguarding = config.GetSection(SafeguardingOptions.Section).Get<SafeguardingOptions>() ?? new SafeguardingOptions();
        ConcernsContactSettings.ApplyLegacyKeys(safeguarding, config);
        problems.AddRange(GraphStartupGuard.ProductionProblems(config.GetSection(GraphOptions.Section).Get<GraphOptions>() ?? new GraphOptions(), safeguarding));
        var zoom = config.GetSection(ZoomOptions.Section).Get<ZoomOptions>() ?? new ZoomOptions();
        if (!zoom.Simulate)
        {
            problems.AddRange(ZoomStartupGuard.ProductionProblems(ZoomStartupGuard.MissingSettings(zoom)));
        }
        return problems;
    }

    /// <summary>Throws <see cref="StartupRefusedException"/> naming every problem; the entry point turns it into exit code 2.</summary>
    public static void ThrowIfRefused(IConfiguration config, IHostEnvironment env)
    {
        var problems = Problems(config, env);
        if (problems.Count > 0) throw new StartupRefusedException(problems);
    }

    private static IEnumerable<string> BindingProblems(IConfiguration config)
    {
        foreach (var (section, type) in Sections)
        {
            string? problem = null;
            try
            {
                config.GetSection(section).Get(type);
            }
            catch (InvalidOperationException e)
            {
                problem = Describe(e);
            }
            if (problem is not null) yield return problem;
        }
    }

    // .NET 10 words it "Failed to convert configuration value 'x' at 'Key' to type 'T'." (older: without the value).
    // Only the key and type are reported: the value could be something that should not be printed.
    [GeneratedRegex(@"configuration value (?:'.*' )?at '([^']+)' to type '([^']+)'", RegexOptions.Singleline)]
    private static partial Regex ConversionError();

    /// <summary>"Failed to convert configuration value at 'Zoom:AttemptTimeout' to type 'System.TimeSpan'." in plain words.</summary>
    private static string Describe(InvalidOperationException e)
    {
        var inner = e;
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is InvalidOperationException ioe && ConversionError().IsMatch(ioe.Message)) inner = ioe;
        }
        var m = ConversionError().Match(inner.Message);
        if (!m.Success) return "A setting could not be read (" + e.GetType().Name + "). Check the values of the environment variables set for the bot.";
        var key = m.Groups[1].Value;
        var type = m.Groups[2].Value;
        var example = type switch
        {
            "System.TimeSpan" => " (a duration such as 00:00:30 or 1.00:00:00)",
            "System.Int32" => " (a whole number)",
            "System.Boolean" => " (true or false)",
            "System.DateOnly" or "System.Nullable`1[[System.DateOnly" => " (a date such as 2027-05-31)",
            _ when type.Contains("DateOnly", StringComparison.Ordinal) => " (a date such as 2027-05-31)",
            _ when type.StartsWith("Chexs.Bot.", StringComparison.Ordinal) => $" (one of: {string.Join(", ", EnumNames(type))})",
            _ => "",
        };
        return $"{key} has a value that is not valid{example}. Fix the environment variable {StartupRefusal.EnvironmentName(key)}.";
    }

    private static IEnumerable<string> EnumNames(string typeName) =>
        typeof(ProductionSettings).Assembly.GetType(typeName) is { IsEnum: true } t ? Enum.GetNames(t) : [];
}

using Chexs.Bot.Safeguarding;

namespace Chexs.Bot.Graph;

/// <summary>
/// Decides between real Microsoft 365 and offline mode, and refuses a Production start that would
/// silently run without Graph (no role checks against Entra ID, no guardian emails actually sent).
/// </summary>
public static class GraphStartupGuard
{
    /// <summary>Settings the Graph client itself needs for the configured <see cref="GraphOptions.Auth"/>.</summary>
    public static IReadOnlyList<string> MissingCredentials(GraphOptions o) => GraphCredentials.Missing(o);

    /// <summary>Everything a Production bot needs to use Microsoft 365 for roles, invitations and calendars.</summary>
    public static IReadOnlyList<string> MissingForProduction(GraphOptions o, SafeguardingOptions safeguarding)
    {
        var missing = MissingCredentials(o).ToList();
        if (string.IsNullOrWhiteSpace(o.SharedMailbox)) missing.Add("Graph:SharedMailbox");
        if (string.IsNullOrWhiteSpace(o.StaffGroupId)) missing.Add("Graph:StaffGroupId");
        if (string.IsNullOrWhiteSpace(o.ManagersGroupId)) missing.Add("Graph:ManagersGroupId");
        missing.AddRange(ConcernsContactSettings.Missing(safeguarding));
        return missing;
    }

    /// <summary>
    /// One readable sentence per missing Production setting, pointing at environment variables or the secret
    /// store (never at a settings file in the repository).
    /// </summary>
    public static IReadOnlyList<string> ProductionProblems(GraphOptions o, SafeguardingOptions safeguarding)
    {
        var missing = o.Offline ? ConcernsContactSettings.Missing(safeguarding) : MissingForProduction(o, safeguarding);
        var problems = missing.Select(Hosting.StartupRefusal.MissingKeyOrAlternative).ToList();
        if (!o.Offline && missing.Count > 0)
        {
            problems.Add("To run without Microsoft 365 on purpose (roles from configuration, emails to a pickup folder), set Graph__Offline=true instead.");
        }
        return problems;
    }

    /// <summary>
    /// True when the bot runs without Microsoft 365: explicitly (Graph:Offline), or outside Production
    /// when the credentials are missing. Throws in Production when neither Offline nor complete settings.
    /// </summary>
    public static bool DecideOffline(GraphOptions o, SafeguardingOptions safeguarding, IHostEnvironment env)
    {
        if (env.IsProduction())
        {
            // Offline in Production is allowed only when asked for by name; the P14 contact (every invitation names it) is needed either way.
            var problems = ProductionProblems(o, safeguarding);
            if (problems.Count > 0)
            {
                throw new Hosting.StartupRefusedException(problems);
            }
            return o.Offline;
        }
        return o.Offline || MissingCredentials(o).Count > 0;
    }
}

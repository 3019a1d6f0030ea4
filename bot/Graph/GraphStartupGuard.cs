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
    public static IReadOnlyList<string> MissingForProduction(GraphOptions o)
    {
        var missing = MissingCredentials(o).ToList();
        if (string.IsNullOrWhiteSpace(o.SharedMailbox)) missing.Add("Graph:SharedMailbox");
        if (string.IsNullOrWhiteSpace(o.StaffGroupId)) missing.Add("Graph:StaffGroupId");
        if (string.IsNullOrWhiteSpace(o.ManagersGroupId)) missing.Add("Graph:ManagersGroupId");
        missing.AddRange(MissingConcernsContact(o));
        return missing;
    }

    /// <summary>P14: every invitation names a contact, offline or not.</summary>
    public static IReadOnlyList<string> MissingConcernsContact(GraphOptions o)
    {
        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(o.ConcernsContactName)) missing.Add("Graph:ConcernsContactName");
        if (string.IsNullOrWhiteSpace(o.ConcernsContactEmail) && string.IsNullOrWhiteSpace(o.ConcernsContactPhone))
            missing.Add("Graph:ConcernsContactEmail (or Graph:ConcernsContactPhone)");
        return missing;
    }

    /// <summary>
    /// One readable sentence per missing Production setting, pointing at environment variables or the secret
    /// store (never at a settings file in the repository).
    /// </summary>
    public static IReadOnlyList<string> ProductionProblems(GraphOptions o)
    {
        var missing = o.Offline ? MissingConcernsContact(o) : MissingForProduction(o);
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
    public static bool DecideOffline(GraphOptions o, IHostEnvironment env)
    {
        if (env.IsProduction())
        {
            // Offline in Production is allowed only when asked for by name; the P14 contact is needed either way.
            var problems = ProductionProblems(o);
            if (problems.Count > 0)
            {
                throw new Hosting.StartupRefusedException(problems);
            }
            return o.Offline;
        }
        return o.Offline || MissingCredentials(o).Count > 0;
    }
}

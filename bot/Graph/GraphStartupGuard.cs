using Chexs.Bot.Safeguarding;

namespace Chexs.Bot.Graph;

/// <summary>
/// Decides between real Microsoft 365 and offline mode, and refuses a Production start that would
/// silently run without Graph (no role checks against Entra ID, no guardian emails actually sent).
/// </summary>
public static class GraphStartupGuard
{
    /// <summary>Settings the Graph client itself needs.</summary>
    public static IReadOnlyList<string> MissingCredentials(GraphOptions o)
    {
        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(o.TenantId)) missing.Add("Graph:TenantId");
        if (string.IsNullOrWhiteSpace(o.ClientId)) missing.Add("Graph:ClientId");
        if (string.IsNullOrWhiteSpace(o.ClientSecret)) missing.Add("Graph:ClientSecret");
        return missing;
    }

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
    /// True when the bot runs without Microsoft 365: explicitly (Graph:Offline), or outside Production
    /// when the credentials are missing. Throws in Production when neither Offline nor complete settings.
    /// </summary>
    public static bool DecideOffline(GraphOptions o, SafeguardingOptions safeguarding, IHostEnvironment env)
    {
        if (env.IsProduction())
        {
            // Offline in Production is allowed only when asked for by name; the P14 contact (every invitation names it) is needed either way.
            var missing = o.Offline ? ConcernsContactSettings.Missing(safeguarding) : MissingForProduction(o, safeguarding);
            if (missing.Count > 0)
            {
                throw new InvalidOperationException(
                    $"CHEXS Bot will not start in Production without Microsoft Graph settings. Missing setting(s): {string.Join(", ", missing)}. " +
                    "Set them in appsettings.Production.json or as environment variables (e.g. Graph__ClientSecret)" +
                    (o.Offline ? "." : ", or set Graph:Offline=true to run without Microsoft 365 (roles from configuration, emails to a pickup folder)."));
            }
            return o.Offline;
        }
        return o.Offline || MissingCredentials(o).Count > 0;
    }
}

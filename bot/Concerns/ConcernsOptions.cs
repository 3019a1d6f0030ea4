namespace Chexs.Bot.Concerns;

/// <summary>
/// Who receives safeguarding concerns and what staff are told to do when a child is at immediate risk. Read from the
/// "Safeguarding" section beside the policy settings (Safeguarding:LeadIds, :LeadPhone, :EmergencyPhone, :ConcernKeepUntilAge).
/// </summary>
public sealed class ConcernsOptions
{
    public const string Section = "Safeguarding";

    /// <summary>Entra object ids of the Designated Safeguarding Lead(s). Empty: the managers (staff records with the manager role) receive concerns.</summary>
    public List<string> LeadIds { get; set; } = new();
    /// <summary>The DSL's phone number, said to a staff member who reports a child at immediate risk.</summary>
    public string LeadPhone { get; set; } = "";
    /// <summary>The emergency services' number (UK: 999).</summary>
    public string EmergencyPhone { get; set; } = "999";
    /// <summary>A concern is kept at least until its youngest pupil's birthday at this age (default 25); the bot never deletes one.</summary>
    public int ConcernKeepUntilAge { get; set; } = 25;

    public string? Problem() =>
        ConcernKeepUntilAge < 18 ? "Safeguarding:ConcernKeepUntilAge must be at least 18: concerns about children are kept into adulthood."
        : string.IsNullOrWhiteSpace(EmergencyPhone) ? "Safeguarding:EmergencyPhone must be set (999 in the UK)."
        : null;
}

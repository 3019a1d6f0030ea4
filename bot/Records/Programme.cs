namespace Chexs.Bot.Records;

/// <summary>The CHEXS programmes a session may belong to (policy rule P1).</summary>
public enum Programme
{
    Growth,
    AfterschoolLeadership,
}

public static class ProgrammeNames
{
    public static string Display(this Programme programme) => programme switch
    {
        Programme.Growth => "Growth Programme",
        Programme.AfterschoolLeadership => "Afterschool Leadership Programme",
        _ => programme.ToString(),
    };

    /// <summary>Reads the names staff and spreadsheets actually use ("growth", "Afterschool Leadership", "ALP").</summary>
    public static bool TryParse(string? text, out Programme programme)
    {
        var t = (text ?? "").Trim().ToLowerInvariant().Replace("programme", "").Replace("program", "").Trim();
        switch (t)
        {
            case "growth":
                programme = Programme.Growth;
                return true;
            case "afterschool leadership":
            case "after school leadership":
            case "afterschool":
            case "leadership":
            case "alp":
                programme = Programme.AfterschoolLeadership;
                return true;
            default:
                programme = default;
                return false;
        }
    }
}

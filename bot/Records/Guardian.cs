namespace Chexs.Bot.Records;

/// <summary>A parent or guardian: the only person CHEXS sends join details to (P3).</summary>
public sealed class Guardian
{
    /// <summary>Stable id derived from the email address (lower-cased), so re-imports match.</summary>
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string Relationship { get; set; } = "";
    public string Email { get; set; } = "";
    public string? Phone { get; set; }
    public List<string> PupilIds { get; set; } = new();
    /// <summary>The language CHEXS writes to this guardian in: en, cy, or cy-en (Welsh then English). See Invitations/Languages.</summary>
    public string Language { get; set; } = "en";

    public static string IdFor(string email) => email.Trim().ToLowerInvariant();
}

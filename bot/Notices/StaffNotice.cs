namespace Chexs.Bot.Notices;

/// <summary>
/// A message the bot owes a staff member or the managers, kept in the store until Teams has taken it,
/// so a restart between deciding to tell someone and telling them loses nothing.
/// </summary>
public sealed class StaffNotice
{
    public const string Managers = "managers";

    public string Id { get; set; } = Guid.NewGuid().ToString("N");
    /// <summary>Entra object id of the staff member (their personal chat), or <see cref="Managers"/>.</summary>
    public string Recipient { get; set; } = "";
    /// <summary>Plain text, or null when <see cref="CardJson"/> is set. Never a join link or passcode.</summary>
    public string? Text { get; set; }
    public string? CardJson { get; set; }

    public List<string> Records { get; set; } = new();
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
}

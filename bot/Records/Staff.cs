namespace Chexs.Bot.Records;

public enum StaffRole
{
    Staff,
    Manager,
}

/// <summary>A CHEXS staff member, known by their Entra ID (AAD) object id from the Teams activity.</summary>
public sealed class StaffMember
{
    /// <summary>Entra ID object id.</summary>
    public string Id { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string? Email { get; set; }
    public StaffRole Role { get; set; }
    /// <summary>The Zoom user (on the CHEXS account, P2) that hosts this person's meetings.</summary>
    public string? ZoomUserId { get; set; }
    /// <summary>Entra object id of their line manager, when known.</summary>
    public string? LineManagerId { get; set; }
}

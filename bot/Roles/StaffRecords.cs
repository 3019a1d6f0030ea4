using Chexs.Bot.Records;
using Chexs.Bot.Storage;

namespace Chexs.Bot.Roles;

/// <summary>
/// Keeps the staff records the policy engine reads (role for P10 approvals, Zoom user for P2) in line
/// with what the directory says, whenever a staff member or manager uses the bot.
/// </summary>
public sealed class StaffRecords
{
    private readonly ChexsDatabase _db;

    public StaffRecords(ChexsDatabase db) => _db = db;

    /// <summary>True when the record lacks what only Teams can tell us (the person's email / sign-in name).</summary>
    public bool NeedsEmail(string aadObjectId) => string.IsNullOrWhiteSpace(_db.Staff.FindById(aadObjectId)?.Email);

    /// <summary>
    /// Records the person's current role and name. Their Zoom user defaults to their email (the CHEXS
    /// Zoom account's users are the staff's work emails, and Zoom's API takes an email as a user id); a
    /// Zoom user set by an administrator or the import is kept.
    /// </summary>
    public StaffMember Sync(string aadObjectId, string displayName, StaffRole role, string? email = null)
    {
        var existing = _db.Staff.FindById(aadObjectId);
        var record = existing ?? new StaffMember { Id = aadObjectId };
        var changed = existing is null || record.Role != role
            || (!string.IsNullOrWhiteSpace(displayName) && record.DisplayName != displayName)
            || (!string.IsNullOrWhiteSpace(email) && (record.Email != email || record.ZoomUserId is null));
        if (!changed)
        {
            return record;
        }
        record.Role = role;
        if (!string.IsNullOrWhiteSpace(displayName)) record.DisplayName = displayName;
        if (!string.IsNullOrWhiteSpace(email))
        {
            record.Email = email;
            record.ZoomUserId ??= email;
        }
        _db.Staff.Upsert(record);
        return record;
    }
}

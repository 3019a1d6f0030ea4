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

    /// <summary>
    /// Records the person's current role and name. Their Zoom user defaults to their email (Zoom's API
    /// accepts a user's email as its id), and an existing Zoom user set by an administrator is kept.
    /// </summary>
    public StaffMember Sync(string aadObjectId, string displayName, StaffRole role, string? email = null)
    {
        var record = _db.Staff.FindById(aadObjectId) ?? new StaffMember { Id = aadObjectId };
        var changed = record.Role != role || (!string.IsNullOrWhiteSpace(displayName) && record.DisplayName != displayName)
            || (!string.IsNullOrWhiteSpace(email) && record.Email != email) || record.ZoomUserId is null && !string.IsNullOrWhiteSpace(email ?? record.Email);
        if (!changed && _db.Staff.Exists(s => s.Id == aadObjectId))
        {
            return record;
        }
        record.Role = role;
        if (!string.IsNullOrWhiteSpace(displayName)) record.DisplayName = displayName;
        if (!string.IsNullOrWhiteSpace(email)) record.Email = email;
        record.ZoomUserId ??= record.Email;
        _db.Staff.Upsert(record);
        return record;
    }
}

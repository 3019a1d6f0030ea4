using Chexs.Bot.Records;

namespace Chexs.Bot.Roles;

/// <summary>
/// Keeps the staff records the policy engine reads (role for P10 approvals, Zoom user for P2) in line
/// with what the directory says, whenever a staff member or manager uses the bot.
/// </summary>
public sealed class StaffRecords
{
    private readonly IStaffRepository _staff;

    public StaffRecords(IStaffRepository staff) => _staff = staff;

    /// <summary>True when the record lacks what only Teams can tell us (the person's email / sign-in name).</summary>
    public async Task<bool> NeedsEmailAsync(string aadObjectId, CancellationToken ct = default) =>
        string.IsNullOrWhiteSpace((await _staff.FindAsync(aadObjectId, ct))?.Email);

    /// <summary>
    /// Records the person's current role and name. Their Zoom user defaults to their email (the CHEXS
    /// Zoom account's users are the staff's work emails, and Zoom's API takes an email as a user id); a
    /// Zoom user set by an administrator or the import is kept.
    /// </summary>
    public async Task<StaffMember> SyncAsync(string aadObjectId, string displayName, StaffRole role, string? email = null, CancellationToken ct = default)
    {
        var existing = await _staff.FindAsync(aadObjectId, ct);
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
        await _staff.UpsertAsync(record, ct);
        return record;
    }
}

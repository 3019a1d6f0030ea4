using Chexs.Bot.Records;

namespace Chexs.Bot.Roles;

/// <summary>
/// Who may do what: staff and managers are members of configured Entra ID security groups, looked up
/// by the AAD object id on the Teams activity.
/// </summary>
public interface IStaffDirectory
{
    /// <summary>Manager, Staff, or null for someone who is neither (they get a polite refusal and nothing else).</summary>
    /// <exception cref="StaffDirectoryUnavailableException">Microsoft 365 could not be asked; the answer is unknown, not "no".</exception>
    Task<StaffRole?> GetRoleAsync(string aadObjectId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The person's line manager (Entra "manager") when that person is a manager; null when there is none
    /// or they are not in the managers group (approvals then go to the managers' channel).
    /// </summary>
    /// <exception cref="StaffDirectoryUnavailableException">Microsoft 365 could not be asked.</exception>
    Task<(string Id, string Name)?> GetLineManagerAsync(string aadObjectId, CancellationToken cancellationToken = default);
}

/// <summary>The directory could not answer (Graph throttled, down, or refused us). Never read this as "not staff".</summary>
public sealed class StaffDirectoryUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

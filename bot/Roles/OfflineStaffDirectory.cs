using Chexs.Bot.Graph;
using Chexs.Bot.Records;
using Microsoft.Extensions.Options;

namespace Chexs.Bot.Roles;

/// <summary>Offline development: roles and line managers from Graph:DevelopmentRoles.</summary>
public sealed class OfflineStaffDirectory : IStaffDirectory
{
    private readonly Dictionary<string, DevelopmentIdentity> _people;

    public OfflineStaffDirectory(IOptions<GraphOptions> options) =>
        _people = new Dictionary<string, DevelopmentIdentity>(options.Value.DevelopmentRoles, StringComparer.OrdinalIgnoreCase);

    public Task<StaffRole?> GetRoleAsync(string aadObjectId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_people.TryGetValue(aadObjectId ?? "", out var p) ? p.Role : (StaffRole?)null);

    public Task<(string Id, string Name)?> GetLineManagerAsync(string aadObjectId, CancellationToken cancellationToken = default)
    {
        if (_people.TryGetValue(aadObjectId ?? "", out var person) &&
            person.LineManagerId is { Length: > 0 } managerId &&
            _people.TryGetValue(managerId, out var manager) && manager.Role == StaffRole.Manager)
        {
            return Task.FromResult<(string, string)?>((managerId, manager.Name));
        }
        return Task.FromResult<(string, string)?>(null);
    }
}

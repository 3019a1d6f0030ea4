using System.Collections.Concurrent;
using Chexs.Bot.Graph;
using Chexs.Bot.Records;
using Microsoft.Extensions.Options;

namespace Chexs.Bot.Roles;

/// <summary>
/// Remembers directory answers for Graph:RoleCacheMinutes, so a conversation does not cost a Graph call
/// per message, while a removal from the staff group takes effect within minutes. Only answers are
/// cached; a failure to ask is not (see <see cref="StaffDirectoryUnavailableException"/>).
/// </summary>
public sealed class CachedStaffDirectory : IStaffDirectory
{
    private readonly IStaffDirectory _inner;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _ttl;
    private readonly ConcurrentDictionary<string, (DateTimeOffset Expires, StaffRole? Role)> _roles = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, (DateTimeOffset Expires, (string Id, string Name)? Manager)> _managers = new(StringComparer.OrdinalIgnoreCase);

    public CachedStaffDirectory(IStaffDirectory inner, IOptions<GraphOptions> options, TimeProvider clock)
    {
        _inner = inner;
        _clock = clock;
        _ttl = TimeSpan.FromMinutes(Math.Max(0, options.Value.RoleCacheMinutes));
    }

    public async Task<StaffRole?> GetRoleAsync(string aadObjectId, CancellationToken cancellationToken = default)
    {
        var now = _clock.GetUtcNow();
        if (_roles.TryGetValue(aadObjectId, out var hit) && hit.Expires > now) return hit.Role;
        var role = await _inner.GetRoleAsync(aadObjectId, cancellationToken);
        _roles[aadObjectId] = (now + _ttl, role);
        return role;
    }

    public async Task<(string Id, string Name)?> GetLineManagerAsync(string aadObjectId, CancellationToken cancellationToken = default)
    {
        var now = _clock.GetUtcNow();
        if (_managers.TryGetValue(aadObjectId, out var hit) && hit.Expires > now) return hit.Manager;
        var manager = await _inner.GetLineManagerAsync(aadObjectId, cancellationToken);
        _managers[aadObjectId] = (now + _ttl, manager);
        return manager;
    }
}

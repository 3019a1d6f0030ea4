using Chexs.Bot.Records;
using Chexs.Bot.Roles;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Graph.Users.Item.CheckMemberGroups;

namespace Chexs.Bot.Graph;

/// <summary>
/// Roles straight from Microsoft Graph, uncached (wrap in <see cref="CachedStaffDirectory"/>).
/// POST /users/{id}/checkMemberGroups answers for both groups in one call and is transitive, so nested
/// groups work; GET /users/{id}/manager gives the line manager.
/// </summary>
public sealed class GraphStaffDirectory : IStaffDirectory
{
    private readonly GraphServiceClient _graph;
    private readonly GraphOptions _options;
    private readonly TimeProvider _clock;

    public GraphStaffDirectory(GraphServiceClient graph, IOptions<GraphOptions> options, TimeProvider clock)
    {
        _graph = graph;
        _options = options.Value;
        _clock = clock;
    }

    public async Task<StaffRole?> GetRoleAsync(string aadObjectId, CancellationToken cancellationToken = default)
    {
        if (!LooksLikeObjectId(aadObjectId)) return null;
        try
        {
            var body = new CheckMemberGroupsPostRequestBody { GroupIds = [_options.ManagersGroupId, _options.StaffGroupId] };
            var response = await _graph.Users[aadObjectId].CheckMemberGroups.PostAsCheckMemberGroupsPostResponseAsync(body, cancellationToken: cancellationToken);
            var memberOf = new HashSet<string>(response?.Value ?? [], StringComparer.OrdinalIgnoreCase);
            if (memberOf.Contains(_options.ManagersGroupId)) return StaffRole.Manager;
            if (memberOf.Contains(_options.StaffGroupId)) return StaffRole.Staff;
            return null;
        }
        catch (ODataError e) when (e.ResponseStatusCode == 404)
        {
            // No such user in the tenant (a guest from elsewhere, a deleted account): neither staff nor manager.
            return null;
        }
        catch (Exception e) when (GraphFailure.Translate(e, _clock.GetUtcNow()) is { } failure)
        {
            throw new StaffDirectoryUnavailableException($"Could not check group membership in Microsoft 365 ({failure.Message}).", e);
        }
    }

    public async Task<(string Id, string Name)?> GetLineManagerAsync(string aadObjectId, CancellationToken cancellationToken = default)
    {
        if (!LooksLikeObjectId(aadObjectId)) return null;
        DirectoryObject? manager;
        try
        {
            manager = await _graph.Users[aadObjectId].Manager.GetAsync(r => r.QueryParameters.Select = ["id", "displayName"], cancellationToken);
        }
        catch (ODataError e) when (e.ResponseStatusCode == 404)
        {
            return null; // Graph answers 404 when no manager is set.
        }
        catch (Exception e) when (GraphFailure.Translate(e, _clock.GetUtcNow()) is { } failure)
        {
            throw new StaffDirectoryUnavailableException($"Could not look up the line manager in Microsoft 365 ({failure.Message}).", e);
        }
        if (manager?.Id is not { Length: > 0 } id) return null;
        if (await GetRoleAsync(id, cancellationToken) != StaffRole.Manager) return null;
        var name = (manager as User)?.DisplayName
            ?? (manager.AdditionalData.TryGetValue("displayName", out var n) ? n?.ToString() : null);
        return (id, string.IsNullOrWhiteSpace(name) ? "your line manager" : name!);
    }

    /// <summary>Entra object ids are GUIDs; anything else never reaches a Graph URL.</summary>
    private static bool LooksLikeObjectId(string id) => Guid.TryParse(id, out _);
}

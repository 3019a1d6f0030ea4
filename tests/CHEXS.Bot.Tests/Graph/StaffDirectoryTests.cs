using Chexs.Bot.Graph;
using Chexs.Bot.Records;
using Chexs.Bot.Roles;
using Microsoft.Extensions.Options;

namespace Chexs.Bot.Tests.Graph;

public sealed class StaffDirectoryTests : IAsyncLifetime
{
    private readonly GraphTestKit _kit = new();
    private FakeGraphServer _graph = null!;

    public async Task InitializeAsync()
    {
        _graph = await FakeGraphServer.StartAsync();
        _graph.GroupsOf[Ids.Alex] = [Ids.StaffGroup];
        _graph.GroupsOf[Ids.Morgan] = [Ids.StaffGroup, Ids.ManagersGroup];
        _graph.GroupsOf[Ids.Jordan] = [Ids.ManagersGroup];
        _graph.GroupsOf[Ids.Casey] = ["33333333-3333-3333-3333-333333333333"];
        _graph.ManagerOf[Ids.Alex] = (Ids.Morgan, "Morgan Manager");
        _graph.ManagerOf[Ids.Morgan] = (Ids.Alex, "Alex Host"); // Morgan's manager is only staff
    }

    public async Task DisposeAsync()
    {
        await _graph.DisposeAsync();
        _kit.Dispose();
    }

    private IStaffDirectory Directory() =>
        new CachedStaffDirectory(new GraphStaffDirectory(_kit.ClientFor(_graph), _kit.GraphOptions, _kit.Clock), _kit.GraphOptions, _kit.Clock);

    [Fact]
    public async Task A_managers_group_member_is_a_manager_a_staff_member_is_staff_and_anyone_else_is_neither()
    {
        var directory = Directory();

        Assert.Equal(StaffRole.Manager, await directory.GetRoleAsync(Ids.Morgan));
        Assert.Equal(StaffRole.Manager, await directory.GetRoleAsync(Ids.Jordan));
        Assert.Equal(StaffRole.Staff, await directory.GetRoleAsync(Ids.Alex));
        Assert.Null(await directory.GetRoleAsync(Ids.Casey));

        var calls = _graph.Seen("POST", "/checkMemberGroups");
        Assert.Equal(4, calls.Count);
        var first = calls.First(c => c.Path == $"/v1.0/users/{Ids.Morgan}/checkMemberGroups");
        Assert.Equal("Bearer " + FakeGraphServer.Token, first.Authorization);
        var asked = first.Body!["groupIds"]!.AsArray().Select(n => (string)n!).ToList();
        Assert.Equal(new[] { Ids.ManagersGroup, Ids.StaffGroup }.Order(), asked.Order());
        Assert.Contains("https://graph.microsoft.com/.default", _kit.Credential.ScopesAsked);
    }

    [Fact]
    public async Task Someone_Graph_does_not_know_is_neither_staff_nor_manager()
    {
        Assert.Null(await Directory().GetRoleAsync("99999999-9999-9999-9999-999999999999"));
    }

    [Fact]
    public async Task Something_that_is_not_an_object_id_never_reaches_Graph()
    {
        Assert.Null(await Directory().GetRoleAsync("../../groups"));
        Assert.Empty(_graph.Requests);
    }

    [Fact]
    public async Task A_role_is_cached_for_RoleCacheMinutes_then_asked_again()
    {
        var directory = Directory();
        Assert.Equal(StaffRole.Staff, await directory.GetRoleAsync(Ids.Alex));
        _kit.Clock.Advance(TimeSpan.FromMinutes(4) + TimeSpan.FromSeconds(59));
        Assert.Equal(StaffRole.Staff, await directory.GetRoleAsync(Ids.Alex));
        Assert.Single(_graph.Seen("POST", "/checkMemberGroups"));

        // Alex is promoted; the cache still answers until it expires, then Graph is asked again.
        _graph.GroupsOf[Ids.Alex].Add(Ids.ManagersGroup);
        _kit.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(StaffRole.Manager, await directory.GetRoleAsync(Ids.Alex));
        Assert.Equal(2, _graph.Seen("POST", "/checkMemberGroups").Count);
    }

    [Fact]
    public async Task When_Graph_fails_the_answer_is_unknown_not_no_and_is_not_cached()
    {
        var directory = Directory();
        _graph.DirectoryReplies.Enqueue(FakeGraphServer.Throttled(3));
        var e = await Assert.ThrowsAsync<StaffDirectoryUnavailableException>(() => directory.GetRoleAsync(Ids.Morgan));
        Assert.Contains("429", e.Message);

        _graph.DirectoryReplies.Enqueue(FakeGraphServer.Unavailable());
        await Assert.ThrowsAsync<StaffDirectoryUnavailableException>(() => directory.GetRoleAsync(Ids.Morgan));

        Assert.Equal(StaffRole.Manager, await directory.GetRoleAsync(Ids.Morgan));
        Assert.Equal(3, _graph.Seen("POST", "/checkMemberGroups").Count);
    }

    [Fact]
    public async Task The_line_manager_is_returned_only_when_that_person_is_a_manager()
    {
        var directory = Directory();

        Assert.Equal((Ids.Morgan, "Morgan Manager"), await directory.GetLineManagerAsync(Ids.Alex));
        Assert.Null(await directory.GetLineManagerAsync(Ids.Morgan)); // manager is Alex, who is only staff
        Assert.Null(await directory.GetLineManagerAsync(Ids.Jordan)); // Graph: 404, no manager set

        var manager = _graph.Seen("GET", $"/users/{Ids.Alex}/manager").Single();
        Assert.Equal("Bearer " + FakeGraphServer.Token, manager.Authorization);
        Assert.Contains("$select=id,displayName", manager.Query);
    }

    [Fact]
    public async Task Offline_roles_come_from_DevelopmentRoles()
    {
        var options = new GraphOptions
        {
            DevelopmentRoles = new()
            {
                [Ids.Alex] = new DevelopmentIdentity { Name = "Alex Host", Role = StaffRole.Staff, LineManagerId = Ids.Morgan },
                [Ids.Morgan] = new DevelopmentIdentity { Name = "Morgan Manager", Role = StaffRole.Manager },
                [Ids.Jordan] = new DevelopmentIdentity { Name = "Jordan Lead", Role = StaffRole.Manager, LineManagerId = Ids.Alex },
            },
        };
        var directory = new OfflineStaffDirectory(Options.Create(options));

        Assert.Equal(StaffRole.Staff, await directory.GetRoleAsync(Ids.Alex));
        Assert.Equal(StaffRole.Manager, await directory.GetRoleAsync(Ids.Morgan.ToUpperInvariant()));
        Assert.Null(await directory.GetRoleAsync(Ids.Casey));
        Assert.Equal((Ids.Morgan, "Morgan Manager"), await directory.GetLineManagerAsync(Ids.Alex));
        Assert.Null(await directory.GetLineManagerAsync(Ids.Jordan)); // Jordan's "line manager" is only staff
        Assert.Null(await directory.GetLineManagerAsync(Ids.Casey));
    }
}

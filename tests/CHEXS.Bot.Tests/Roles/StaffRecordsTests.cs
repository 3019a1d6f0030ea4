using Chexs.Bot.Records;
using Chexs.Bot.Roles;
using Chexs.Bot.Tests.Support;

namespace Chexs.Bot.Tests.Roles;

public sealed class StaffRecordsTests : IDisposable
{
    private readonly TempDatabase _temp = new();

    [Fact]
    public async Task A_new_staff_member_gets_a_record_with_their_email_as_Zoom_user()
    {
        var records = new StaffRecords(_temp.Db.StaffRepository);
        Assert.True(await records.NeedsEmailAsync("aad-1"));
        await records.SyncAsync("aad-1", "Alex Host", StaffRole.Staff, "alex@chexs.example");
        var stored = _temp.Db.Staff.FindById("aad-1");
        Assert.Equal(("Alex Host", StaffRole.Staff, "alex@chexs.example"), (stored.DisplayName, stored.Role, stored.ZoomUserId));
        Assert.False(await records.NeedsEmailAsync("aad-1"));
    }

    [Fact]
    public async Task A_role_change_in_the_directory_reaches_the_record_and_an_administrators_Zoom_user_is_kept()
    {
        _temp.Db.Staff.Insert(new StaffMember { Id = "aad-2", DisplayName = "Morgan", Role = StaffRole.Staff, Email = "m@chexs.example", ZoomUserId = "zoom-host-7" });
        await new StaffRecords(_temp.Db.StaffRepository).SyncAsync("aad-2", "Morgan Manager", StaffRole.Manager, "m@chexs.example");
        var stored = _temp.Db.Staff.FindById("aad-2");
        Assert.Equal(StaffRole.Manager, stored.Role);
        Assert.Equal("Morgan Manager", stored.DisplayName);
        Assert.Equal("zoom-host-7", stored.ZoomUserId);
    }

    [Fact]
    public async Task Without_an_email_no_Zoom_user_is_invented()
    {
        await new StaffRecords(_temp.Db.StaffRepository).SyncAsync("aad-3", "Jordan", StaffRole.Manager);
        Assert.Null(_temp.Db.Staff.FindById("aad-3").ZoomUserId);
    }

    public void Dispose() => _temp.Dispose();
}

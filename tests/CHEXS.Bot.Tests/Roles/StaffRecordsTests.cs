using Chexs.Bot.Records;
using Chexs.Bot.Roles;
using Chexs.Bot.Tests.Support;

namespace Chexs.Bot.Tests.Roles;

public sealed class StaffRecordsTests : IDisposable
{
    private readonly TempDatabase _temp = new();

    [Fact]
    public void A_new_staff_member_gets_a_record_with_their_email_as_Zoom_user()
    {
        var records = new StaffRecords(_temp.Db);
        Assert.True(records.NeedsEmail("aad-1"));
        records.Sync("aad-1", "Alex Host", StaffRole.Staff, "alex@chexs.example");
        var stored = _temp.Db.Staff.FindById("aad-1");
        Assert.Equal(("Alex Host", StaffRole.Staff, "alex@chexs.example"), (stored.DisplayName, stored.Role, stored.ZoomUserId));
        Assert.False(records.NeedsEmail("aad-1"));
    }

    [Fact]
    public void A_role_change_in_the_directory_reaches_the_record_and_an_administrators_Zoom_user_is_kept()
    {
        _temp.Db.Staff.Insert(new StaffMember { Id = "aad-2", DisplayName = "Morgan", Role = StaffRole.Staff, Email = "m@chexs.example", ZoomUserId = "zoom-host-7" });
        new StaffRecords(_temp.Db).Sync("aad-2", "Morgan Manager", StaffRole.Manager, "m@chexs.example");
        var stored = _temp.Db.Staff.FindById("aad-2");
        Assert.Equal(StaffRole.Manager, stored.Role);
        Assert.Equal("Morgan Manager", stored.DisplayName);
        Assert.Equal("zoom-host-7", stored.ZoomUserId);
    }

    [Fact]
    public void Without_an_email_no_Zoom_user_is_invented()
    {
        new StaffRecords(_temp.Db).Sync("aad-3", "Jordan", StaffRole.Manager);
        Assert.Null(_temp.Db.Staff.FindById("aad-3").ZoomUserId);
    }

    public void Dispose() => _temp.Dispose();
}

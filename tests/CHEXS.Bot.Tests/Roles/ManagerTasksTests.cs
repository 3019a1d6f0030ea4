using Chexs.Bot.Invitations;
using Chexs.Bot.Outbox;
using Chexs.Bot.Roles;
using Chexs.Bot.Tests.Conversations;

namespace Chexs.Bot.Tests.Roles;

/// <summary>
/// Managers' tasks in Teams beside imports: a host's Zoom user (validated, audited, used for the next meeting) and the
/// outbox backlog (counts only). Staff get one sentence and change nothing.
/// </summary>
public sealed class ManagerTasksTests : IDisposable
{
    private readonly ConversationHarness _h = new();

    public void Dispose() => _h.Dispose();

    private async Task StaffRecordForAlexAsync() => await _h.Personal(Person.Alex).Say("policy");

    [Theory]
    [InlineData("set zoom user for Alex Host to alex@chexs.org.uk")]
    [InlineData("Alex Host's zoom user is alex@chexs.org.uk")]
    [InlineData("set zoom user for alex to alex@chexs.org.uk")]
    public async Task A_manager_sets_a_hosts_zoom_user_and_it_is_stored_and_audited(string line)
    {
        await StaffRecordForAlexAsync();

        var replies = await _h.Personal(Person.Morgan).Say(line);

        Assert.StartsWith("Done: Alex Host's meetings will be made on the CHEXS Zoom account as alex@chexs.org.uk", replies.Text);
        Assert.Equal("alex@chexs.org.uk", _h.Db.Staff.FindById(Person.Alex.AadObjectId).ZoomUserId);
        var audit = Assert.Single(_h.Db.Audit.FindAll(), a => a.Action == "staff.zoom-user");
        Assert.Equal(Person.Morgan.AadObjectId, audit.Actor);
        Assert.Contains("to alex@chexs.org.uk", audit.Detail);
    }

    [Fact]
    public async Task The_zoom_user_set_by_a_manager_survives_the_next_message_from_the_host()
    {
        await StaffRecordForAlexAsync();
        await _h.Personal(Person.Morgan).Say("set zoom user for Alex Host to alex@chexs.org.uk");

        await _h.Personal(Person.Alex).Say("my sessions");

        Assert.Equal("alex@chexs.org.uk", _h.Db.Staff.FindById(Person.Alex.AadObjectId).ZoomUserId);
    }

    [Theory]
    [InlineData("set zoom user for Alex Host to alex-at-chexs@", "is not an e-mail address")]
    [InlineData("set zoom user for Nobody Here to n@chexs.org.uk", "I don't know a member of staff called Nobody Here")]
    public async Task A_bad_address_or_unknown_name_changes_nothing(string line, string answer)
    {
        await StaffRecordForAlexAsync();
        var before = _h.Db.Staff.FindById(Person.Alex.AadObjectId).ZoomUserId;

        var replies = await _h.Personal(Person.Morgan).Say(line);

        Assert.Contains(answer, replies.Text);
        Assert.Equal(before, _h.Db.Staff.FindById(Person.Alex.AadObjectId).ZoomUserId);
        Assert.DoesNotContain(_h.Db.Audit.FindAll(), a => a.Action == "staff.zoom-user");
    }

    [Fact]
    public async Task Staff_cannot_set_a_zoom_user()
    {
        await StaffRecordForAlexAsync();

        var replies = await _h.Personal(Person.Alex).Say("set zoom user for Alex Host to alex@evil.example");

        Assert.Equal(ZoomUsers.StaffOnlyReply, replies.Text);
        Assert.NotEqual("alex@evil.example", _h.Db.Staff.FindById(Person.Alex.AadObjectId).ZoomUserId);
    }

    [Fact]
    public async Task The_outbox_backlog_counts_waiting_and_failed_mail_without_any_personal_data()
    {
        var outbox = _h.Db.GuardianEmailOutbox;
        await outbox.InsertAsync(new GuardianEmailRow { SessionId = "S-AAAAA", ToAddress = "priya.patel@example.org", ToName = "Priya Patel", PupilInitials = "S.P.",
            Status = OutboxStatus.Pending, CreatedAt = _h.Clock.GetUtcNow().AddMinutes(-90) });
        await outbox.InsertAsync(new GuardianEmailRow { SessionId = "S-AAAAA", ToAddress = "grace.evans@example.org", ToName = "Grace Evans", PupilInitials = "L.E.",
            Status = OutboxStatus.Failed, CreatedAt = _h.Clock.GetUtcNow().AddDays(-1) });

        var replies = await _h.Personal(Person.Morgan).Say("outbox");

        Assert.Contains("**Guardian e-mails**: 1 waiting (oldest 1 h 30 min), 1 failed", replies.Text);
        Assert.Contains("**Calendar events**: 0 waiting, 0 failed", replies.Text);
        Assert.DoesNotContain("Priya", replies.Everything);
        Assert.DoesNotContain("example.org", replies.Everything);
        Assert.DoesNotContain("S-AAAAA", replies.Everything);
    }

    [Fact]
    public async Task Staff_are_told_the_backlog_is_for_managers()
    {
        Assert.Equal(OutboxBacklog.StaffOnlyReply, (await _h.Personal(Person.Alex).Say("backlog")).Text);
    }

    [Fact]
    public async Task A_manager_resends_a_failed_invitation_once_and_it_is_queued_again()
    {
        var alex = _h.Personal(Person.Alex);
        await alex.Click((await alex.Say("book session growth with Sam Patel tomorrow 4pm for 45 min")).Card, "Confirm");
        var session = _h.OnlySession();
        // The outbox gave up on one of the invitations (Graph refused it eight times).
        var rows = _h.Db.GuardianEmails.FindAll().Where(r => r.SessionId == session.Id).ToList();
        var failed = rows[0];
        failed.Status = OutboxStatus.Failed;
        failed.LastError = "mailbox unavailable";
        _h.Db.GuardianEmails.Update(failed);
        var morgan = _h.Personal(Person.Morgan);

        var list = (await morgan.Say("resend invitations")).Card;

        var text = CardJson.Text(list);
        Assert.Contains($"{session.Id} · ", text);
        Assert.Contains($"guardian of Sam Patel: mailbox unavailable", text);
        Assert.Contains(failed.ToAddress, text);
        var resend = await morgan.Click(list, $"Resend 1 for {session.Id}");

        Assert.Equal($"Queued 1 e-mail for {session.Id} again. If one fails again, its host is told, and it shows here again.", resend.InvokeMessage);
        var after = _h.Db.GuardianEmails.FindAll().Where(r => r.SessionId == session.Id && r.GuardianId == failed.GuardianId).OrderBy(r => r.Id).ToList();
        Assert.Equal([OutboxStatus.Resent, OutboxStatus.Pending], after.Select(r => r.Status));
        Assert.Contains(_h.Db.Audit.FindAll(), a => a.Action == "guardian-email.requeued" && a.Actor == Person.Morgan.AadObjectId);

        var again = await morgan.Click(list, $"Resend 1 for {session.Id}");
        Assert.StartsWith($"Nothing left to resend for {session.Id}", again.InvokeMessage);
        Assert.Equal(2, _h.Db.GuardianEmails.FindAll().Count(r => r.SessionId == session.Id && r.GuardianId == failed.GuardianId));
        Assert.Equal(ResendInvitations.NothingReply, (await morgan.Say("resend invitations")).Text);
    }

    [Fact]
    public async Task Staff_cannot_list_or_resend_failed_invitations()
    {
        Assert.Equal(ResendInvitations.StaffOnlyReply, (await _h.Personal(Person.Alex).Say("resend invitations")).Text);
    }
}

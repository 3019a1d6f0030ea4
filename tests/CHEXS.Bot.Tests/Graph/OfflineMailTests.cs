using Chexs.Bot.Invitations;
using Chexs.Bot.Notices;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;

namespace Chexs.Bot.Tests.Graph;

public sealed class OfflineMailTests : IDisposable
{
    private readonly GraphTestKit _kit = new();

    public void Dispose() => _kit.Dispose();

    [Fact]
    public async Task Offline_each_guardian_email_is_a_readable_eml_file_written_once()
    {
        var (pupil, mum, dad) = _kit.SeedFamily(new DateOnly(2013, 1, 1));
        var session = _kit.SeedSession(pupil.Id);
        var sender = new PickupFolderMailSender(_kit.PickupFolder, Ids.Mailbox, _kit.Clock);
        var invitations = new GuardianInvitations(_kit.Db.GuardianEmailOutbox, _kit.Db.PupilRepository, _kit.Db.GuardianRepository, _kit.Db.Transactions, new InvitationComposer(_kit.SafeguardingSettings), _kit.Clock);
        var worker = new GuardianEmailWorker(_kit.Db.GuardianEmailOutbox, _kit.Db.Transactions, _kit.Db.AuditTrail, sender, _kit.Db.WorkClaims(_kit.Clock), new StaffNotices(_kit.Db.NoticeOutbox, _kit.Clock), invitations, _kit.GraphOptions, _kit.Clock, NullLogger<GuardianEmailWorker>.Instance);
        await invitations.EnqueueAsync(session, InvitationKind.Invitation);

        await worker.RunOnceAsync();
        await worker.RunOnceAsync();

        var files = Directory.GetFiles(_kit.PickupFolder, "*.eml");
        Assert.Equal(2, files.Length);
        Assert.Empty(Directory.GetFiles(_kit.PickupFolder, "*.tmp"));

        var messages = files.Select(f => MimeMessage.Load(f)).ToList();
        Assert.Equal(new[] { mum.Email, dad.Email }.Order(), messages.Select(m => m.To.Mailboxes.Single().Address).Order());
        foreach (var message in messages)
        {
            Assert.Single(message.To);
            Assert.Empty(message.Cc);
            Assert.Empty(message.Bcc);
            Assert.Equal(Ids.Mailbox, message.From.Mailboxes.Single().Address);
            Assert.Contains("Growth Programme", message.Subject);
            var text = message.TextBody;
            Assert.Contains("When: Thursday 3 December 2026, 4:00pm to 4:45pm (UK time)", text);
            Assert.Contains("Join link: " + GraphTestKit.JoinUrl, text);
            Assert.Contains("Passcode: " + GraphTestKit.Passcode, text);
            Assert.Contains("Because Sam is under 14", text); // 13 on the day
            Assert.Contains("http://zoom.us/terms", text);
            Assert.Contains("http://zoom.us/privacy", message.HtmlBody);
            Assert.NotNull(message.Headers["X-CHEXS-Outbox-Key"]);
        }
        Assert.All(_kit.Db.GuardianEmails.FindAll(), r => Assert.Equal(OutboxStatus.Sent, r.Status));
    }

    [Fact]
    public async Task Offline_a_file_already_written_before_a_crash_is_not_written_again()
    {
        var (pupil, _, _) = _kit.SeedFamily();
        var sender = new PickupFolderMailSender(_kit.PickupFolder, Ids.Mailbox, _kit.Clock);
        var invitations = new GuardianInvitations(_kit.Db.GuardianEmailOutbox, _kit.Db.PupilRepository, _kit.Db.GuardianRepository, _kit.Db.Transactions, new InvitationComposer(_kit.SafeguardingSettings), _kit.Clock);
        var batch = await invitations.EnqueueAsync(_kit.SeedSession(pupil.Id), InvitationKind.Invitation);
        var row = batch.Queued[0];

        // The previous process wrote the file and died before recording it.
        await sender.SendAsync(OutgoingMail.From(row, Ids.Mailbox), CancellationToken.None);
        row.Attempts = 1;
        row.MaybeSent = true;
        row.LastAttemptAt = _kit.Clock.GetUtcNow();
        _kit.Db.GuardianEmails.Update(row);

        _kit.Clock.Advance(TimeSpan.FromMinutes(5));
        var worker = new GuardianEmailWorker(_kit.Db.GuardianEmailOutbox, _kit.Db.Transactions, _kit.Db.AuditTrail, sender, _kit.Db.WorkClaims(_kit.Clock), new StaffNotices(_kit.Db.NoticeOutbox, _kit.Clock), invitations, _kit.GraphOptions, _kit.Clock, NullLogger<GuardianEmailWorker>.Instance);
        await worker.RunOnceAsync();

        Assert.Equal(2, Directory.GetFiles(_kit.PickupFolder, "*.eml").Length); // this one once, plus the other guardian's
        Assert.Single(Directory.GetFiles(_kit.PickupFolder, $"*-{row.MessageKey}.eml"));
        Assert.True(_kit.Db.GuardianEmails.FindById(row.Id).FoundInSentItems);
    }
}

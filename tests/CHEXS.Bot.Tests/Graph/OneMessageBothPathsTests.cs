using System.Text;
using Chexs.Bot.Graph;
using Chexs.Bot.Invitations;
using Chexs.Bot.Notices;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;

namespace Chexs.Bot.Tests.Graph;

/// <summary>
/// The offline preview is what goes out: the MIME message is built once, and Microsoft Graph (the fake, speaking sendMail's
/// documented MIME format) receives exactly the bytes the pickup folder holds.
/// </summary>
public sealed class OneMessageBothPathsTests : IAsyncLifetime
{
    private readonly GraphTestKit _kit = new();
    private FakeGraphServer _graph = null!;

    public async Task InitializeAsync() => _graph = await FakeGraphServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _graph.DisposeAsync();
        _kit.Dispose();
    }

    [Fact]
    public async Task Graph_is_sent_byte_for_byte_the_message_the_pickup_folder_shows()
    {
        var (pupil, mum, dad) = _kit.SeedFamily();
        mum.Language = "cy-en";
        _kit.Db.Guardians.Update(mum);
        dad.PupilIds.Clear();
        _kit.Db.Guardians.Update(dad);
        var invitations = new GuardianInvitations(_kit.Db.GuardianEmailOutbox, _kit.Db.PupilRepository, _kit.Db.GuardianRepository, _kit.Db.Transactions,
            new InvitationComposer(_kit.SafeguardingSettings), _kit.Clock, _kit.GraphOptions, _kit.SafeguardingSettings);
        var row = Assert.Single((await invitations.EnqueueAsync(_kit.SeedSession(pupil.Id), InvitationKind.Invitation)).Queued);
        var stored = row.Mime;

        // The preview: what the offline bot writes for this row.
        await new PickupFolderMailSender(_kit.PickupFolder, Ids.Mailbox, _kit.Clock).SendAsync(OutgoingMail.From(row, Ids.Mailbox), CancellationToken.None);
        var preview = File.ReadAllBytes(Assert.Single(Directory.GetFiles(_kit.PickupFolder, "*.eml")));
        // What goes out: the outbox worker sends the same row through Graph.
        var worker = new GuardianEmailWorker(_kit.Db.GuardianEmailOutbox, _kit.Db.Transactions, _kit.Db.AuditTrail, new GraphMailSender(_kit.ClientFor(_graph), _kit.GraphOptions, _kit.Clock),
            _kit.Db.WorkClaims(_kit.Clock), new StaffNotices(_kit.Db.NoticeOutbox, _kit.Clock), invitations, _kit.GraphOptions, _kit.Clock, NullLogger<GuardianEmailWorker>.Instance);
        await worker.RunOnceAsync();

        var sent = Assert.Single(_graph.SentMime);
        Assert.Equal(preview, sent);
        Assert.Equal(Encoding.ASCII.GetBytes(stored), sent);
        Assert.All(sent, b => Assert.True(b < 128, "every byte is 7-bit ASCII"));
        var request = Assert.Single(_graph.Seen("POST", "/sendMail"));
        Assert.StartsWith("text/plain", request.ContentType);
        Assert.Equal(Convert.ToBase64String(preview), request.Text);

        // The message: plain text + HTML (+ calendar) as alternatives, and the invitation attached.
        var message = MimeMessage.Load(new MemoryStream(sent));
        var mixed = Assert.IsType<Multipart>(message.Body);
        Assert.Equal("mixed", mixed.ContentType.MediaSubtype);
        var alternative = Assert.IsType<MultipartAlternative>(mixed[0]);
        Assert.Equal(["text/plain", "text/html", "text/calendar"], alternative.Select(p => p.ContentType.MimeType));
        Assert.Equal("invite.ics", Assert.IsType<MimePart>(mixed[1]).FileName);
        Assert.Equal("cy, en", message.Body!.Headers[HeaderId.ContentLanguage]);
        Assert.Equal(mum.Email, message.To.Mailboxes.Single().Address);
        Assert.Equal(Ids.Mailbox, message.From.Mailboxes.Single().Address);
        Assert.Equal(row.MessageKey, message.Headers[GraphMailSender.OutboxKeyHeader]);

        // Sent: nothing holding the join details is kept, and Sent Items can be searched by the key header.
        var after = _kit.Db.GuardianEmails.FindById(row.Id);
        Assert.Equal(OutboxStatus.Sent, after.Status);
        Assert.Equal("", after.Mime);
        Assert.True(await new GraphMailSender(_kit.ClientFor(_graph), _kit.GraphOptions, _kit.Clock).WasSentAsync(OutgoingMail.From(row, Ids.Mailbox) with { QueuedBeforeMime = false }, CancellationToken.None));
    }

    [Fact]
    public async Task The_fake_Graph_refuses_MIME_content_that_is_not_base64_as_Graph_documents()
    {
        using var http = new HttpClient();
        using var body = new StringContent("this is not base64!", Encoding.ASCII, "text/plain");
        http.DefaultRequestHeaders.Authorization = new("Bearer", FakeGraphServer.Token);

        var answer = await http.PostAsync($"{_graph.BaseUrl}/users/{Ids.Mailbox}/sendMail", body);

        Assert.Equal(400, (int)answer.StatusCode);
        Assert.Contains("ErrorMimeContentInvalidBase64String", await answer.Content.ReadAsStringAsync());
        Assert.Empty(_graph.SentMime);
    }
}

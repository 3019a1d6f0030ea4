using System.Text.Json.Nodes;
using Chexs.Bot.Graph;
using Chexs.Bot.Invitations;
using Chexs.Bot.Notices;
using Microsoft.Extensions.Logging;

namespace Chexs.Bot.Tests.Graph;

/// <summary>The guardian-email outbox against a fake Graph, through the real GraphServiceClient.</summary>
public sealed class GuardianEmailOutboxTests : IAsyncLifetime
{
    private readonly GraphTestKit _kit = new();
    private readonly CapturingLoggerProvider _logs = new();
    private FakeGraphServer _graph = null!;

    public async Task InitializeAsync() => _graph = await FakeGraphServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _graph.DisposeAsync();
        _kit.Dispose();
    }

    private GraphMailSender Sender() => new(_kit.ClientFor(_graph), _kit.GraphOptions, _kit.Clock);

    private (GuardianInvitations Invitations, GuardianEmailWorker Worker) Outbox(IMailSender? sender = null)
    {
        var invitations = new GuardianInvitations(_kit.Db.GuardianEmailOutbox, _kit.Db.PupilRepository, _kit.Db.GuardianRepository, _kit.Db.Transactions, new InvitationComposer(_kit.SafeguardingSettings), _kit.Clock);
        var logger = LoggerFactory.Create(b => b.AddProvider(_logs)).CreateLogger<GuardianEmailWorker>();
        var worker = new GuardianEmailWorker(_kit.Db.GuardianEmailOutbox, _kit.Db.Transactions, _kit.Db.AuditTrail, sender ?? Sender(), _kit.Db.WorkClaims(_kit.Clock), new StaffNotices(_kit.Db.NoticeOutbox, _kit.Clock), invitations, _kit.GraphOptions, _kit.Clock, logger);
        return (invitations, worker);
    }

    private IReadOnlyList<SeenRequest> SendMails => _graph.Seen("POST", "/sendMail");

    [Fact]
    public async Task Each_guardian_gets_one_email_from_the_shared_mailbox_addressed_to_them_alone()
    {
        var (pupil, mum, dad) = _kit.SeedFamily(first: "Sam <sam.pupil@example.org>");
        var session = _kit.SeedSession(pupil.Id);
        var (invitations, worker) = Outbox();
        await invitations.EnqueueAsync(session, InvitationKind.Invitation);

        await worker.RunOnceAsync();

        Assert.Equal(2, SendMails.Count);
        foreach (var request in SendMails)
        {
            Assert.Equal($"/v1.0/users/{Ids.Mailbox}/sendMail", request.Path);
            Assert.Equal("Bearer " + FakeGraphServer.Token, request.Authorization);
            Assert.StartsWith("text/plain", request.ContentType); // sendMail's MIME format: the message, base64
            var message = MimeKit.MimeMessage.Load(new MemoryStream(Convert.FromBase64String(request.Text)));
            var to = message.To.Mailboxes.Select(m => m.Address).ToList();
            Assert.Single(to);
            Assert.Contains(to[0], new[] { mum.Email, dad.Email });
            Assert.Empty(message.Cc);
            Assert.Empty(message.Bcc);
            Assert.Empty(message.ReplyTo);
            Assert.DoesNotContain("sam.pupil@example.org", request.Text);
            Assert.DoesNotContain("sam.pupil@example.org", message.TextBody + message.HtmlBody);
            Assert.Contains("Passcode: " + GraphTestKit.Passcode, message.HtmlBody);
            Assert.Contains("http://zoom.us/terms", message.HtmlBody);
            Assert.Contains("safeguarding@chexs.example", message.TextBody);
            Assert.NotNull(message.Headers[GraphMailSender.OutboxKeyHeader]);
        }
        Assert.Equal(new[] { mum.Email, dad.Email }.Order(),
            _graph.SentItems.Select(m => (string)m["toRecipients"]![0]!["emailAddress"]!["address"]!).Order());

        var rows = _kit.Db.GuardianEmails.FindAll().ToList();
        Assert.All(rows, r => Assert.Equal(OutboxStatus.Sent, r.Status));
        Assert.All(rows, r => Assert.True(string.IsNullOrEmpty(r.TextBody))); // no join details kept once sent
        Assert.Equal(2, _kit.Db.Audit.Count(a => a.Action == "guardian-email.sent"));

        // Nothing left to do: a second pass sends nothing.
        await worker.RunOnceAsync();
        Assert.Equal(2, SendMails.Count);
    }

    [Fact]
    public async Task A_429_is_retried_after_Retry_After_and_the_email_goes_once()
    {
        var (pupil, _, dad) = _kit.SeedFamily();
        dad.PupilIds.Clear();
        _kit.Db.Guardians.Update(dad);
        var (invitations, worker) = Outbox();
        await invitations.EnqueueAsync(_kit.SeedSession(pupil.Id), InvitationKind.Invitation);
        _graph.SendMailReplies.Enqueue(FakeGraphServer.Throttled(7));

        await worker.RunOnceAsync();
        var row = _kit.Db.GuardianEmails.FindAll().Single();
        Assert.Equal(OutboxStatus.Pending, row.Status);
        Assert.False(row.MaybeSent); // a 429 means Graph did not take it
        Assert.Equal(_kit.Clock.GetUtcNow().AddSeconds(7), row.NextAttemptAt);
        Assert.Contains("429", row.LastError);

        _kit.Clock.Advance(TimeSpan.FromSeconds(6));
        await worker.RunOnceAsync();
        Assert.Single(SendMails); // not yet: Retry-After is honoured

        _kit.Clock.Advance(TimeSpan.FromSeconds(1));
        await worker.RunOnceAsync();
        Assert.Equal(2, SendMails.Count);
        Assert.Single(_graph.SentItems);
        Assert.Equal(OutboxStatus.Sent, _kit.Db.GuardianEmails.FindAll().Single().Status);
        Assert.Empty(_graph.Seen("GET", "/mailFolders/")); // nothing was unclear, so no Sent Items lookup
    }

    [Fact]
    public async Task A_5xx_is_retried_after_checking_Sent_Items_so_nothing_is_sent_twice()
    {
        var (pupil, _, dad) = _kit.SeedFamily();
        dad.PupilIds.Clear();
        _kit.Db.Guardians.Update(dad);
        var (invitations, worker) = Outbox();
        await invitations.EnqueueAsync(_kit.SeedSession(pupil.Id), InvitationKind.Invitation);
        _graph.SendMailReplies.Enqueue(FakeGraphServer.Unavailable());
        _graph.SendMailReplies.Enqueue(new Scripted(502)); // no body at all

        await worker.RunOnceAsync();
        var row = _kit.Db.GuardianEmails.FindAll().Single();
        Assert.True(row.MaybeSent);
        Assert.Equal(_kit.Clock.GetUtcNow() + OutboxTiming.ConfirmDelay, row.NextAttemptAt);

        _kit.Clock.Advance(OutboxTiming.ConfirmDelay);
        await worker.RunOnceAsync();
        _kit.Clock.Advance(TimeSpan.FromMinutes(2));
        await worker.RunOnceAsync();

        Assert.Equal(3, SendMails.Count);
        Assert.Single(_graph.SentItems);
        var lookups = _graph.Seen("GET", "/mailFolders/sentitems/messages");
        Assert.Equal(2, lookups.Count);
        Assert.All(lookups, l => Assert.Contains($"ep/value eq '{row.MessageKey}'", l.Query));
        Assert.Equal(OutboxStatus.Sent, _kit.Db.GuardianEmails.FindAll().Single().Status);
    }

    [Fact]
    public async Task A_permanent_failure_reaches_the_host_without_the_join_details()
    {
        var (pupil, mum, dad) = _kit.SeedFamily();
        dad.PupilIds.Clear();
        _kit.Db.Guardians.Update(dad);
        var session = _kit.SeedSession(pupil.Id);
        var (invitations, worker) = Outbox();
        await invitations.EnqueueAsync(session, InvitationKind.Invitation);
        _graph.SendMailReplies.Enqueue(FakeGraphServer.BadRecipient());

        await worker.RunOnceAsync();

        var row = _kit.Db.GuardianEmails.FindAll().Single();
        Assert.Equal(OutboxStatus.Failed, row.Status);
        var notice = _kit.Db.Notices.FindAll().Single();
        Assert.Equal(Ids.Alex, notice.Recipient);
        Assert.Contains("S-7K3Q9", notice.Text);
        Assert.Contains("S.P.", notice.Text);
        Assert.Contains("Priya Patel", notice.Text);
        Assert.Contains("ErrorInvalidRecipients", notice.Text);
        Assert.DoesNotContain(GraphTestKit.JoinUrl, notice.Text);
        Assert.DoesNotContain("zoom.us/j", notice.Text);
        Assert.DoesNotContain(GraphTestKit.Passcode, notice.Text);
        Assert.Contains(session.Id, notice.Records);
        Assert.Single(_kit.Db.Audit.Find(a => a.Action == "guardian-email.failed"));

        // Failed rows are not retried.
        _kit.Clock.Advance(TimeSpan.FromHours(1));
        await worker.RunOnceAsync();
        Assert.Single(SendMails);
    }

    [Fact]
    public async Task Too_many_unclear_failures_end_in_a_host_notice_after_a_last_look_in_Sent_Items()
    {
        _kit.Options.OutboxMaxAttempts = 2;
        var (pupil, _, dad) = _kit.SeedFamily();
        dad.PupilIds.Clear();
        _kit.Db.Guardians.Update(dad);
        var (invitations, worker) = Outbox();
        await invitations.EnqueueAsync(_kit.SeedSession(pupil.Id), InvitationKind.Invitation);
        _graph.SendMailReplies.Enqueue(FakeGraphServer.Unavailable());
        _graph.SendMailReplies.Enqueue(FakeGraphServer.Unavailable());

        for (var i = 0; i < 4; i++)
        {
            await worker.RunOnceAsync();
            _kit.Clock.Advance(TimeSpan.FromMinutes(10));
        }

        Assert.Equal(2, SendMails.Count);
        Assert.Equal(2, _graph.Seen("GET", "/mailFolders/sentitems/messages").Count);
        Assert.Equal(OutboxStatus.Failed, _kit.Db.GuardianEmails.FindAll().Single().Status);
        Assert.Single(_kit.Db.Notices.FindAll());
    }

    [Fact]
    public async Task A_crash_between_Graph_accepting_and_marking_sent_does_not_send_again_after_restart()
    {
        var (pupil, _, dad) = _kit.SeedFamily();
        dad.PupilIds.Clear();
        _kit.Db.Guardians.Update(dad);
        var session = _kit.SeedSession(pupil.Id);
        using var process = new CancellationTokenSource();
        var (invitations, dying) = Outbox(new DiesDuringSend(Sender(), process, reachGraph: true));
        await invitations.EnqueueAsync(session, InvitationKind.Invitation);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => dying.RunOnceAsync(process.Token));
        Assert.Single(SendMails); // Graph answered 202…
        Assert.Equal(OutboxStatus.Pending, _kit.Db.GuardianEmails.FindAll().Single().Status); // …but we never marked it

        _kit.Restart();
        var (_, restarted) = Outbox();
        await restarted.RunOnceAsync(); // too soon to trust Sent Items: waits
        Assert.Empty(_graph.Seen("GET", "/mailFolders/"));
        _kit.Clock.Advance(OutboxTiming.ConfirmDelay);
        await restarted.RunOnceAsync();

        Assert.Single(SendMails);
        Assert.Single(_graph.Seen("GET", "/mailFolders/sentitems/messages"));
        var row = _kit.Db.GuardianEmails.FindAll().Single();
        Assert.Equal(OutboxStatus.Sent, row.Status);
        Assert.True(row.FoundInSentItems);
    }

    [Fact]
    public async Task A_crash_before_Graph_got_the_email_sends_it_once_after_restart()
    {
        var (pupil, _, _) = _kit.SeedFamily();
        var session = _kit.SeedSession(pupil.Id);
        using var process = new CancellationTokenSource();
        var (invitations, dying) = Outbox(new DiesDuringSend(Sender(), process, reachGraph: false));
        await invitations.EnqueueAsync(session, InvitationKind.Invitation);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => dying.RunOnceAsync(process.Token));
        Assert.Empty(SendMails);

        _kit.Restart();
        _kit.Clock.Advance(OutboxTiming.ConfirmDelay);
        var (_, restarted) = Outbox();
        await restarted.RunOnceAsync();
        await restarted.RunOnceAsync();

        // Both guardians, each exactly once.
        Assert.Equal(2, SendMails.Count);
        Assert.Equal(2, _graph.SentItems.Select(m => (string)m["toRecipients"]![0]!["emailAddress"]!["address"]!).Distinct().Count());
        Assert.All(_kit.Db.GuardianEmails.FindAll(), r => Assert.Equal(OutboxStatus.Sent, r.Status));
    }

    [Fact]
    public async Task The_outbox_survives_a_restart_and_sends_each_email_exactly_once()
    {
        var (pupil, _, _) = _kit.SeedFamily();
        var (sib, _, _) = _kit.SeedFamily(pupilId: "P-0002", first: "Ava");
        var session = _kit.SeedSession(pupil.Id, sib.Id);
        var (invitations, _) = Outbox();
        await invitations.EnqueueAsync(session, InvitationKind.Invitation);

        _kit.Restart(); // queued, never sent, process gone
        var (_, second) = Outbox();
        await second.RunOnceAsync();
        Assert.Equal(4, SendMails.Count);

        _kit.Restart(); // all sent; a third process must not send anything again
        var (_, third) = Outbox();
        _kit.Clock.Advance(TimeSpan.FromHours(3));
        await third.RunOnceAsync();
        Assert.Equal(4, SendMails.Count);
        Assert.Equal(4, _graph.SentItems.Count);
    }

    [Fact]
    public async Task The_background_worker_sends_when_woken_without_waiting_for_its_poll()
    {
        _kit.Options.OutboxPollSeconds = 3600; // the fake clock never advances: only the wake-up can start a pass
        var (pupil, _, _) = _kit.SeedFamily();
        var counting = new CountingSender(Sender(), expected: 2);
        var (invitations, worker) = Outbox(counting);
        await worker.StartAsync(CancellationToken.None);
        try
        {
            await invitations.EnqueueAsync(_kit.SeedSession(pupil.Id), InvitationKind.Invitation);
            invitations.Wakeup.Wake();
            await counting.AllSent.WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }
        Assert.Equal(2, _kit.Db.GuardianEmails.Count(r => r.Status == OutboxStatus.Sent));
        Assert.Equal(2, SendMails.Count);
    }

    private sealed class CountingSender(IMailSender inner, int expected) : IMailSender
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _sent;

        public Task AllSent => _done.Task;

        public async Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
        {
            await inner.SendAsync(mail, cancellationToken);
            if (Interlocked.Increment(ref _sent) == expected) _done.TrySetResult();
        }

        public Task<bool> WasSentAsync(OutgoingMail mail, CancellationToken cancellationToken) => inner.WasSentAsync(mail, cancellationToken);
    }

    [Fact]
    public async Task Join_links_and_passcodes_never_reach_the_logs()
    {
        var (pupil, _, _) = _kit.SeedFamily();
        var (invitations, worker) = Outbox();
        await invitations.EnqueueAsync(_kit.SeedSession(pupil.Id), InvitationKind.Invitation);
        _graph.SendMailReplies.Enqueue(FakeGraphServer.Throttled(1));
        _graph.SendMailReplies.Enqueue(FakeGraphServer.BadRecipient());

        await worker.RunOnceAsync();
        _kit.Clock.Advance(TimeSpan.FromMinutes(5));
        await worker.RunOnceAsync();

        Assert.NotEmpty(_logs.Lines);
        Assert.All(_logs.Lines, l =>
        {
            Assert.DoesNotContain("zoom.us/j", l);
            Assert.DoesNotContain(GraphTestKit.Passcode, l);
            Assert.DoesNotContain("SeCrEtJoInToKeN", l);
        });
    }

    /// <summary>The process dies during a send: after Graph answered (or before it was reached).</summary>
    private sealed class DiesDuringSend(IMailSender inner, CancellationTokenSource process, bool reachGraph) : IMailSender
    {
        public async Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
        {
            if (reachGraph) await inner.SendAsync(mail, cancellationToken);
            process.Cancel();
            cancellationToken.ThrowIfCancellationRequested();
        }

        public Task<bool> WasSentAsync(OutgoingMail mail, CancellationToken cancellationToken) => inner.WasSentAsync(mail, cancellationToken);
    }
}

using Chexs.Bot.Notices;
using Chexs.Bot.Records;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Storage;
using static Chexs.Bot.Tests.Safeguarding.WorldBuilder;

namespace Chexs.Bot.Tests.Safeguarding;

public class ConsentWithdrawalsTests : IDisposable
{
    private static DateTimeOffset Local(int y, int mo, int d, int h, int mi = 0) => PolicyScenario.Local(y, mo, d, h, mi);

    private readonly BotServices _bot = new(Local(2026, 11, 2, 9));
    private readonly Consent _samConsent;

    public ConsentWithdrawalsTests()
    {
        var db = _bot.Db;
        db.AddStaff();
        db.AddPupil("P-0001", "Sam", "Patel", new DateOnly(2011, 5, 14));
        _samConsent = db.AddAnnualConsent("P-0001", 2026);
        db.AddPupil("P-0002", "Sami", "Patil", new DateOnly(2012, 3, 9));
        db.AddAnnualConsent("P-0002", 2026);
        db.AddSession("S-ONE", Local(2026, 12, 3, 16), SessionKind.OneToOne, "P-0001");
        db.AddSession("S-GROUP", Local(2026, 12, 10, 16), SessionKind.Group, "P-0001", "P-0002");
        db.AddSession("S-SAMI", Local(2026, 12, 3, 17), SessionKind.OneToOne, "P-0002");
        var past = db.AddSession("S-PAST", Local(2026, 10, 1, 16), SessionKind.OneToOne, "P-0001");
        past.Complete();
        db.Sessions.Update(past);
    }

    public void Dispose() => _bot.Dispose();

    private ChexsDatabase Db => _bot.Db;

    [Fact]
    public async Task Withdrawal_cancels_a_future_one_to_one_flags_a_group_tells_host_and_managers_and_audits()
    {
        var result = await _bot.Get<ConsentWithdrawals>().WithdrawAsync(_samConsent.Id, Morgan, "Parent emailed to withdraw", Local(2026, 11, 2, 9));

        Assert.Equal(WithdrawalStatus.Withdrawn, result.Status);
        Assert.Equal(new[] { "S-ONE" }, result.Cancelled.Select(s => s.Id));
        Assert.Equal(new[] { "S-GROUP" }, result.Flagged.Select(s => s.Id));

        var stored = Db.Consents.FindById(_samConsent.Id);
        Assert.True(stored.IsWithdrawn);
        Assert.Equal("Parent emailed to withdraw", stored.Withdrawal!.Reason);

        var one = Db.Sessions.FindById("S-ONE");
        Assert.Equal(SessionStatus.Cancelled, one.Status);
        Assert.StartsWith("P4:", one.CancelledReason);
        Assert.Contains("S.P.", one.CancelledReason);
        Assert.Equal("Blocked", one.Verdict!.Outcome);

        var group = Db.Sessions.FindById("S-GROUP");
        Assert.Equal(SessionStatus.Scheduled, group.Status);
        Assert.Contains("P4", group.Flag);
        Assert.Contains("Remove S.P.", group.Flag);

        Assert.Equal(SessionStatus.Scheduled, Db.Sessions.FindById("S-SAMI").Status);
        Assert.Null(Db.Sessions.FindById("S-SAMI").Flag);
        Assert.Equal(SessionStatus.Completed, Db.Sessions.FindById("S-PAST").Status);

        var notices = Db.Notices.FindAll().ToList();
        var toHost = notices.Where(n => n.Recipient == Alex).ToList();
        Assert.Equal(2, toHost.Count);
        Assert.Contains(toHost, n => n.Text!.Contains("S-ONE") && n.Text.Contains("cancelled") && n.Text.Contains("Sam Patel"));
        Assert.Contains(toHost, n => n.Text!.Contains("S-GROUP") && n.Text.Contains("flagged"));
        var toManagers = Assert.Single(notices, n => n.Recipient == StaffNotice.Managers);
        Assert.Contains("S.P.", toManagers.Text);
        Assert.DoesNotContain("Sam", toManagers.Text);
        Assert.DoesNotContain(notices, n => n.Text!.Contains("SECRETPASS") || n.Text.Contains("zoom.example"));

        var audit = Db.Audit.FindAll().Select(a => a.Action).ToList();
        Assert.Contains("consent.withdrawn", audit);
        Assert.Contains("session.cancelled", audit);
        Assert.Contains("session.flagged", audit);
    }

    [Fact]
    public async Task A_second_withdrawal_changes_nothing()
    {
        var withdrawals = _bot.Get<ConsentWithdrawals>();
        await withdrawals.WithdrawAsync(_samConsent.Id, Morgan, "first", Local(2026, 11, 2, 9));
        var auditCount = Db.Audit.Count();
        var noticeCount = Db.Notices.Count();
        var again = await withdrawals.WithdrawAsync(_samConsent.Id, Jordan, "second", Local(2026, 11, 2, 9));
        Assert.Equal(WithdrawalStatus.AlreadyWithdrawn, again.Status);
        Assert.Equal("first", Db.Consents.FindById(_samConsent.Id).Withdrawal!.Reason);
        Assert.Equal(auditCount, Db.Audit.Count());
        Assert.Equal(noticeCount, Db.Notices.Count());
    }

    [Fact]
    public async Task Unknown_consent_is_reported_not_thrown()
    {
        Assert.Equal(WithdrawalStatus.NotFound, (await _bot.Get<ConsentWithdrawals>().WithdrawAsync("C-NOPE", Morgan, "x", Local(2026, 11, 2, 9))).Status);
    }

    [Fact]
    public async Task Sessions_before_a_future_dated_withdrawal_keep_their_consent()
    {
        // Withdrawn with effect from 5 Dec: the 3 Dec one-to-one stays, the 10 Dec group is flagged.
        var result = await _bot.Get<ConsentWithdrawals>().WithdrawAsync(_samConsent.Id, Morgan, "from next week", Local(2026, 12, 5, 0));
        Assert.Empty(result.Cancelled);
        Assert.Equal(new[] { "S-GROUP" }, result.Flagged.Select(s => s.Id));
        Assert.Equal(SessionStatus.Scheduled, Db.Sessions.FindById("S-ONE").Status);
    }

    [Fact]
    public async Task Nothing_is_cancelled_when_another_guardians_consent_still_covers()
    {
        var dad = new Guardian { Id = "dad@example.org", Name = "Dad", Email = "dad@example.org", PupilIds = { "P-0001" } };
        Db.Guardians.Insert(dad);
        Db.Consents.Insert(new Consent
        {
            Id = "C-DAD", PupilId = "P-0001", GuardianId = dad.Id, Kind = ConsentKind.Annual, AcademicYearStart = 2026,
            Covers = ConsentScope.Participation | ConsentScope.Recording | ConsentScope.Group, GivenOn = new DateOnly(2026, 9, 2), Evidence = "F2",
        });
        var result = await _bot.Get<ConsentWithdrawals>().WithdrawAsync(_samConsent.Id, Morgan, "mum withdrew", Local(2026, 11, 2, 9));
        Assert.Empty(result.Cancelled);
        Assert.Empty(result.Flagged);
        Assert.DoesNotContain(Db.Notices.FindAll(), n => n.Recipient == StaffNotice.Managers);
        Assert.Contains(Db.Audit.FindAll(), a => a.Action == "consent.withdrawn");
    }

    [Fact]
    public async Task A_failing_cancellation_leaves_everything_as_it_was()
    {
        var withdrawals = Withdrawals(new FailingCancellation());
        await Assert.ThrowsAsync<InvalidOperationException>(() => withdrawals.WithdrawAsync(_samConsent.Id, Morgan, "x", Local(2026, 11, 2, 9)));
        Assert.False(Db.Consents.FindById(_samConsent.Id).IsWithdrawn);
        Assert.Null(Db.Sessions.FindById("S-GROUP").Flag);
        Assert.Equal(0, Db.Notices.Count());
        Assert.Equal(0, Db.Audit.Count());
    }

    [Fact]
    public async Task A_cancellation_that_completes_later_still_lands_with_the_withdrawal()
    {
        // The storage port lets a cancellation await real work inside the withdrawal's transaction.
        var withdrawals = Withdrawals(new LateCancellation(_bot.Get<ISessionCancellation>()));
        var result = await withdrawals.WithdrawAsync(_samConsent.Id, Morgan, "x", Local(2026, 11, 2, 9));
        Assert.Equal(WithdrawalStatus.Withdrawn, result.Status);
        Assert.True(Db.Consents.FindById(_samConsent.Id).IsWithdrawn);
        Assert.Equal(SessionStatus.Cancelled, Db.Sessions.FindById("S-ONE").Status);
    }

    [Fact]
    public void The_full_session_cancellation_replaces_the_record_only_default()
    {
        Assert.IsType<Chexs.Bot.Sessions.CancelSession>(_bot.Get<ISessionCancellation>());
    }

    private ConsentWithdrawals Withdrawals(ISessionCancellation cancellation) =>
        new(Db.ConsentRepository, Db.PupilRepository, Db.SessionRepository, Db.Transactions, Db.AuditTrail,
            _bot.Get<SafeguardingRecords>(), _bot.Get<StaffNotices>(), cancellation, _bot.Clock);

    private sealed class FailingCancellation : ISessionCancellation
    {
        public Task<bool> CancelAsync(Session session, string reason, string actor, CancellationToken ct) => throw new InvalidOperationException("zoom down");
    }

    /// <summary>Completes only after the withdrawal has awaited it (a cancellation with real asynchronous work).</summary>
    private sealed class LateCancellation(ISessionCancellation inner) : ISessionCancellation
    {
        public async Task<bool> CancelAsync(Session session, string reason, string actor, CancellationToken ct)
        {
            await Task.Yield();
            return await inner.CancelAsync(session, reason, actor, ct);
        }
    }
}

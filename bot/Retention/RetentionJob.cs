using Chexs.Bot.Records;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Storage;
using Microsoft.Extensions.Options;

namespace Chexs.Bot.Retention;

/// <summary>What one retention pass removed, for the audit trail and the tests.</summary>
public sealed record RetentionReport(int SessionsAnonymised, int JoinDetailsCleared, int ConsentsDeleted, int PupilsDeleted, int GuardiansDeleted)
{
    public bool RemovedAnything => SessionsAnonymised + JoinDetailsCleared + ConsentsDeleted + PupilsDeleted + GuardiansDeleted > 0;
    public override string ToString() =>
        $"sessions anonymised: {SessionsAnonymised}; join details cleared: {JoinDetailsCleared}; consents deleted: {ConsentsDeleted}; pupils deleted: {PupilsDeleted}; guardians deleted: {GuardiansDeleted}";
}

/// <summary>
/// G3 retention, run daily. Keeps no more personal data than the policy needs:
/// - a finished session's join link and passcode are cleared once it has ended (nobody needs them after);
/// - sessions older than SessionRetentionMonths lose their participants and confirmation card (counts stay);
/// - consents are deleted ConsentRetentionGraceMonths after their academic year (or session) ends;
/// - a pupil with no consent left and no session inside the retention period is deleted, and so is a
///   guardian left with no pupil.
/// Every pass that removes something writes one audit event saying what.
/// Zoom keeps the recordings themselves; their deletion after RecordingRetentionMonths is configured
/// in the Zoom account's cloud-recording retention (see README), not done here.
/// </summary>
public sealed class RetentionJob
{
    private readonly ISessionRepository _sessions;
    private readonly IConsentRepository _consents;
    private readonly IPupilRepository _pupils;
    private readonly IGuardianRepository _guardians;
    private readonly IStoreTransactions _transactions;
    private readonly IAuditTrail _audit;
    private readonly SafeguardingOptions _policy;
    private readonly TimeProvider _clock;

    public RetentionJob(ISessionRepository sessions, IConsentRepository consents, IPupilRepository pupils, IGuardianRepository guardians,
        IStoreTransactions transactions, IAuditTrail audit, IOptions<SafeguardingOptions> policy, TimeProvider clock)
    {
        _sessions = sessions;
        _consents = consents;
        _pupils = pupils;
        _guardians = guardians;
        _transactions = transactions;
        _audit = audit;
        _policy = policy.Value;
        _clock = clock;
    }

    public Task<RetentionReport> RunAsync(CancellationToken ct = default)
    {
        var now = _clock.GetUtcNow();
        var zone = _policy.Zone;
        var today = LocalTimes.LocalDate(now, zone);
        return _transactions.RunAsync(async () =>
        {
            var cleared = 0;
            foreach (var s in (await _sessions.StartingBeforeAsync(now.AddDays(-1), ct)).Where(s => s.Meeting != null))
            {
                if (s.End > now || s.Meeting is null || (s.Meeting.JoinUrl.Length == 0 && s.Meeting.Passcode.Length == 0)) continue;
                s.Meeting.JoinUrl = "";
                s.Meeting.Passcode = "";
                await _sessions.UpdateAsync(s, ct);
                cleared++;
            }

            var sessionCutoff = now.AddMonths(-_policy.SessionRetentionMonths);
            var anonymised = 0;
            foreach (var s in await _sessions.StartingBeforeAsync(sessionCutoff, ct))
            {
                if (s.PupilIds.Count == 0 && s.ConfirmationCardJson is null) continue;
                s.ParticipantCount = s.PupilIds.Count;
                s.PupilIds = new List<string>();
                s.ConfirmationCardJson = null;
                s.Flag = null;
                await _sessions.UpdateAsync(s, ct);
                anonymised++;
            }

            var consentsDeleted = 0;
            foreach (var c in await _consents.AllAsync(ct))
            {
                var ends = await CoverageEndsAsync(c, ct);
                if (ends is null || ends.Value.AddMonths(_policy.ConsentRetentionGraceMonths) >= today) continue;
                await _consents.DeleteAsync(c.Id, ct);
                consentsDeleted++;
            }

            var pupilsDeleted = 0;
            foreach (var p in await _pupils.AllAsync(ct))
            {
                var hasConsent = (await _consents.OfPupilAsync(p.Id, ct)).Count > 0;
                var hasSession = await _sessions.AnyWithPupilAsync(p.Id, ct);
                if (hasConsent || hasSession) continue;
                await _pupils.DeleteAsync(p.Id, ct);
                pupilsDeleted++;
                foreach (var g in await _guardians.OfPupilAsync(p.Id, ct))
                {
                    g.PupilIds.Remove(p.Id);
                    await _guardians.UpdateAsync(g, ct);
                }
            }
            var guardiansDeleted = await _guardians.DeleteUnlinkedAsync(ct);

            var report = new RetentionReport(anonymised, cleared, consentsDeleted, pupilsDeleted, guardiansDeleted);
            if (report.RemovedAnything)
            {
                await _audit.AppendAsync(now, "system", "retention.applied", Array.Empty<string>(), report.ToString(), ct);
            }
            return report;
        }, ct);
    }

    /// <summary>The last day a consent could cover: 31 August of its academic year, or its session's date.</summary>
    private async Task<DateOnly?> CoverageEndsAsync(Consent c, CancellationToken ct)
    {
        if (c.Kind == ConsentKind.Annual && c.AcademicYearStart is int y)
        {
            return new OrgCalendar(_policy).AcademicYearLastDay(y);
        }
        if (c.SessionId is not null && await _sessions.FindAsync(c.SessionId, ct) is { } s)
        {
            return LocalTimes.LocalDate(s.Start, _policy.Zone);
        }
        return c.GivenOn.AddYears(1);
    }
}

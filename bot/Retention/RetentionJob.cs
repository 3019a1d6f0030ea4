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
    private readonly ChexsDatabase _db;
    private readonly SafeguardingOptions _policy;
    private readonly TimeProvider _clock;

    public RetentionJob(ChexsDatabase db, IOptions<SafeguardingOptions> policy, TimeProvider clock)
    {
        _db = db;
        _policy = policy.Value;
        _clock = clock;
    }

    public RetentionReport Run()
    {
        var now = _clock.GetUtcNow();
        var zone = _policy.Zone;
        var today = LocalTimes.LocalDate(now, zone);
        return _db.InTransaction(() =>
        {
            var cleared = 0;
            foreach (var s in _db.Sessions.Find(s => s.Meeting != null && s.Start < now.AddDays(-1)).ToList())
            {
                if (s.End > now || s.Meeting is null || (s.Meeting.JoinUrl.Length == 0 && s.Meeting.Passcode.Length == 0)) continue;
                s.Meeting.JoinUrl = "";
                s.Meeting.Passcode = "";
                _db.Sessions.Update(s);
                cleared++;
            }

            var sessionCutoff = now.AddMonths(-_policy.SessionRetentionMonths);
            var anonymised = 0;
            foreach (var s in _db.Sessions.Find(s => s.Start < sessionCutoff).ToList())
            {
                if (s.PupilIds.Count == 0 && s.ConfirmationCardJson is null) continue;
                s.ParticipantCount = s.PupilIds.Count;
                s.PupilIds = new List<string>();
                s.ConfirmationCardJson = null;
                s.Flag = null;
                _db.Sessions.Update(s);
                anonymised++;
            }

            var consentsDeleted = 0;
            foreach (var c in _db.Consents.FindAll().ToList())
            {
                var ends = CoverageEnds(c);
                if (ends is null || ends.Value.AddMonths(_policy.ConsentRetentionGraceMonths) >= today) continue;
                _db.Consents.Delete(c.Id);
                consentsDeleted++;
            }

            var pupilsDeleted = 0;
            foreach (var p in _db.Pupils.FindAll().ToList())
            {
                var hasConsent = _db.Consents.Exists(c => c.PupilId == p.Id);
                var hasSession = _db.Sessions.Exists(s => s.PupilIds.Contains(p.Id));
                if (hasConsent || hasSession) continue;
                _db.Pupils.Delete(p.Id);
                pupilsDeleted++;
                foreach (var g in _db.Guardians.Find(g => g.PupilIds.Contains(p.Id)).ToList())
                {
                    g.PupilIds.Remove(p.Id);
                    _db.Guardians.Update(g);
                }
            }
            var guardiansDeleted = _db.Guardians.DeleteMany(g => g.PupilIds.Count == 0);

            var report = new RetentionReport(anonymised, cleared, consentsDeleted, pupilsDeleted, guardiansDeleted);
            if (report.RemovedAnything)
            {
                _db.AppendAudit(now, "system", "retention.applied", Array.Empty<string>(), report.ToString());
            }
            return report;
        });
    }

    /// <summary>The last day a consent could cover: 31 August of its academic year, or its session's date.</summary>
    private DateOnly? CoverageEnds(Consent c)
    {
        if (c.Kind == ConsentKind.Annual && c.AcademicYearStart is int y)
        {
            return new OrgCalendar(_policy).AcademicYearLastDay(y);
        }
        if (c.SessionId is not null && _db.Sessions.FindById(c.SessionId) is { } s)
        {
            return LocalTimes.LocalDate(s.Start, _policy.Zone);
        }
        return c.GivenOn.AddYears(1);
    }
}

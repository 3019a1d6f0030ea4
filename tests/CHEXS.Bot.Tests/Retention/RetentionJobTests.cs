using Chexs.Bot.Records;
using Chexs.Bot.Retention;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Tests.Support;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Chexs.Bot.Tests.Retention;

public class RetentionJobTests : IDisposable
{
    private readonly TempDatabase _temp = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));

    private RetentionJob Job() => new(_temp.Db.SessionRepository, _temp.Db.ConsentRepository, _temp.Db.PupilRepository, _temp.Db.GuardianRepository, _temp.Db.Transactions, _temp.Db.AuditTrail, Options.Create(new SafeguardingOptions()), _clock);

    private void Pupil(string id, string guardian)
    {
        _temp.Db.Pupils.Insert(new Pupil { Id = id, FirstName = "Test", LastName = id, DateOfBirth = new DateOnly(2012, 1, 1), GuardianIds = { guardian } });
        _temp.Db.Guardians.Upsert(new Guardian { Id = guardian, Email = guardian, PupilIds = { id } });
    }

    private void Session(string id, DateTimeOffset start, params string[] pupils) =>
        _temp.Db.Sessions.Insert(new Session
        {
            Id = id, Start = start, DurationMinutes = 45, Status = SessionStatus.Completed, PupilIds = pupils.ToList(),
            Meeting = new ZoomMeetingRecord { MeetingId = 1, JoinUrl = "https://zoom.invalid/j/1", Passcode = "abc123" },
            ConfirmationCardJson = "{}",
        });

    [Fact]
    public async Task Sessions_older_than_the_retention_period_lose_their_participants_and_newer_ones_keep_them()
    {
        Pupil("P1", "g@example.org");
        Session("S-OLD", _clock.GetUtcNow().AddMonths(-24).AddDays(-1), "P1");
        Session("S-KEEP", _clock.GetUtcNow().AddMonths(-24).AddDays(1), "P1");

        var report = await Job().RunAsync();

        Assert.Equal(1, report.SessionsAnonymised);
        var old = _temp.Db.Sessions.FindById("S-OLD");
        Assert.Empty(old.PupilIds);
        Assert.Equal(1, old.ParticipantCount);
        Assert.Null(old.ConfirmationCardJson);
        Assert.Single(_temp.Db.Sessions.FindById("S-KEEP").PupilIds);
        Assert.Contains(_temp.Db.Audit.FindAll(), a => a.Action == "retention.applied" && a.Detail!.Contains("sessions anonymised: 1"));
    }

    [Fact]
    public async Task Join_details_are_cleared_once_a_session_has_ended_but_not_before()
    {
        Session("S-ENDED", _clock.GetUtcNow().AddDays(-2));
        Session("S-SOON", _clock.GetUtcNow().AddDays(2));
        await Job().RunAsync();
        Assert.Equal("", _temp.Db.Sessions.FindById("S-ENDED").Meeting!.JoinUrl);
        Assert.Equal("", _temp.Db.Sessions.FindById("S-ENDED").Meeting!.Passcode);
        Assert.Equal("abc123", _temp.Db.Sessions.FindById("S-SOON").Meeting!.Passcode);
    }

    [Fact]
    public async Task Consents_go_after_their_academic_year_plus_grace_and_then_the_pupil_and_guardian_with_them()
    {
        // 2024/25 ended 31 Aug 2025; with 12 months' grace it is kept until 31 Aug 2026, so it is gone on 28 Nov 2026.
        Pupil("P-GONE", "gone@example.org");
        _temp.Db.Consents.Insert(new Consent { Id = "C1", PupilId = "P-GONE", Kind = ConsentKind.Annual, AcademicYearStart = 2024 });
        // 2025/26 ended 31 Aug 2026: still inside the grace period.
        Pupil("P-KEEP", "keep@example.org");
        _temp.Db.Consents.Insert(new Consent { Id = "C2", PupilId = "P-KEEP", Kind = ConsentKind.Annual, AcademicYearStart = 2025 });

        var report = await Job().RunAsync();

        Assert.Equal(1, report.ConsentsDeleted);
        Assert.Null(_temp.Db.Pupils.FindById("P-GONE"));
        Assert.Null(_temp.Db.Guardians.FindById("gone@example.org"));
        Assert.NotNull(_temp.Db.Pupils.FindById("P-KEEP"));
        Assert.NotNull(_temp.Db.Consents.FindById("C2"));
    }

    [Fact]
    public async Task A_pass_with_nothing_to_remove_writes_no_audit_event()
    {
        Pupil("P1", "g@example.org");
        _temp.Db.Consents.Insert(new Consent { Id = "C1", PupilId = "P1", Kind = ConsentKind.Annual, AcademicYearStart = 2026 });
        var report = await Job().RunAsync();
        Assert.False(report.RemovedAnything);
        Assert.Empty(_temp.Db.Audit.FindAll());
    }

    public void Dispose() => _temp.Dispose();
}

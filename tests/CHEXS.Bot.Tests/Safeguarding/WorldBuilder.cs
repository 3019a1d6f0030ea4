using Chexs.Bot.Records;
using Chexs.Bot.Storage;

namespace Chexs.Bot.Tests.Safeguarding;

/// <summary>Writes records for database-backed tests.</summary>
internal static class WorldBuilder
{
    public const string Alex = "00000000-0000-0000-0000-00000000a001";
    public const string Morgan = "00000000-0000-0000-0000-00000000b001";
    public const string Jordan = "00000000-0000-0000-0000-00000000b002";

    public static void AddStaff(this ChexsDatabase db)
    {
        db.Staff.Upsert(new StaffMember { Id = Alex, DisplayName = "Alex Host", Role = StaffRole.Staff, ZoomUserId = "alex.host@chexs.example" });
        db.Staff.Upsert(new StaffMember { Id = Morgan, DisplayName = "Morgan Manager", Role = StaffRole.Manager });
        db.Staff.Upsert(new StaffMember { Id = Jordan, DisplayName = "Jordan Lead", Role = StaffRole.Manager });
    }

    public static Pupil AddPupil(this ChexsDatabase db, string id, string first, string last, DateOnly dob, Programme programme = Programme.Growth)
    {
        var guardian = new Guardian { Id = $"parent.{id.ToLowerInvariant()}@example.org", Name = $"Parent of {first}", Relationship = "Mother", Email = $"parent.{id.ToLowerInvariant()}@example.org", PupilIds = { id } };
        var pupil = new Pupil { Id = id, FirstName = first, LastName = last, DateOfBirth = dob, Programmes = { programme }, GuardianIds = { guardian.Id } };
        db.Guardians.Upsert(guardian);
        db.Pupils.Upsert(pupil);
        return pupil;
    }

    public static Consent AddAnnualConsent(this ChexsDatabase db, string pupilId, int year, ConsentScope covers = ConsentScope.Participation | ConsentScope.Recording | ConsentScope.Group)
    {
        var pupil = db.Pupils.FindById(pupilId);
        var c = new Consent
        {
            Id = $"C-{pupilId}-{year}", PupilId = pupilId, GuardianId = pupil.GuardianIds[0], Kind = ConsentKind.Annual, AcademicYearStart = year,
            Covers = covers, GivenOn = new DateOnly(year, 8, 25), Evidence = "FORM",
        };
        db.Consents.Upsert(c);
        return c;
    }

    public static Session AddSession(this ChexsDatabase db, string id, DateTimeOffset start, SessionKind kind, params string[] pupils)
    {
        var s = new Session
        {
            Id = id, Programme = Programme.Growth, HostId = Alex, PupilIds = pupils.ToList(), Start = start, DurationMinutes = 45, Kind = kind,
            Status = SessionStatus.Scheduled, CreatedAt = start.AddDays(-7), CreatedBy = Alex,
            Meeting = new ZoomMeetingRecord { MeetingId = 123456789, JoinUrl = "https://zoom.example/j/123456789?pwd=SECRETPWD", Passcode = "SECRETPASS" },
            Approval = kind == SessionKind.Group ? new ApprovalDecision { Approved = true, DecidedBy = Morgan, DecidedByName = "Morgan Manager", DecidedAt = start.AddDays(-6) } : null,
        };
        db.Sessions.Upsert(s);
        return s;
    }
}

using Chexs.Bot.Records;
using Chexs.Bot.Safeguarding;
using Microsoft.Extensions.Time.Testing;

namespace Chexs.Bot.Tests.Safeguarding;

/// <summary>
/// A small world for engine tests: Sam Patel (15, Growth) with his mother's 2026/27 consent covering
/// everything, Alex hosting (staff with a Zoom user), Morgan and Jordan managers. Each test changes
/// one thing and judges.
/// </summary>
internal sealed class PolicyScenario
{
    public const string Alex = "alex";
    public const string Morgan = "morgan";
    public const string Jordan = "jordan";
    public const string Casey = "casey";

    public static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    /// <summary>A London wall-clock time as an instant.</summary>
    public static DateTimeOffset Local(int y, int mo, int d, int h, int mi = 0)
    {
        var local = new DateTime(y, mo, d, h, mi, 0, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, London.GetUtcOffset(local));
    }

    public FakeTimeProvider Clock { get; set; } = new(Local(2026, 11, 2, 9));
    public SafeguardingOptions Options { get; } = new();
    public List<Pupil> Pupils { get; } = new();
    public List<Guardian> Guardians { get; } = new();
    public List<Consent> Consents { get; } = new();
    public List<Session> Sessions { get; } = new();
    public List<StaffMember> Staff { get; } = new()
    {
        new StaffMember { Id = Alex, DisplayName = "Alex Host", Role = StaffRole.Staff, ZoomUserId = "alex.host@chexs.example" },
        new StaffMember { Id = Morgan, DisplayName = "Morgan Manager", Role = StaffRole.Manager },
        new StaffMember { Id = Jordan, DisplayName = "Jordan Lead", Role = StaffRole.Manager },
        new StaffMember { Id = Casey, DisplayName = "Casey Staff", Role = StaffRole.Staff, ZoomUserId = "casey@chexs.example" },
    };

    public PolicyScenario()
    {
        AddPupil("P-1", "Sam", "Patel", new DateOnly(2011, 5, 14));
        AddAnnual("P-1", 2026, new DateOnly(2026, 8, 24));
    }

    public Pupil AddPupil(string id, string first, string last, DateOnly dob, Programme programme = Programme.Growth)
    {
        var guardian = new Guardian { Id = $"g-{id}", Name = $"Parent of {first}", Email = $"parent.{id}@example.org", PupilIds = { id } };
        var pupil = new Pupil { Id = id, FirstName = first, LastName = last, DateOfBirth = dob, Programmes = { programme }, GuardianIds = { guardian.Id } };
        Pupils.Add(pupil);
        Guardians.Add(guardian);
        return pupil;
    }

    public Consent AddAnnual(string pupilId, int year, DateOnly givenOn, ConsentScope covers = ConsentScope.Participation | ConsentScope.Recording | ConsentScope.Group, string? guardianId = null)
    {
        var c = new Consent
        {
            Id = $"C-{pupilId}-{year}-{givenOn:MMdd}-{Consents.Count}", PupilId = pupilId, GuardianId = guardianId ?? $"g-{pupilId}",
            Kind = ConsentKind.Annual, AcademicYearStart = year, Covers = covers, GivenOn = givenOn, Evidence = "FORM",
        };
        Consents.Add(c);
        return c;
    }

    public SessionProposal OneToOne(DateTimeOffset start, int minutes = 45, params string[] pupils) => new()
    {
        Programme = Programme.Growth,
        HostId = Alex,
        RequestedBy = Alex,
        PupilIds = pupils.Length == 0 ? new[] { "P-1" } : pupils,
        Start = start,
        DurationMinutes = minutes,
        Kind = SessionKind.OneToOne,
    };

    public SessionProposal Group(DateTimeOffset start, params string[] pupils) => OneToOne(start, 45, pupils) with { Kind = SessionKind.Group };

    public static ApprovalDecision ApprovedBy(string id, bool approved = true) =>
        new() { Approved = approved, DecidedBy = id, DecidedByName = id, DecidedAt = Local(2026, 11, 2, 10) };

    public PolicyVerdict Judge(SessionProposal proposal) =>
        new PolicyEngine(Options, Clock).Judge(proposal, new PolicyContext
        {
            Pupils = Pupils, Guardians = Guardians, Consents = Consents, OtherSessions = Sessions, Staff = Staff,
        });
}

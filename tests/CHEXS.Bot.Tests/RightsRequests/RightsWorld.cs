using Chexs.Bot.Concerns;
using Chexs.Bot.Inspection;
using Chexs.Bot.Invitations;
using Chexs.Bot.Notices;
using Chexs.Bot.Records;
using Chexs.Bot.Reminders;
using Chexs.Bot.RightsRequests;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Storage;
using Chexs.Bot.Tests.StorageEngines;
using Microsoft.Extensions.Time.Testing;

namespace Chexs.Bot.Tests.RightsRequests;

/// <summary>Concern counts for tests: a fixed number per session, and concerns kept for some people.</summary>
internal sealed class FixedConcerns : IConcernCounts
{
    public Dictionary<string, int> PerSession { get; } = new();
    public Dictionary<string, List<KeptConcern>> PerPerson { get; } = new();

    public ValueTask<int> CountForSessionAsync(string sessionId, CancellationToken ct = default) => ValueTask.FromResult(PerSession.GetValueOrDefault(sessionId));

    public ValueTask<IReadOnlyList<KeptConcern>> KeptForPersonAsync(string personId, CancellationToken ct = default) =>
        ValueTask.FromResult<IReadOnlyList<KeptConcern>>(PerPerson.GetValueOrDefault(personId) ?? []);
}

/// <summary>
/// A fixed data set on one storage engine, written through the ports, with the rights-request and inspection
/// services built over it. Wednesday 25 November 2026, 10:00 in London. Three pupils (Sam Patel with mother Priya,
/// Lily Evans with father Tom, Ava Jones with her grandmother), consents, and sessions held, cancelled and to come.
/// </summary>
internal sealed class RightsWorld : IAsyncDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
    public const string Alex = "00000000-0000-0000-0000-00000000a001";
    public const string Morgan = "00000000-0000-0000-0000-00000000b001";
    public const string Priya = "priya.patel@example.org";
    public const string Tom = "tom.evans@example.org";
    public const string Joan = "joan.jones@example.org";

    private RightsWorld(TestStore store)
    {
        Store = store;
        var policy = new SafeguardingOptions { PolicyVersion = "CHEXS Video Conference Calling Policy, reviewed August 2026", PolicyReviewDate = new DateOnly(2027, 8, 31) };
        Calendar = new OrgCalendar(policy);
        Reader = new PersonHoldingsReader(Get<IPupilRepository>(), Get<IGuardianRepository>(), Get<IConsentRepository>(), Get<ISessionRepository>(),
            Get<IGuardianEmailOutbox>(), Get<IStaffNoticeOutbox>(), Get<IStaffRepository>(), Get<IAuditTrail>());
        Finder = new PersonFinder(Get<IPupilRepository>(), Get<IGuardianRepository>());
        Export = new PersonExport(Reader, Calendar, policy, Get<IAuditTrail>(), Clock);
        Erasure = new PersonErasure(Reader, Get<IPupilRepository>(), Get<IGuardianRepository>(), Get<IConsentRepository>(), Get<ISessionRepository>(),
            Get<IGuardianEmailOutbox>(), Get<IStaffNoticeOutbox>(), Concerns, store.Transactions, Get<IAuditTrail>(), Calendar, Clock);
        Pack = new InspectionPack(Get<ISessionRepository>(), Get<IPupilRepository>(), Get<IConsentRepository>(), Get<IStaffRepository>(), Get<IReminderRepository>(),
            Get<IAuditTrail>(), Concerns, Calendar, policy);
        Policy = policy;
    }

    public TestStore Store { get; }
    public FakeTimeProvider Clock { get; } = new(Now);
    public FixedConcerns Concerns { get; } = new();
    public SafeguardingOptions Policy { get; }
    public OrgCalendar Calendar { get; }
    public PersonHoldingsReader Reader { get; }
    public PersonFinder Finder { get; }
    public PersonExport Export { get; }
    public PersonErasure Erasure { get; }
    public InspectionPack Pack { get; }

    public T Get<T>() where T : notnull => Store.Get<T>();

    public static async Task<RightsWorld> StartAsync(StorageEngine engine)
    {
        var world = new RightsWorld(await TestStore.CreateAsync(engine));
        await world.SeedAsync();
        return world;
    }

    public async ValueTask DisposeAsync() => await Store.DisposeAsync();

    private static DateTimeOffset London(int month, int day, int hour) => new(2026, month, day, hour, 0, 0, TimeSpan.Zero); // GMT in Nov/Dec

    private async Task SeedAsync()
    {
        await Get<IStaffRepository>().InsertManyAsync([
            new StaffMember { Id = Alex, DisplayName = "Alex Host", Role = StaffRole.Staff },
            new StaffMember { Id = Morgan, DisplayName = "Morgan Manager", Role = StaffRole.Manager },
        ]);
        await Get<IPupilRepository>().InsertManyAsync([
            new Pupil { Id = "P-0001", FirstName = "Sam", LastName = "Patel", DateOfBirth = new DateOnly(2013, 5, 1), Programmes = { Programme.Growth }, School = "Hillside School", GuardianIds = { Priya } },
            new Pupil { Id = "P-0002", FirstName = "Lily", LastName = "Evans", DateOfBirth = new DateOnly(2011, 2, 2), Programmes = { Programme.Growth }, School = "Hillside School", GuardianIds = { Tom } },
            new Pupil { Id = "P-0003", FirstName = "Ava", LastName = "Jones", DateOfBirth = new DateOnly(2014, 3, 3), Programmes = { Programme.Growth }, School = "Brookfield Academy", GuardianIds = { Joan } },
        ]);
        await Get<IGuardianRepository>().InsertManyAsync([
            new Guardian { Id = Priya, Name = "Priya Patel", Relationship = "Mother", Email = Priya, Phone = "07700 900001", PupilIds = { "P-0001" } },
            new Guardian { Id = Tom, Name = "Tom Evans", Relationship = "Father", Email = Tom, PupilIds = { "P-0002" } },
            new Guardian { Id = Joan, Name = "Joan Jones", Relationship = "Grandmother", Email = Joan, PupilIds = { "P-0003" } },
        ]);
        var all = ConsentScope.Participation | ConsentScope.Recording | ConsentScope.Group;
        await Get<IConsentRepository>().InsertManyAsync([
            new Consent { Id = "C-0001", PupilId = "P-0001", GuardianId = Priya, Kind = ConsentKind.Annual, AcademicYearStart = 2026, Covers = all, GivenOn = new DateOnly(2026, 9, 5), Evidence = "FORM-0001", RecordedBy = Alex, RecordedAt = London(9, 6, 9) },
            new Consent { Id = "C-0000", PupilId = "P-0001", GuardianId = Priya, Kind = ConsentKind.Annual, AcademicYearStart = 2025, Covers = all, GivenOn = new DateOnly(2025, 9, 4), Evidence = "FORM-0000", RecordedBy = Alex, RecordedAt = London(9, 6, 9).AddYears(-1) },
            new Consent { Id = "C-0002", PupilId = "P-0002", GuardianId = Tom, Kind = ConsentKind.Annual, AcademicYearStart = 2026, Covers = all, GivenOn = new DateOnly(2026, 9, 8), Evidence = "FORM-0002", RecordedBy = Alex, RecordedAt = London(9, 9, 9) },
            new Consent { Id = "C-0003", PupilId = "P-0003", GuardianId = Joan, Kind = ConsentKind.Annual, AcademicYearStart = 2026, Covers = ConsentScope.Participation | ConsentScope.Recording, GivenOn = new DateOnly(2026, 9, 9), Evidence = "FORM-0003", RecordedBy = Alex, RecordedAt = London(9, 10, 9) },
        ]);

        var held = Session("S-AAAA1", London(11, 10, 16), SessionKind.OneToOne, SessionStatus.Completed, 1001, "P-0001");
        held.Activity = new MeetingActivity { StartedAt = London(11, 10, 16), EndedAt = London(11, 10, 16).AddMinutes(44), HostPresent = true, ParticipantsJoined = 1, ParticipantsLeft = 1, RecordingCompletedAt = London(11, 10, 17).AddMinutes(20) };
        held.Checklist = new HostChecklistRecord { WaitingRoom = true, Locked = true, Recording = true, AdultPresent = true, UpdatedBy = Alex, UpdatedAt = London(11, 10, 16).AddMinutes(5) };
        held.AdultPresenceRequired = true;
        held.ConfirmationCardJson = "{\"text\":\"Sam Patel, passcode 123456\"}";

        var group = Session("S-BBBB2", London(11, 17, 16), SessionKind.Group, SessionStatus.Completed, 1002, "P-0001", "P-0002");
        group.Approval = new ApprovalDecision { Approved = true, DecidedBy = Morgan, DecidedByName = "Morgan Manager", DecidedAt = London(11, 12, 11) };
        group.Activity = new MeetingActivity { StartedAt = London(11, 17, 16), EndedAt = London(11, 17, 16).AddMinutes(50), HostPresent = true, ParticipantsJoined = 2, ParticipantsLeft = 2 };
        group.Checklist = new HostChecklistRecord { WaitingRoom = true, Locked = false, Recording = true, UpdatedBy = Alex, UpdatedAt = London(11, 17, 16).AddMinutes(3) };
        group.Verdict = new PolicyVerdictRecord { Outcome = "Allowed", JudgedAt = London(11, 12, 11), Findings = { new PolicyFindingRecord { RuleId = "P9", PupilId = "P-0001", Severity = "Info", Message = "S.P. is under 14: an adult must be present." } } };

        var cancelled = Session("S-CCCC3", London(11, 20, 16), SessionKind.OneToOne, SessionStatus.Scheduled, 1003, "P-0002");
        cancelled.Cancel("pupil unwell");

        var coming = Session("S-DDDD4", London(12, 1, 16), SessionKind.Group, SessionStatus.Scheduled, 1004, "P-0001", "P-0003");
        coming.Approval = new ApprovalDecision { Approved = true, DecidedBy = Morgan, DecidedByName = "Morgan Manager", DecidedAt = London(11, 20, 9) };
        await Get<ISessionRepository>().InsertManyAsync([held, group, cancelled, coming]);

        var emails = Get<IGuardianEmailOutbox>();
        foreach (var (session, pupil, guardian, name) in new[] { (held, "P-0001", Priya, "Priya Patel"), (group, "P-0001", Priya, "Priya Patel"), (group, "P-0002", Tom, "Tom Evans"), (coming, "P-0001", Priya, "Priya Patel") })
        {
            await emails.InsertAsync(new GuardianEmailRow
            {
                MessageKey = $"{session.Id}-{pupil}", Kind = InvitationKind.Invitation, SessionId = session.Id, PupilId = pupil, GuardianId = guardian, HostId = Alex,
                PupilInitials = pupil == "P-0001" ? "S.P." : "L.E.", ToAddress = guardian, ToName = name, Subject = $"CHEXS session for {(pupil == "P-0001" ? "Sam" : "Lily")}",
                Status = OutboxStatus.Sent, CreatedAt = session.CreatedAt, NextAttemptAt = session.CreatedAt, SentAt = session.CreatedAt.AddMinutes(1),
            });
        }
        var reminders = Get<IReminderRepository>();
        foreach (var s in new[] { held, group })
            foreach (var (audience, offset) in new[] { (ReminderAudience.Channel, 1440), (ReminderAudience.Host, 15) })
            {
                var skipped = s == group && audience == ReminderAudience.Host;
                await reminders.InsertAsync(new Reminder
                {
                    Id = $"{s.Id}-{audience}-{offset}", SessionId = s.Id, Audience = audience, OffsetMinutes = offset, DueAt = s.Start.AddMinutes(-offset),
                    Status = skipped ? ReminderStatus.Skipped : ReminderStatus.Sent, SentAt = skipped ? null : s.Start.AddMinutes(-offset), SkipReason = skipped ? "the session had already started" : null,
                });
            }
        await Get<IStaffNoticeOutbox>().InsertAsync(new StaffNotice { Id = "N-1", Recipient = Alex, Text = "Sam Patel's guardian e-mail bounced", Records = { "S-AAAA1", "P-0001", Priya }, CreatedAt = London(11, 9, 12), SentAt = London(11, 9, 12) });

        var audit = Get<IAuditTrail>();
        await audit.AppendAsync(London(11, 3, 9), Alex, "session.booked", ["S-AAAA1", "P-0001"], "OneToOne Growth Programme session booked");
        await audit.AppendAsync(London(11, 3, 9).AddMinutes(1), "system", "guardian-email.sent", ["S-AAAA1", "P-0001", Priya], $"invitation sent to guardian {Priya}");
        await audit.AppendAsync(London(11, 12, 11), Morgan, "session.approval_requested", ["S-BBBB2", "P-0001", "P-0002"], "Group session sent for approval");
        await audit.AppendAsync(London(11, 17, 19), "system", "recording.missing", ["S-BBBB2"], "No completed recording reported by Zoom 2 h after the meeting ended");
        await audit.AppendAsync(London(11, 18, 9), Alex, "session.booked", ["S-CCCC3", "P-0002"], "OneToOne Growth Programme session booked");
        Concerns.PerSession["S-BBBB2"] = 1;
    }

    private static Session Session(string id, DateTimeOffset start, SessionKind kind, SessionStatus status, long meeting, params string[] pupils) => new()
    {
        Id = id, Programme = Programme.Growth, HostId = Alex, PupilIds = pupils.ToList(), Start = start, DurationMinutes = 45, Kind = kind, Status = status,
        CreatedAt = start.AddDays(-7), CreatedBy = Alex,
        Meeting = new ZoomMeetingRecord { MeetingId = meeting, JoinUrl = $"https://zoom.example/j/{meeting}?pwd=secret", Passcode = $"pass-{meeting}", CreatedAt = start.AddDays(-7) },
    };
}

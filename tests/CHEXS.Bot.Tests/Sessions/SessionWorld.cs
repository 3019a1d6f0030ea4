using Chexs.Bot.HostCalendar;
using Chexs.Bot.Invitations;
using Chexs.Bot.Notices;
using Chexs.Bot.Records;
using Chexs.Bot.Reminders;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Sessions;
using Chexs.Bot.Storage;
using Chexs.Bot.Tests.Safeguarding;
using Chexs.Bot.Tests.Support;
using Chexs.Bot.Tests.Zoom;
using Chexs.Bot.Zoom;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Chexs.Bot.Tests.Sessions;

/// <summary>
/// The bot's real services (as the host registers them, workers not started) over a temporary database
/// with a fake clock, its real Zoom client pointed at a <see cref="FakeZoomServer"/>, Microsoft 365
/// offline with the development roles (Alex → line manager Morgan; Morgan and Jordan manage; Casey is
/// nobody). Records: Alex hosts; Sam Patel (15), Jo Kim (12) and Ria Evans (15) on the Growth Programme
/// with 2026/27 consents covering everything; Noah Cole has no consent. Monday 2 November 2026, 09:00.
/// </summary>
internal sealed class SessionWorld : IAsyncDisposable
{
    public const string Alex = WorldBuilder.Alex;
    public const string Morgan = WorldBuilder.Morgan;
    public const string Jordan = WorldBuilder.Jordan;
    public const string Casey = "00000000-0000-0000-0000-00000000c001";

    public const string Sam = "P-0001";
    public const string Jo = "P-0002";
    public const string Ria = "P-0003";
    public const string Noah = "P-0004";

    public static readonly DateTimeOffset Now = PolicyScenario.Local(2026, 11, 2, 9);
    /// <summary>Thursday 5 November 2026, 16:00 in London (GMT).</summary>
    public static readonly DateTimeOffset Thursday4pm = PolicyScenario.Local(2026, 11, 5, 16);

    private SessionWorld(FakeZoomServer zoom, BotServices bot, ZoomHooks hooks)
    {
        Zoom = zoom;
        Bot = bot;
        Hooks = hooks;
    }

    public FakeZoomServer Zoom { get; }
    public BotServices Bot { get; }
    /// <summary>Lets a test act at the moment a Zoom call has been answered (to stage races).</summary>
    public ZoomHooks Hooks { get; }
    public FakeTimeProvider Clock => Bot.Clock;
    public ChexsDatabase Db => Bot.Db;
    internal Bookings Booking => new(Bot.Services);
    public GuardianInvitations Invitations => Bot.Get<GuardianInvitations>();
    public ReminderStore Reminders => Bot.Get<ReminderStore>();
    public ZoomMeetingIntents Intents => Bot.Get<ZoomMeetingIntents>();
    public MeetingRemovals Removals => Bot.Get<MeetingRemovals>();

    public static async Task<SessionWorld> StartAsync(Action<Dictionary<string, string?>>? settings = null)
    {
        var zoom = await FakeZoomServer.StartAsync(new FakeTimeProvider(Now));
        var values = new Dictionary<string, string?>
        {
            // The host's own configuration (workers registered, not started).
            ["MicrosoftAppId"] = "00000000-0000-0000-0000-0000000000b0",
            ["MicrosoftAppPassword"] = "test-password",
            ["MicrosoftAppTenantId"] = "00000000-0000-0000-0000-0000000000aa",
            ["Zoom:AccountId"] = FakeZoomServer.AccountId,
            ["Zoom:ClientId"] = FakeZoomServer.ClientId,
            ["Zoom:ClientSecret"] = FakeZoomServer.ClientSecret,
            ["Zoom:WebhookSecretToken"] = "webhook-secret",
            ["Zoom:ApiBaseUrl"] = zoom.ApiBaseUrl,
            ["Zoom:OAuthUrl"] = zoom.OAuthUrl,
            ["Zoom:RetryBaseDelay"] = "00:00:00.001",
            ["Zoom:MaxRetries"] = "3",
            ["Zoom:AttemptTimeout"] = "00:00:05",
            ["Zoom:TotalTimeout"] = "00:00:30",
            ["Zoom:MaxRetryAfter"] = "00:00:05",
            ["Graph:Offline"] = "true",
            ["Safeguarding:ConcernsContactName"] = "Morgan Manager",
            ["Safeguarding:ConcernsContactEmail"] = "morgan.manager@chexs.example",
            [$"Graph:DevelopmentRoles:{Alex}:Name"] = "Alex Host",
            [$"Graph:DevelopmentRoles:{Alex}:Role"] = "Staff",
            [$"Graph:DevelopmentRoles:{Alex}:LineManagerId"] = Morgan,
            [$"Graph:DevelopmentRoles:{Morgan}:Name"] = "Morgan Manager",
            [$"Graph:DevelopmentRoles:{Morgan}:Role"] = "Manager",
            [$"Graph:DevelopmentRoles:{Jordan}:Name"] = "Jordan Lead",
            [$"Graph:DevelopmentRoles:{Jordan}:Role"] = "Manager",
        };
        settings?.Invoke(values);
        var hooks = new ZoomHooks();
        var bot = new BotServices(Now, "Production", forCommandLine: false, values, services => hooks.Install(services));
        var world = new SessionWorld(zoom, bot, hooks);
        await world.SeedAsync();
        return world;
    }

    /// <summary>The records through the storage ports (the same ones WorldBuilder writes), so the world runs on either engine.</summary>
    private async Task SeedAsync()
    {
        var staff = Bot.Get<IStaffRepository>();
        await staff.UpsertAsync(new StaffMember { Id = Alex, DisplayName = "Alex Host", Role = StaffRole.Staff, ZoomUserId = "alex.host@chexs.example" });
        await staff.UpsertAsync(new StaffMember { Id = Morgan, DisplayName = "Morgan Manager", Role = StaffRole.Manager });
        await staff.UpsertAsync(new StaffMember { Id = Jordan, DisplayName = "Jordan Lead", Role = StaffRole.Manager });
        foreach (var (id, first, last, dob) in new[]
                 {
                     (Sam, "Sam", "Patel", new DateOnly(2011, 5, 14)),
                     (Jo, "Jo", "Kim", new DateOnly(2014, 1, 10)),
                     (Ria, "Ria", "Evans", new DateOnly(2011, 2, 3)),
                     (Noah, "Noah", "Cole", new DateOnly(2011, 9, 9)),
                 })
        {
            var guardian = new Guardian { Id = $"parent.{id.ToLowerInvariant()}@example.org", Name = $"Parent of {first}", Relationship = "Mother", Email = $"parent.{id.ToLowerInvariant()}@example.org", PupilIds = { id } };
            await Bot.Get<IGuardianRepository>().UpsertAsync(guardian);
            await Bot.Get<IPupilRepository>().UpsertAsync(new Pupil { Id = id, FirstName = first, LastName = last, DateOfBirth = dob, Programmes = { Programme.Growth }, GuardianIds = { guardian.Id } });
            if (id == Noah) continue; // no consent
            await Bot.Get<IConsentRepository>().UpsertAsync(new Consent
            {
                Id = $"C-{id}-2026", PupilId = id, GuardianId = guardian.Id, Kind = ConsentKind.Annual, AcademicYearStart = 2026,
                Covers = ConsentScope.Participation | ConsentScope.Recording | ConsentScope.Group, GivenOn = new DateOnly(2026, 8, 25), Evidence = "FORM",
            });
        }
    }

    public static BookingRequest OneToOne(string pupil = Sam, DateTimeOffset? start = null, int minutes = 45, string? id = null, string host = Alex, string by = Alex) =>
        new(id ?? SessionIds.New(), Programme.Growth, new[] { pupil }, start ?? Thursday4pm, minutes, SessionKind.OneToOne, host, by);

    public static BookingRequest Group(string[]? pupils = null, DateTimeOffset? start = null, int minutes = 60, string? id = null, string host = Alex, string by = Alex) =>
        new(id ?? SessionIds.New(), Programme.Growth, pupils ?? new[] { Sam, Jo, Ria }, start ?? Thursday4pm, minutes, SessionKind.Group, host, by);

    public Session? Session(string id) => Db.Sessions.FindById(id);
    // Read straight from the file (the repositories answer at once on LiteDB; tests read what was stored).
    public IReadOnlyList<GuardianEmailRow> Emails(string sessionId) => Db.GuardianEmails.Find(r => r.SessionId == sessionId).OrderBy(r => r.Id).ToList();
    public IReadOnlyList<Reminder> PendingReminders(string sessionId) => Db.Reminders.Find(r => r.SessionId == sessionId).Where(r => r.Status == ReminderStatus.Pending).ToList();
    public HostCalendarChange? CalendarChange(string sessionId) => Db.HostCalendarChanges.FindById(sessionId);
    public IReadOnlyList<AuditEvent> Audit(string action) => Db.Audit.Find(a => a.Action == action).ToList();
    public IReadOnlyList<StaffNotice> NoticesTo(string recipient) => Db.Notices.Find(n => n.Recipient == recipient).ToList();
    /// <summary>Requests that reached the Zoom API (token requests excluded).</summary>
    public int ZoomApiCalls => Zoom.Requests.Count(r => r.Route != "token");

    /// <summary>Marks a session's queued emails as sent, as the email worker would after Graph accepted them.</summary>
    public void MarkEmailsSent(string sessionId)
    {
        foreach (var row in Db.GuardianEmails.Find(r => r.SessionId == sessionId && r.Status == OutboxStatus.Pending).ToList())
        {
            row.Status = OutboxStatus.Sent;
            row.SentAt = Clock.GetUtcNow();
            row.Attempts = 1;
            Db.GuardianEmails.Update(row);
        }
    }

    /// <summary>Books <paramref name="request"/> and insists it was made.</summary>
    public async Task<Session> BookAsync(BookingRequest request)
    {
        var outcome = await Booking.BookAsync(request, CancellationToken.None);
        return Assert.IsType<BookingOutcome.Booked>(outcome).Session;
    }

    public async ValueTask DisposeAsync()
    {
        Bot.Dispose();
        await Zoom.DisposeAsync();
    }
}

/// <summary>
/// Wraps the registered <see cref="IZoomMeetings"/> (the real HTTP client) so a test can run something
/// right after Zoom has answered and before the caller carries on — e.g. a consent withdrawal landing
/// while a booking waits for Zoom. The Zoom wire is untouched.
/// </summary>
internal sealed class ZoomHooks
{
    public Func<Task>? AfterCreate { get; set; }
    public Func<Task>? AfterReschedule { get; set; }

    public void Install(IServiceCollection services)
    {
        var real = services.Last(d => d.ServiceType == typeof(IZoomMeetings));
        services.Replace(ServiceDescriptor.Describe(typeof(IZoomMeetings), sp => new Hooked(Inner(sp, real), this), real.Lifetime));
    }

    private static IZoomMeetings Inner(IServiceProvider sp, ServiceDescriptor real) =>
        real.ImplementationType is { } type
            ? (IZoomMeetings)ActivatorUtilities.CreateInstance(sp, type)
            : real.ImplementationFactory is { } factory
                ? (IZoomMeetings)factory(sp)
                : (IZoomMeetings)real.ImplementationInstance!;

    private sealed class Hooked(IZoomMeetings inner, ZoomHooks hooks) : IZoomMeetings
    {
        public async Task<ZoomMeetingRecord> CreateSafeMeetingAsync(ZoomMeetingRequest request, CancellationToken cancellationToken = default)
        {
            var made = await inner.CreateSafeMeetingAsync(request, cancellationToken);
            if (hooks.AfterCreate is { } after) await after();
            return made;
        }

        public async Task RescheduleAsync(long meetingId, DateTimeOffset start, string timeZone, int durationMinutes, CancellationToken cancellationToken = default)
        {
            await inner.RescheduleAsync(meetingId, start, timeZone, durationMinutes, cancellationToken);
            if (hooks.AfterReschedule is { } after) await after();
        }

        public Task DeleteAsync(long meetingId, CancellationToken cancellationToken = default) => inner.DeleteAsync(meetingId, cancellationToken);

        public Task<string> GetStartUrlAsync(long meetingId, CancellationToken cancellationToken = default) => inner.GetStartUrlAsync(meetingId, cancellationToken);
    }
}

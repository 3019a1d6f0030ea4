using System.Collections.Concurrent;
using Azure.Core;
using Chexs.Bot.Graph;
using Chexs.Bot.Records;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Graph;

namespace Chexs.Bot.Tests.Graph;

/// <summary>
/// Stands in for ClientSecretCredential: Entra ID's token endpoint must be https, which a local fake
/// cannot offer without certificates. Everything after the credential is the production pipeline.
/// </summary>
public sealed class StaticTokenCredential(string token) : TokenCredential
{
    public ConcurrentBag<string> ScopesAsked { get; } = new();

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        foreach (var s in requestContext.Scopes) ScopesAsked.Add(s);
        return new AccessToken(token, DateTimeOffset.UtcNow.AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}

/// <summary>Collects log lines so tests can prove what is never logged.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();
    public ILogger CreateLogger(string categoryName) => new Capturing(this);
    public void Dispose() { }

    private sealed class Capturing(CapturingLoggerProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Lines.Enqueue(formatter(state, exception) + (exception is null ? "" : " " + exception));
    }
}

public static class Ids
{
    public const string Alex = "00000000-0000-0000-0000-00000000a001";
    public const string Morgan = "00000000-0000-0000-0000-00000000b001";
    public const string Jordan = "00000000-0000-0000-0000-00000000b002";
    public const string Casey = "00000000-0000-0000-0000-00000000c001";
    public const string StaffGroup = "11111111-1111-1111-1111-111111111111";
    public const string ManagersGroup = "22222222-2222-2222-2222-222222222222";
    public const string Mailbox = "sessions@chexs.example";
}

/// <summary>Shared set-up: options, a temporary LiteDB file, seed records, a Graph client aimed at the fake.</summary>
public sealed class GraphTestKit : IDisposable
{
    public const string JoinUrl = "https://zoom.us/j/81234567890?pwd=SeCrEtJoInToKeN";
    public const string Passcode = "k7Q2pX";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "chexs-graph-tests", Guid.NewGuid().ToString("N"));

    public GraphTestKit()
    {
        Directory.CreateDirectory(_folder);
        Db = new ChexsDatabase(DbPath);
    }

    public string DbPath => Path.Combine(_folder, "chexs.db");
    public string PickupFolder => Path.Combine(_folder, "pickup");
    public ChexsDatabase Db { get; private set; }

    public Microsoft.Extensions.Time.Testing.FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));

    public GraphOptions Options { get; } = new()
    {
        TenantId = "00000000-0000-0000-0000-0000000000aa",
        ClientId = "client",
        ClientSecret = "not-used-by-tests",
        StaffGroupId = Ids.StaffGroup,
        ManagersGroupId = Ids.ManagersGroup,
        SharedMailbox = Ids.Mailbox,
        OutboxMaxAttempts = 5,
    };

    public SafeguardingOptions Safeguarding { get; } = new()
    {
        ConcernsContactName = "Morgan Manager",
        ConcernsContactEmail = "safeguarding@chexs.example",
        ConcernsContactPhone = "020 7946 0000",
    };

    public IOptions<GraphOptions> GraphOptions => Microsoft.Extensions.Options.Options.Create(Options);

    public IOptions<SafeguardingOptions> SafeguardingSettings => Microsoft.Extensions.Options.Options.Create(Safeguarding);

    public StaticTokenCredential Credential { get; } = new(FakeGraphServer.Token);

    public GraphServiceClient ClientFor(FakeGraphServer server)
    {
        Options.BaseUrl = server.BaseUrl;
        return GraphClients.Create(Options, Credential);
    }

    /// <summary>Closes and reopens the database file, as a process restart would.</summary>
    public void Restart()
    {
        Db.Dispose();
        Db = new ChexsDatabase(DbPath);
    }

    /// <summary>Sam Patel (13 on 3 Dec 2026) with two guardians linked both ways.</summary>
    public (Pupil Pupil, Guardian Mum, Guardian Dad) SeedFamily(DateOnly? dateOfBirth = null, string pupilId = "P-0001", string first = "Sam", string last = "Patel")
    {
        var mum = new Guardian { Id = Guardian.IdFor($"priya.{pupilId}@example.org"), Name = "Priya Patel", Relationship = "Mother", Email = $"priya.{pupilId}@example.org", PupilIds = [pupilId] };
        var dad = new Guardian { Id = Guardian.IdFor($"raj.{pupilId}@example.org"), Name = "Raj Patel", Relationship = "Father", Email = $"raj.{pupilId}@example.org", PupilIds = [pupilId] };
        var pupil = new Pupil
        {
            Id = pupilId, FirstName = first, LastName = last, DateOfBirth = dateOfBirth ?? new DateOnly(2013, 6, 1),
            Programmes = [Programme.Growth], School = "Riverside", GuardianIds = [mum.Id, dad.Id],
        };
        Db.Pupils.Upsert(pupil);
        Db.Guardians.Upsert(mum);
        Db.Guardians.Upsert(dad);
        return (pupil, mum, dad);
    }

    /// <summary>Thursday 3 December 2026, 4:00pm–4:45pm London (GMT, so 16:00Z).</summary>
    public Session SeedSession(params string[] pupilIds)
    {
        var session = new Session
        {
            Id = "S-7K3Q9",
            Programme = Programme.Growth,
            HostId = Ids.Alex,
            PupilIds = pupilIds.ToList(),
            Start = new DateTimeOffset(2026, 12, 3, 16, 0, 0, TimeSpan.Zero),
            DurationMinutes = 45,
            Kind = pupilIds.Length > 1 ? SessionKind.Group : SessionKind.OneToOne,
            Status = SessionStatus.Scheduled,
            CreatedAt = Clock.GetUtcNow(),
            CreatedBy = Ids.Alex,
            AdultPresenceRequired = true,
            Meeting = new ZoomMeetingRecord { MeetingId = 81234567890, JoinUrl = JoinUrl, Passcode = Passcode, CreatedAt = Clock.GetUtcNow() },
        };
        Db.Sessions.Upsert(session);
        return session;
    }

    public void Dispose()
    {
        Db.Dispose();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}

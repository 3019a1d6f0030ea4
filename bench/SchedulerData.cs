using Microsoft.Extensions.DependencyInjection;
using Chexs.Bot.Storage.LiteDb;
using Chexs.Bot.Storage.PostgreSql;
using System.Diagnostics;
using Chexs.Bot.Records;
using Chexs.Bot.Reminders;
using Chexs.Bot.Storage;

namespace Chexs.Bot.Bench;

/// <summary>
/// Fills a bot database with N sessions and their reminders, as the bot stores them, in bulk
/// (InsertBulk, 20 000 documents per transaction):
/// <list type="bullet">
/// <item>history (98% less 50): completed sessions over the last two years, every reminder sent;</item>
/// <item>the future (2%): scheduled sessions 2–62 days ahead, every reminder still pending and not yet due;</item>
/// <item>now: 50 sessions starting in 10 minutes whose 15-minute reminders (channel and host: 100) fell due
/// 5 minutes ago and whose 24-hour reminders were sent yesterday.</item>
/// </list>
/// Reminder rows come from the bot's own <see cref="ReminderSchedule"/> (G5: 24 hours and 15 minutes,
/// channel and host), so a session has 4. Sessions carry their Zoom meeting and policy verdict but not
/// the stored confirmation card (which would only make the file bigger, not the lookups slower).
/// </summary>
public static class SchedulerData
{
    public const int DueSessions = 50;
    public const int Batch = 20_000;
    public static readonly string[] PupilIds = Enumerable.Range(1, 12).Select(i => $"P-{i:0000}").ToArray();
    private const string Alphabet = "23456789ABCDEFGHJKMNPQRSTVWXYZ";

    public sealed record Generated(long Sessions, long Reminders, double Seconds, long FileBytes);

    /// <summary><c>scheduler-generate --db PATH --sessions N --now ISO</c>; prints one JSON line.</summary>
    public static int Generate(string[] args)
    {
        var options = Options.Parse(args);
        var postgres = options["postgres"];
        var path = postgres is null ? options.Require("db") : null;
        var count = int.Parse(options.Require("sessions"));
        var now = DateTimeOffset.Parse(options.Require("now"));
        var watch = Stopwatch.StartNew();
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        var offsets = new Safeguarding.SafeguardingOptions().ReminderOffsets;
        long reminders = 0;
        double sessionSeconds = 0, reminderSeconds = 0;
        var services = new ServiceCollection().AddLogging();
        if (postgres is null) services.AddChexsLiteDbStorage(_ => path!);
        else services.AddChexsPostgreSqlStorage(_ => postgres);
        using (var store = services.BuildServiceProvider())
        {
            store.GetRequiredService<IStaffRepository>().UpsertManyAsync(DataExchange.DevelopmentSeed.DevelopmentStaff).AsTask().GetAwaiter().GetResult();
            var sessionStore = store.GetRequiredService<ISessionRepository>();
            var reminderStore = store.GetRequiredService<IReminderRepository>();
            store.GetRequiredService<IPupilRepository>().UpsertManyAsync(PupilIds.Select((id, i) => new Pupil
            {
                Id = id, FirstName = $"Pupil{i + 1}", LastName = "Bench", DateOfBirth = new DateOnly(2012, 1, 1).AddDays(i * 40),
                Programmes = { Programme.Growth }, School = "Bench School",
            })).AsTask().GetAwaiter().GetResult();
            var random = new Random(8);
            var future = count / 50;
            for (var first = 0; first < count; first += Batch)
            {
                var sessions = new List<Session>(Batch);
                var rows = new List<Reminder>(Batch * 4);
                for (var i = first; i < Math.Min(count, first + Batch); i++)
                {
                    var kind = i < DueSessions ? Kind.DueNow : i < DueSessions + future ? Kind.Future : Kind.Past;
                    var session = MakeSession(i, kind, now, random);
                    sessions.Add(session);
                    foreach (var r in ReminderSchedule.For(session, offsets, zone))
                    {
                        if (kind == Kind.Past || (kind == Kind.DueNow && r.OffsetMinutes >= 24 * 60))
                        {
                            r.Status = ReminderStatus.Sent;
                            r.SentAt = r.DueAt;
                            r.OutstandingDueUtc = null;
                            r.Attempts = 1;
                            r.ConversationId = r.Audience == ReminderAudience.Channel ? "19:general@thread.tacv2" : "a:bench-alex-personal";
                            r.ActivityId = $"activity-{i}-{r.OffsetMinutes}";
                        }
                        rows.Add(r);
                    }
                }
                var t0 = Stopwatch.GetTimestamp();
                sessionStore.InsertManyAsync(sessions).AsTask().GetAwaiter().GetResult();
                var t1 = Stopwatch.GetTimestamp();
                reminderStore.InsertManyAsync(rows).AsTask().GetAwaiter().GetResult();
                sessionSeconds += Stopwatch.GetElapsedTime(t0, t1).TotalSeconds;
                reminderSeconds += Stopwatch.GetElapsedTime(t1).TotalSeconds;
                reminders += rows.Count;
            }
        }
        Console.Error.WriteLine($"sessions {sessionSeconds:0.0} s, reminders {reminderSeconds:0.0} s, total {watch.Elapsed.TotalSeconds:0.0} s");
        var bytes = postgres is null ? new FileInfo(path!).Length : Postgres.SizeOf(postgres);
        Console.WriteLine(Newtonsoft.Json.JsonConvert.SerializeObject(new Generated(count, reminders, watch.Elapsed.TotalSeconds, bytes)));
        return 0;
    }

    private enum Kind { Past, Future, DueNow }

    private static Session MakeSession(int i, Kind kind, DateTimeOffset now, Random random)
    {
        var start = kind switch
        {
            Kind.DueNow => now.AddMinutes(10),
            Kind.Future => now.AddDays(2).AddMinutes(random.Next(60 * 24 * 60)),
            _ => now.AddDays(-730).AddMinutes(random.Next(60 * 24 * 729)),
        };
        start = new DateTimeOffset(start.UtcDateTime.Ticks - start.UtcDateTime.Ticks % TimeSpan.TicksPerMinute, TimeSpan.Zero);
        var pupil = PupilIds[random.Next(PupilIds.Length)];
        return new Session
        {
            Id = Id(i),
            Programme = Programme.Growth,
            HostId = Activities.AlexId,
            PupilIds = { pupil },
            Start = start,
            DurationMinutes = 45,
            Kind = SessionKind.OneToOne,
            Status = kind == Kind.Past ? SessionStatus.Completed : SessionStatus.Scheduled,
            CreatedAt = start.AddDays(-7),
            CreatedBy = Activities.AlexId,
            AdultPresenceRequired = true,
            Meeting = new ZoomMeetingRecord
            {
                MeetingId = 80_000_000_000 + i, JoinUrl = $"https://zoom.example/j/{80_000_000_000 + i}", Passcode = "Bench12345",
                HostZoomUserId = "alex.host@chexs.example", Simulated = true, CreatedAt = start.AddDays(-7),
            },
            Verdict = new PolicyVerdictRecord
            {
                Outcome = "Allowed", JudgedAt = start.AddDays(-7),
                Findings = { new PolicyFindingRecord { RuleId = "P9", PupilId = pupil, Severity = "Note", Message = "P9: P.B. is under 14 on the day: an adult must be present or close by." } },
            },
        };
    }

    /// <summary>"S-" and five characters, unique per index (the bot's alphabet, in order instead of at random).</summary>
    private static string Id(int i)
    {
        Span<char> c = stackalloc char[5];
        for (var k = 4; k >= 0; k--)
        {
            c[k] = Alphabet[i % Alphabet.Length];
            i /= Alphabet.Length;
        }
        return "S-" + new string(c);
    }
}

/// <summary>--name value pairs.</summary>
public sealed class Options
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public static Options Parse(IEnumerable<string> args)
    {
        var o = new Options();
        var list = args.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i].StartsWith("--", StringComparison.Ordinal))
            {
                var hasValue = i + 1 < list.Count && !list[i + 1].StartsWith("--", StringComparison.Ordinal);
                o._values[list[i][2..]] = hasValue ? list[++i] : "true";
            }
        }
        return o;
    }

    public string? this[string name] => _values.GetValueOrDefault(name);
    public bool Has(string name) => _values.ContainsKey(name);
    public string Require(string name) => this[name] ?? throw new ArgumentException($"--{name} is required");
}

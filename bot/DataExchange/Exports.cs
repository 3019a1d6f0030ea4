using System.Globalization;
using Chexs.Bot.Records;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Storage;
using CsvHelper;

namespace Chexs.Bot.DataExchange;

/// <summary>
/// CSV exports for managers. Minimum data: sessions name pupils by count and initials only (G6), and
/// never carry a join link or passcode (P3). Text that a spreadsheet would run as a formula is escaped.
/// </summary>
public sealed class Exports
{
    public static readonly string[] SessionColumns =
    {
        "session_id", "programme", "start_local", "time_zone", "duration_minutes", "kind", "status", "host", "co_host",
        "pupil_count", "pupil_initials", "adult_presence_required", "verdict", "flag", "cancelled_reason", "created_at_utc",
    };

    public static readonly string[] AuditColumns = { "id", "at_utc", "at_local", "actor", "action", "records", "detail" };

    private static readonly CsvWriterOptions Options = CsvWriterOptions.Default with { Injection = CsvInjection.Escape };

    private readonly ISessionRepository _sessions;
    private readonly IStaffRepository _staff;
    private readonly IPupilRepository _pupils;
    private readonly IAuditTrail _audit;
    private readonly OrgCalendar _calendar;

    public Exports(ISessionRepository sessions, IStaffRepository staff, IPupilRepository pupils, IAuditTrail audit, OrgCalendar calendar)
    {
        _sessions = sessions;
        _staff = staff;
        _pupils = pupils;
        _audit = audit;
        _calendar = calendar;
    }

    /// <summary>Writes every session, oldest first. Returns the number of rows.</summary>
    public async Task<int> WriteSessionsAsync(string path)
    {
        // Read first, then write the file: no store access while the file is open.
        var staff = (await _staff.AllAsync()).ToDictionary(s => s.Id, s => s.DisplayName);
        var pupils = (await _pupils.AllAsync()).ToDictionary(p => p.Id, p => p.Initials);
        var sessions = (await _sessions.AllAsync()).OrderBy(s => s.Start).ToList();
        return Write(path, SessionColumns, csv => WriteSessions(csv, sessions, staff, pupils));
    }

    private int WriteSessions(CsvWriter csv, IReadOnlyList<Session> sessions, IReadOnlyDictionary<string, string> staff, IReadOnlyDictionary<string, string> pupils)
    {
        string Name(string? id) => id is null ? "" : staff.TryGetValue(id, out var n) && n.Length > 0 ? n : id;
        var count = 0;
        foreach (var s in sessions)
        {
            var initials = s.PupilIds.Select(id => pupils.TryGetValue(id, out var i) ? i : "?");
            Row(csv,
                s.Id, s.Programme.Display(), Local(s.Start), _calendar.Zone.Id,
                s.DurationMinutes.ToString(CultureInfo.InvariantCulture), s.Kind == SessionKind.OneToOne ? "one-to-one" : "group",
                s.Status.ToString(), Name(s.HostId), Name(s.CoHostId),
                s.PupilIds.Count.ToString(CultureInfo.InvariantCulture), string.Join(";", initials),
                s.AdultPresenceRequired ? "yes" : "no", s.Verdict?.Outcome ?? "", s.Flag ?? "", s.CancelledReason ?? "",
                s.CreatedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
            count++;
        }
        return count;
    }

    /// <summary>Writes the audit trail in order. Returns the number of rows.</summary>
    public async Task<int> WriteAuditAsync(string path)
    {
        var events = await _audit.AllAsync();
        return Write(path, AuditColumns, csv => WriteAudit(csv, events));
    }

    private int WriteAudit(CsvWriter csv, IReadOnlyList<AuditEvent> events)
    {
        var count = 0;
        foreach (var e in events)
        {
            Row(csv, e.Id.ToString(CultureInfo.InvariantCulture), e.At.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                Local(e.At), e.Actor, e.Action, string.Join(";", e.Records), e.Detail ?? "");
            count++;
        }
        return count;
    }

    private string Local(DateTimeOffset instant) =>
        _calendar.LocalDateTime(instant).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static void Row(CsvWriter csv, params string[] fields)
    {
        foreach (var f in fields) csv.WriteField(f);
        csv.EndRecord();
    }

    /// <summary>Writes to a temporary file beside the target and moves it into place, so a failure never leaves half a file.</summary>
    private static int Write(string path, string[] header, Func<CsvWriter, int> body)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        // On a fresh clone data/ does not exist until the bot first runs; the README exports there.
        Directory.CreateDirectory(folder);
        // A process killed mid-export leaves its temporary file behind; an export to the same file removes it.
        foreach (var leftover in Directory.EnumerateFiles(folder, $".{Path.GetFileName(full)}.*.tmp")) File.Delete(leftover);
        var temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            int count;
            using (var stream = File.Create(temp))
            using (var csv = CsvWriter.Create(stream, Options))
            {
                csv.WriteHeader(header);
                count = body(csv);
            }
            File.Move(temp, full, overwrite: true);
            return count;
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}

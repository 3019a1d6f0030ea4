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

    private readonly ChexsDatabase _db;
    private readonly OrgCalendar _calendar;

    public Exports(ChexsDatabase db, OrgCalendar calendar)
    {
        _db = db;
        _calendar = calendar;
    }

    /// <summary>Writes every session, oldest first. Returns the number of rows.</summary>
    public int WriteSessions(string path) => Write(path, SessionColumns, csv =>
    {
        var staff = _db.Staff.FindAll().ToDictionary(s => s.Id, s => s.DisplayName);
        string Name(string? id) => id is null ? "" : staff.TryGetValue(id, out var n) && n.Length > 0 ? n : id;
        var count = 0;
        foreach (var s in _db.Sessions.FindAll().OrderBy(s => s.Start))
        {
            var initials = s.PupilIds.Select(id => _db.Pupils.FindById(id)?.Initials ?? "?");
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
    });

    /// <summary>Writes the audit trail in order. Returns the number of rows.</summary>
    public int WriteAudit(string path) => Write(path, AuditColumns, csv =>
    {
        var count = 0;
        foreach (var e in _db.Audit.FindAll().OrderBy(e => e.Id))
        {
            Row(csv, e.Id.ToString(CultureInfo.InvariantCulture), e.At.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                Local(e.At), e.Actor, e.Action, string.Join(";", e.Records), e.Detail ?? "");
            count++;
        }
        return count;
    });

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
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"No folder {folder}.");
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

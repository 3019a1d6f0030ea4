using System.Globalization;
using System.Text;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Storage;
using CsvHelper;

namespace Chexs.Bot.Concerns;

/// <summary>
/// <c>export concerns FOLDER</c>: everything the Designated Safeguarding Lead needs to carry concerns into CPOMS or
/// MyConcern — <c>concerns.csv</c> (one row per concern) and a readable Markdown document per concern
/// (<c>C-12.md</c>: what was raised, by whom, about whom, in the staff member's own words, then every dated entry).
/// Only on the server's command line: the files hold names and accounts, so they never pass through a Teams chat.
/// Audited (how many, where to; never what).
/// </summary>
public sealed class ConcernExport(SafeguardingConcerns concerns, ConcernCards cards, IAuditTrail audit, SafeguardingOptions policy, TimeProvider clock)
{
    public static readonly string[] Columns =
    [
        "concern", "raised_at_local", "raised_by", "category", "immediate_risk", "session", "session_start_local", "programme", "about",
        "happened_when", "account", "status", "acknowledged_by", "acknowledged_at_local", "closed_at_local", "outcome", "entries", "keep_until",
    ];

    private static readonly CsvWriterOptions Options = CsvWriterOptions.Default with { Injection = CsvInjection.Escape };

    /// <summary>Writes the CSV and the documents into <paramref name="folder"/> (created if missing). Returns how many concerns.</summary>
    public async Task<int> WriteAsync(string folder, string actor, CancellationToken ct = default)
    {
        var files = await concerns.AllFilesAsync(ct);
        Directory.CreateDirectory(folder);
        WriteCsv(Path.Combine(folder, "concerns.csv"), files);
        foreach (var file in files)
        {
            await File.WriteAllTextAsync(Path.Combine(folder, $"{file.Concern.Reference}.md"), Document(file), new UTF8Encoding(false), ct);
        }
        await audit.AppendAsync(clock.GetUtcNow(), actor, "concerns.exported", files.Select(f => f.Concern.Reference),
            $"{files.Count} concern(s) exported to {Path.GetFullPath(folder)}", ct);
        return files.Count;
    }

    private void WriteCsv(string path, IReadOnlyList<ConcernFile> files)
    {
        var temp = path + $".{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = File.Create(temp))
            using (var csv = CsvWriter.Create(stream, Options))
            {
                csv.WriteHeader(Columns);
                foreach (var f in files)
                {
                    var c = f.Concern;
                    var closed = f.Entries.FirstOrDefault(e => e.Kind == ConcernEntryKind.Closed);
                    foreach (var field in new[]
                    {
                        c.Reference, Local(c.RaisedAt), c.RaisedByName, ConcernCategories.Short(c.Category), c.ImmediateRisk ? "yes" : "no",
                        c.SessionId ?? "", c.SessionStart is { } s ? Local(s) : "", c.Programme ?? "", string.Join("; ", c.Pupils.Select(Person)),
                        c.HappenedWhen, c.Account, f.IsClosed ? "closed" : "open", f.Acknowledgement?.ByName ?? "",
                        f.Acknowledgement is { } ack ? Local(ack.At) : "", closed is null ? "" : Local(closed.At), closed?.Text ?? "",
                        string.Join(" | ", f.Entries.Select(e => $"{Local(e.At)} {e.ByName} ({ConcernCards.KindText(e.Kind)}): {e.Text}")),
                        c.KeepUntil.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    })
                    {
                        csv.WriteField(field);
                    }
                    csv.EndRecord();
                }
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>One concern as a document a person reads (and pastes into CPOMS / MyConcern).</summary>
    public string Document(ConcernFile file)
    {
        var c = file.Concern;
        var md = new StringBuilder();
        md.AppendLine($"# Safeguarding concern {c.Reference}").AppendLine();
        if (c.ImmediateRisk) md.AppendLine("**The staff member said a child was at immediate risk.**").AppendLine();
        md.AppendLine($"- Status: {file.StatusText}");
        md.AppendLine($"- Raised by: {c.RaisedByName}, {Local(c.RaisedAt)} ({policy.TimeZone})");
        md.AppendLine($"- Category: {ConcernCategories.Label(c.Category)}");
        md.AppendLine($"- When it happened: {Escape(c.HappenedWhen)}");
        md.AppendLine($"- Session: {cards.SessionText(c)}");
        md.AppendLine($"- About: {(c.Pupils.Count == 0 ? "no one named" : string.Join("; ", c.Pupils.Select(Person)))}");
        md.AppendLine($"- Keep until: {c.KeepUntil:yyyy-MM-dd}").AppendLine();
        md.AppendLine("## What was seen or said (the staff member's own words)").AppendLine();
        foreach (var line in c.Account.Replace("\r\n", "\n").Split('\n')) md.AppendLine($"> {Escape(line)}");
        md.AppendLine().AppendLine("## Record").AppendLine();
        if (file.Entries.Count == 0) md.AppendLine("Nothing added yet.");
        foreach (var e in file.Entries)
        {
            md.AppendLine($"- {Local(e.At)}, {e.ByName} ({ConcernCards.KindText(e.Kind)}){(e.Text.Length > 0 ? ": " + Escape(e.Text) : "")}");
        }
        md.AppendLine().AppendLine($"Exported from CHEXS Bot on {Local(clock.GetUtcNow())}. Entries are dated, signed and never changed.");
        return md.ToString();
    }

    private static string Person(ConcernPupil p) =>
        p.DateOfBirth is { } born ? $"{p.Name} (born {born:yyyy-MM-dd}{(p.School.Length > 0 ? ", " + p.School : "")})"
        : p.PupilId.Length == 0 ? $"{p.Name} (as typed; not a pupil record)" : p.Name;

    /// <summary>Markdown would otherwise read "#", "*" or "[...](...)" typed by a person as formatting.</summary>
    private static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var ch in text)
        {
            if ("\\`*_{}[]()#+-.!|<>".Contains(ch)) sb.Append('\\');
            sb.Append(ch);
        }
        return sb.ToString();
    }

    private string Local(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, policy.Zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}

using System.Globalization;
using System.Net.Mail;
using Chexs.Bot.Invitations.Languages;
using Chexs.Bot.Records;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Storage;

namespace Chexs.Bot.DataExchange;

/// <summary>
/// Imports pupils and their guardians from a CSV with one row per pupil–guardian pair. Every row is
/// checked first; one bad row means nothing is written. Ids are stable (pupil_id from the file,
/// guardian id from the email), so importing the same file again changes nothing.
/// </summary>
public sealed class PupilImport
{
    public static readonly string[] Columns =
    {
        "pupil_id", "first_name", "last_name", "date_of_birth", "programme", "school",
        "guardian_name", "guardian_relationship", "guardian_email", "guardian_phone",
    };

    /// <summary>Read when present; files without it keep working (the guardian's language stays as it was, English for a new guardian).</summary>
    public const string LanguageColumn = "language";

    private readonly IPupilRepository _pupils;
    private readonly IGuardianRepository _guardians;
    private readonly IStoreTransactions _transactions;
    private readonly IAuditTrail _audit;
    private readonly TimeProvider _clock;
    private readonly OrgCalendar _calendar;

    public PupilImport(IPupilRepository pupils, IGuardianRepository guardians, IStoreTransactions transactions, IAuditTrail audit, TimeProvider clock, OrgCalendar calendar)
    {
        _pupils = pupils;
        _guardians = guardians;
        _transactions = transactions;
        _audit = audit;
        _clock = clock;
        _calendar = calendar;
    }

    /// <summary>Reads and imports a file. Throws <see cref="CsvFileException"/> when the file is not the expected table at all.</summary>
    public Task<ImportReport> ImportFileAsync(string path, bool dryRun, string actor) =>
        ImportAsync(CsvSheet.Read(path, Columns), Path.GetFileName(path), dryRun, actor);

    public async Task<ImportReport> ImportAsync(IReadOnlyList<CsvLine> lines, string source, bool dryRun, string actor)
    {
        var report = new ImportReport("pupils", source, dryRun);
        var today = _calendar.LocalDate(_clock.GetUtcNow());
        var pupils = new Dictionary<string, (Pupil Pupil, int Line)>();
        // Language: what the file says for the guardian, or null where its cells are empty (then the stored one stays).
        var guardians = new Dictionary<string, (Guardian Guardian, int Line, string? Language)>();

        foreach (var line in lines)
        {
            var errors = new List<string>(line.Problems);
            var id = line["pupil_id"];
            if (id.Length == 0) errors.Add("pupil_id is empty");
            else if (id.Any(char.IsWhiteSpace)) errors.Add($"pupil_id \"{id}\" contains a space");
            if (line["first_name"].Length == 0) errors.Add("first_name is empty");
            if (line["last_name"].Length == 0) errors.Add("last_name is empty");
            if (!TryDate(line["date_of_birth"], out var dob)) errors.Add($"date_of_birth \"{line["date_of_birth"]}\" is not a date in the form YYYY-MM-DD");
            else if (dob > today) errors.Add($"date_of_birth {line["date_of_birth"]} is in the future");
            var programmes = new List<Programme>();
            var programmeCell = line["programme"];
            if (programmeCell.Length == 0) errors.Add("programme is empty (Growth or Afterschool Leadership)");
            foreach (var name in programmeCell.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (ProgrammeNames.TryParse(name, out var p)) programmes.Add(p);
                else errors.Add($"unknown programme \"{name}\" (use Growth or Afterschool Leadership)");
            }
            if (line["guardian_name"].Length == 0) errors.Add("guardian_name is empty");
            var email = line["guardian_email"];
            if (email.Length == 0) errors.Add("guardian_email is missing (join details go to a guardian's email, P3)");
            else if (!IsEmail(email)) errors.Add($"guardian_email \"{email}\" is not an email address");
            if (!GuardianLanguage.TryRead(line[LanguageColumn], out var language))
                errors.Add($"language \"{line[LanguageColumn]}\" is not one CHEXS writes in (use {GuardianLanguage.Accepted})");

            if (errors.Count == 0)
            {
                var pupil = new Pupil
                {
                    Id = id,
                    FirstName = line["first_name"],
                    LastName = line["last_name"],
                    DateOfBirth = dob,
                    Programmes = programmes.Distinct().ToList(),
                    School = line["school"],
                };
                var guardianId = Guardian.IdFor(email);
                if (pupils.TryGetValue(id, out var seen))
                {
                    var p0 = seen.Pupil;
                    if (p0.FirstName != pupil.FirstName || p0.LastName != pupil.LastName || p0.DateOfBirth != pupil.DateOfBirth || p0.School != pupil.School)
                        errors.Add($"pupil {id} is on line {seen.Line} with a different name, date of birth or school");
                    else
                        p0.Programmes = p0.Programmes.Union(pupil.Programmes).ToList();
                }
                else
                {
                    pupils[id] = (pupil, line.LineNumber);
                }
                if (guardians.TryGetValue(guardianId, out var g))
                {
                    if (!string.Equals(g.Guardian.Name, line["guardian_name"], StringComparison.Ordinal))
                        errors.Add($"guardian {email} is on line {g.Line} with a different name (\"{g.Guardian.Name}\")");
                    else if (g.Guardian.Phone is { Length: > 0 } phone && line["guardian_phone"].Length > 0 && phone != line["guardian_phone"])
                        errors.Add($"guardian {email} is on line {g.Line} with a different phone number");
                    else if (language is not null && g.Language is not null && language != g.Language)
                        errors.Add($"guardian {email} is on line {g.Line} with a different language (\"{g.Language}\")");
                }
                else
                {
                    guardians[guardianId] = (new Guardian
                    {
                        Id = guardianId,
                        Name = line["guardian_name"],
                        Relationship = line["guardian_relationship"],
                        Email = email,
                        Phone = line["guardian_phone"].Length == 0 ? null : line["guardian_phone"],
                        Language = language ?? GuardianLanguage.English,
                    }, line.LineNumber, language);
                }
                if (errors.Count == 0)
                {
                    var gg = guardians[guardianId].Guardian;
                    if (gg.Phone is null && line["guardian_phone"].Length > 0) gg.Phone = line["guardian_phone"];
                    if (language is not null && guardians[guardianId].Language is null)
                    {
                        gg.Language = language;
                        guardians[guardianId] = guardians[guardianId] with { Language = language };
                    }
                    if (!gg.PupilIds.Contains(id)) gg.PupilIds.Add(id);
                    var pp = pupils[id].Pupil;
                    if (!pp.GuardianIds.Contains(guardianId)) pp.GuardianIds.Add(guardianId);
                }
            }
            report.Errors.AddRange(errors.Select(e => new LineError(line.LineNumber, e)));
        }
        if (lines.Count == 0) report.Notes.Add("the file has no data rows");
        if (!report.Ok) return report;

        // Work out the change against what is stored. Links only grow: a file never unlinks a guardian.
        var pupilWrites = new List<Pupil>();
        foreach (var (incoming, _) in pupils.Values)
        {
            var existing = await _pupils.FindAsync(incoming.Id);
            if (existing is not null) incoming.GuardianIds = existing.GuardianIds.Union(incoming.GuardianIds).ToList();
            Count(report, existing, incoming, SamePupil, pupilWrites, p => $"{p.FirstName} {p.LastName} ({p.Id})");
        }
        var guardianWrites = new List<Guardian>();
        var guardianReport = new ImportReport("guardians", source, dryRun);
        foreach (var (incoming, _, language) in guardians.Values)
        {
            var existing = await _guardians.FindAsync(incoming.Id);
            if (existing is not null)
            {
                incoming.PupilIds = existing.PupilIds.Union(incoming.PupilIds).ToList();
                if (incoming.Relationship.Length == 0) incoming.Relationship = existing.Relationship;
                incoming.Phone ??= existing.Phone;
                if (language is null) incoming.Language = GuardianLanguage.Normalise(existing.Language);
            }
            Count(guardianReport, existing, incoming, SameGuardian, guardianWrites, g => $"guardian {g.Name} ({g.Email})");
        }
        report.Added.AddRange(guardianReport.Added);
        report.Changed.AddRange(guardianReport.Changed);
        report.Other["guardians new"] = guardianReport.Created;
        report.Other["guardians changed"] = guardianReport.Updated;
        if (dryRun) return report;

        await _transactions.RunAsync(async () =>
        {
            foreach (var p in pupilWrites) await _pupils.UpsertAsync(p);
            foreach (var g in guardianWrites) await _guardians.UpsertAsync(g);
            await _audit.AppendAsync(_clock.GetUtcNow(), actor, "import.pupils", pupilWrites.Select(p => p.Id),
                $"{source}: {report.Summary()}");
        });
        report.Applied = true;
        return report;
    }

    private static void Count<T>(ImportReport report, T? existing, T incoming, Func<T, T, bool> same, List<T> writes, Func<T, string> describe) where T : class
    {
        if (existing is null)
        {
            report.Created++;
            report.Added.Add(describe(incoming));
            writes.Add(incoming);
        }
        else if (same(existing, incoming))
        {
            report.Unchanged++;
        }
        else
        {
            report.Updated++;
            report.Changed.Add(describe(incoming));
            writes.Add(incoming);
        }
    }

    private static bool SamePupil(Pupil a, Pupil b) =>
        a.FirstName == b.FirstName && a.LastName == b.LastName && a.DateOfBirth == b.DateOfBirth && a.School == b.School
        && a.Programmes.ToHashSet().SetEquals(b.Programmes) && a.GuardianIds.ToHashSet().SetEquals(b.GuardianIds);

    private static bool SameGuardian(Guardian a, Guardian b) =>
        a.Name == b.Name && a.Relationship == b.Relationship && a.Email == b.Email && a.Phone == b.Phone
        && GuardianLanguage.Normalise(a.Language) == GuardianLanguage.Normalise(b.Language)
        && a.PupilIds.ToHashSet().SetEquals(b.PupilIds);

    internal static bool TryDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    internal static bool IsEmail(string text) =>
        MailAddress.TryCreate(text, out var address) && address.Address == text && text.Contains('.', StringComparison.Ordinal);
}

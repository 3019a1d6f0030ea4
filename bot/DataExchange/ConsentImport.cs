using System.Security.Cryptography;
using System.Text;
using Chexs.Bot.Records;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Storage;

namespace Chexs.Bot.DataExchange;

/// <summary>
/// Imports consent forms (P4) from a CSV. Every row is checked first (pupil and guardian on record,
/// the guardian is that pupil's, kind with its academic year or session, what it covers, dates);
/// one bad row means nothing is written. A consent's id is derived from pupil, guardian, kind,
/// year/session and date given, so importing the same file again changes nothing. A recorded consent
/// is never edited by a file: a changed form is a new consent with its own given_on date. A
/// withdrawn_on date withdraws the consent through <see cref="ConsentWithdrawals"/>, which re-checks
/// the pupil's future sessions.
/// </summary>
public sealed class ConsentImport
{
    public static readonly string[] Columns =
    {
        "pupil_id", "guardian_email", "kind", "academic_year", "session_id", "covers", "given_on", "evidence",
    };
    /// <summary>Optional columns.</summary>
    public const string WithdrawnOnColumn = "withdrawn_on";

    private readonly IPupilRepository _pupils;
    private readonly IGuardianRepository _guardians;
    private readonly IConsentRepository _consents;
    private readonly ISessionRepository _sessions;
    private readonly IStoreTransactions _transactions;
    private readonly IAuditTrail _audit;
    private readonly TimeProvider _clock;
    private readonly OrgCalendar _calendar;
    private readonly ConsentWithdrawals _withdrawals;

    public ConsentImport(IPupilRepository pupils, IGuardianRepository guardians, IConsentRepository consents, ISessionRepository sessions,
        IStoreTransactions transactions, IAuditTrail audit, TimeProvider clock, OrgCalendar calendar, ConsentWithdrawals withdrawals)
    {
        _pupils = pupils;
        _guardians = guardians;
        _consents = consents;
        _sessions = sessions;
        _transactions = transactions;
        _audit = audit;
        _clock = clock;
        _calendar = calendar;
        _withdrawals = withdrawals;
    }

    public Task<ImportReport> ImportFileAsync(string path, bool dryRun, string actor) =>
        ImportAsync(CsvSheet.Read(path, Columns), Path.GetFileName(path), dryRun, actor);

    public async Task<ImportReport> ImportAsync(IReadOnlyList<CsvLine> lines, string source, bool dryRun, string actor)
    {
        var report = new ImportReport("consents", source, dryRun);
        var now = _clock.GetUtcNow();
        var today = _calendar.LocalDate(now);
        var fromFile = new Dictionary<string, (Consent Consent, DateOnly? WithdrawnOn, int Line)>();

        foreach (var line in lines)
        {
            var errors = new List<string>(line.Problems);
            var pupilId = line["pupil_id"];
            var pupil = pupilId.Length == 0 ? null : await _pupils.FindAsync(pupilId);
            if (pupilId.Length == 0) errors.Add("pupil_id is empty");
            else if (pupil is null) errors.Add($"unknown pupil id {pupilId} (the pupils list must be imported first)");

            var email = line["guardian_email"];
            Guardian? guardian = null;
            if (email.Length == 0) errors.Add("guardian_email is missing");
            else if (!PupilImport.IsEmail(email)) errors.Add($"guardian_email \"{email}\" is not an email address");
            else
            {
                guardian = await _guardians.FindAsync(Guardian.IdFor(email));
                if (guardian is null) errors.Add($"no guardian with email {email} on record (the pupils list must be imported first)");
                else if (pupil is not null && !pupil.GuardianIds.Contains(guardian.Id) && !guardian.PupilIds.Contains(pupil.Id))
                    errors.Add($"{email} is not recorded as a parent/guardian of {pupilId}");
            }

            ConsentKind kind = default;
            int? year = null;
            string? sessionId = null;
            switch (line["kind"].ToLowerInvariant())
            {
                case "annual":
                    kind = ConsentKind.Annual;
                    if (line["academic_year"].Length == 0) errors.Add("an annual consent needs academic_year (e.g. 2026/27)");
                    else if (OrgCalendar.TryParseAcademicYear(line["academic_year"], out var y)) year = y;
                    else errors.Add($"academic_year \"{line["academic_year"]}\" is not an academic year like 2026/27");
                    if (line["session_id"].Length > 0) errors.Add("session_id is only for session consents; leave it empty for an annual consent");
                    break;
                case "session":
                    kind = ConsentKind.Session;
                    sessionId = line["session_id"];
                    if (sessionId.Length == 0) errors.Add("a session consent needs session_id");
                    else if (await _sessions.FindAsync(sessionId) is not { } session) errors.Add($"unknown session id {sessionId}");
                    else if (pupil is not null && !session.PupilIds.Contains(pupil.Id)) errors.Add($"{pupilId} is not a participant of session {sessionId}");
                    if (line["academic_year"].Length > 0) errors.Add("academic_year is only for annual consents; leave it empty for a session consent");
                    break;
                default:
                    errors.Add($"kind \"{line["kind"]}\" must be annual or session");
                    break;
            }

            var covers = ConsentScope.None;
            var coverWords = line["covers"].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (coverWords.Length == 0) errors.Add("covers is empty (participation;recording;group)");
            foreach (var word in coverWords)
            {
                var scope = word.ToLowerInvariant() switch
                {
                    "participation" or "taking part" => ConsentScope.Participation,
                    "recording" => ConsentScope.Recording,
                    "group" or "group sessions" => ConsentScope.Group,
                    _ => ConsentScope.None,
                };
                if (scope == ConsentScope.None) errors.Add($"covers has \"{word}\"; use participation, recording and/or group, separated by ;");
                covers |= scope;
            }

            if (!PupilImport.TryDate(line["given_on"], out var givenOn)) errors.Add($"given_on \"{line["given_on"]}\" is not a date in the form YYYY-MM-DD");
            else if (givenOn > today) errors.Add($"given_on {line["given_on"]} is in the future");
            if (line["evidence"].Length == 0) errors.Add("evidence is empty (the form reference)");
            DateOnly? withdrawnOn = null;
            var withdrawnText = line[WithdrawnOnColumn];
            if (withdrawnText.Length > 0)
            {
                if (!PupilImport.TryDate(withdrawnText, out var w)) errors.Add($"withdrawn_on \"{withdrawnText}\" is not a date in the form YYYY-MM-DD");
                else if (w > today) errors.Add($"withdrawn_on {withdrawnText} is in the future");
                else if (w < givenOn) errors.Add($"withdrawn_on {withdrawnText} is before given_on {line["given_on"]}");
                else withdrawnOn = w;
            }

            if (errors.Count == 0)
            {
                var consent = new Consent
                {
                    Id = IdFor(pupilId, guardian!.Id, kind, year, sessionId, givenOn),
                    PupilId = pupilId,
                    GuardianId = guardian.Id,
                    Kind = kind,
                    AcademicYearStart = year,
                    SessionId = sessionId,
                    Covers = covers,
                    GivenOn = givenOn,
                    Evidence = line["evidence"],
                    RecordedBy = actor,
                    RecordedAt = now,
                };
                if (fromFile.TryGetValue(consent.Id, out var twin))
                {
                    if (!SameForm(twin.Consent, consent) || twin.WithdrawnOn != withdrawnOn)
                        errors.Add($"the same consent (pupil, guardian, kind, year or session, given_on) is on line {twin.Line} with different covers, evidence or withdrawn_on");
                }
                else if (await _consents.FindAsync(consent.Id) is { } stored && !SameForm(stored, consent))
                {
                    errors.Add($"consent {consent.Id} is already recorded with covers \"{stored.Covers}\" and evidence \"{stored.Evidence}\"; a changed form is a new consent with its own given_on date");
                }
                else
                {
                    fromFile[consent.Id] = (consent, withdrawnOn, line.LineNumber);
                }
            }
            report.Errors.AddRange(errors.Select(e => new LineError(line.LineNumber, e)));
        }
        if (lines.Count == 0) report.Notes.Add("the file has no data rows");
        if (!report.Ok) return report;

        var inserts = new List<Consent>();
        var withdrawals = new List<(Consent Consent, DateOnly On)>();
        foreach (var (consent, withdrawnOn, line) in fromFile.Values)
        {
            var stored = await _consents.FindAsync(consent.Id);
            if (stored is null)
            {
                inserts.Add(consent);
                report.Created++;
                report.Added.Add(Describe(consent) + (withdrawnOn is { } w ? $", withdrawn {w:yyyy-MM-dd}" : ""));
            }
            if (withdrawnOn is { } on && (stored is null || !stored.IsWithdrawn))
            {
                withdrawals.Add((consent, on));
                if (stored is not null)
                {
                    report.Updated++;
                    report.Changed.Add($"{Describe(consent)}: withdrawn {on:yyyy-MM-dd}");
                }
            }
            else if (stored is not null)
            {
                report.Unchanged++;
                if (stored.IsWithdrawn && withdrawnOn is null)
                    report.Notes.Add($"line {line}: consent {stored.Id} stays withdrawn (since {OrgCalendar.FormatShortDate(_calendar.LocalDate(stored.Withdrawal!.At))}); a file cannot undo a withdrawal");
            }
        }
        report.Other["withdrawn"] = withdrawals.Count;
        if (dryRun) return report;

        await _transactions.RunAsync(async () =>
        {
            foreach (var c in inserts) await _consents.InsertAsync(c);
            foreach (var (c, on) in withdrawals)
            {
                var result = await _withdrawals.WithdrawAsync(c.Id, actor, $"withdrawn on {on:yyyy-MM-dd} (from {source})", _calendar.StartOfLocalDay(on));
                if (result.Cancelled.Count + result.Flagged.Count > 0)
                    report.Notes.Add($"withdrawing {c.Id} cancelled {result.Cancelled.Count} and flagged {result.Flagged.Count} future session(s); hosts and managers have been told");
            }
            await _audit.AppendAsync(_clock.GetUtcNow(), actor, "import.consents",
                inserts.Select(c => c.Id).Concat(withdrawals.Select(w => w.Consent.Id)).Distinct(),
                $"{source}: {report.Summary()}");
        });
        report.Applied = true;
        return report;
    }

    /// <summary>
    /// Stable id from what identifies a form: the same row always maps to the same consent.
    /// "C-" and 12 hex digits of a SHA-256 over pupil, guardian, kind, year or session, and date given.
    /// </summary>
    public static string IdFor(string pupilId, string guardianId, ConsentKind kind, int? academicYearStart, string? sessionId, DateOnly givenOn)
    {
        var key = string.Join('|', pupilId, guardianId, kind, kind == ConsentKind.Annual ? academicYearStart?.ToString() : sessionId, givenOn.ToString("yyyy-MM-dd"));
        return "C-" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..12];
    }

    /// <summary>"P-0001 from priya.patel@example.org: annual 2026/27 (participation, recording, group), form FORM-2026-001".</summary>
    private static string Describe(Consent c) =>
        $"{c.PupilId} from {c.GuardianId}: {(c.Kind == ConsentKind.Annual ? $"annual {c.AcademicYearStart}/{(c.AcademicYearStart + 1) % 100:00}" : $"session {c.SessionId}")} ({c.Covers.ToString().ToLowerInvariant()}), form {c.Evidence}";

    private static bool SameForm(Consent a, Consent b) => a.Covers == b.Covers && a.Evidence == b.Evidence;
}

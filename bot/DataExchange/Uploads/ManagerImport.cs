using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Chexs.Bot.CardActions;
using Chexs.Bot.Cards;
using Chexs.Bot.Records;
using Chexs.Bot.Roles;
using Chexs.Bot.Storage;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.DataExchange.Uploads;

/// <summary>What the bot answers a sent file with: a sentence, or a card.</summary>
public sealed record UploadReply(string? Text, JObject? Card = null);

/// <summary>
/// A pupils or consents CSV a manager sends the bot in their 1:1 chat, imported by the running bot (so nothing opens
/// the database behind its back). The file is downloaded (size limit, timeout), read as strict UTF-8, recognised
/// from its header row, and checked by the SAME all-or-nothing import as the command line, as a dry run: the manager
/// sees a preview card (what is new, what changes, every bad line by number). Only "Confirm import" writes, and only
/// what was previewed: the card names the file by the SHA-256 of its bytes (signed card data), the bot holds the
/// file, and the import runs again inside one transaction and is rolled back unless it does exactly what the preview
/// said. A second click finds it done. Staff get one sentence; everything is audited under the manager's name.
/// </summary>
public sealed class ManagerImport : ICardActionHandler
{
    public const string ConfirmVerb = CardVerbs.ImportConfirm;
    public const string CancelVerb = CardVerbs.ImportCancel;
    public const string StaffOnlyReply =
        "Only managers can import pupils or consents. Please send the updated list to a CHEXS manager, who can send it to me here.";
    public const string PersonalOnlyReply =
        "Please send pupils or consents files to me in our 1:1 chat, not here: they hold pupils' and guardians' details.";
    private const int MaxListed = 25;

    private readonly UploadDownloader _downloader;
    private readonly PendingImports _pending;
    private readonly PupilImport _pupils;
    private readonly ConsentImport _consents;
    private readonly IStoreTransactions _transactions;
    private readonly IAuditTrail _audit;
    private readonly IStaffDirectory _directory;
    private readonly CardTemplates _cards;
    private readonly TimeProvider _clock;
    private readonly OrgCalendarText _calendar;
    private readonly ILogger<ManagerImport> _log;
    private readonly SemaphoreSlim _applying = new(1, 1);

    public ManagerImport(UploadDownloader downloader, PendingImports pending, PupilImport pupils, ConsentImport consents, IStoreTransactions transactions,
        IAuditTrail audit, IStaffDirectory directory, CardTemplates cards, TimeProvider clock, Safeguarding.OrgCalendar calendar, ILogger<ManagerImport> log)
    {
        _downloader = downloader;
        _pending = pending;
        _pupils = pupils;
        _consents = consents;
        _transactions = transactions;
        _audit = audit;
        _directory = directory;
        _cards = cards;
        _clock = clock;
        _calendar = new OrgCalendarText(calendar);
        _log = log;
    }

    public IEnumerable<string> Verbs => [ConfirmVerb, CancelVerb];

    /// <summary>A file sent in a chat by someone the directory already checked.</summary>
    public async Task<UploadReply> ReceiveAsync(string userId, bool isManager, bool personalChat, IncomingFile file, CancellationToken ct)
    {
        if (!personalChat) return new UploadReply(PersonalOnlyReply);
        if (!isManager) return new UploadReply(StaffOnlyReply);
        var name = SafeName(file.Name);
        // The name decides (Teams' fileType is taken from it); a name without an extension may still say csv in fileType.
        var extension = Path.GetExtension(name);
        var csv = extension.Length > 0 ? extension.Equals(".csv", StringComparison.OrdinalIgnoreCase) : string.Equals(file.FileType, "csv", StringComparison.OrdinalIgnoreCase);
        if (!csv)
            return new UploadReply($"I can only import CSV files, and {name} is not one. In Excel use Save As → \"CSV UTF-8 (Comma delimited)\" and send that file.");
        byte[] bytes;
        string text;
        try
        {
            bytes = await _downloader.DownloadAsync(file with { Name = name }, ct);
            text = CsvSheet.Decode(bytes, name);
        }
        catch (UploadRefusedException e)
        {
            return new UploadReply(e.Message);
        }
        catch (CsvFileException e)
        {
            return new UploadReply($"Nothing imported: {e.Message}");
        }
        var hash = Convert.ToHexString(SHA256.HashData(bytes));
        var pending = _pending.Hold(userId, hash, name, text);
        var headers = CsvSheet.HeadersOf(text);
        pending.Kind = KindOf(headers);
        if (pending.Kind is null)
        {
            _pending.Drop(userId, hash);
            return new UploadReply(
                $"Nothing imported: I can't tell what {name} is. Line 1 must name the columns of a pupils list ({string.Join(", ", PupilImport.Columns)}) " +
                $"or of a consents list ({string.Join(", ", ConsentImport.Columns)}, and optionally {ConsentImport.WithdrawnOnColumn}).");
        }
        _log.LogInformation("A manager sent a {Kind} file ({Bytes} bytes) for import; previewing", pending.Kind, bytes.Length);
        return new UploadReply(null, await PreviewCardAsync(pending, ct));
    }

    public async Task<CardActionResult> HandleAsync(CardActionContext context, CancellationToken ct)
    {
        if (!ChatIsPersonal(context)) return CardActionResult.Say(PersonalOnlyReply);
        if (await _directory.GetRoleAsync(context.UserAadObjectId, ct) != StaffRole.Manager) return CardActionResult.Say(StaffOnlyReply);
        var hash = (string?)context.Data["hash"] ?? "";
        var pending = _pending.Find(context.UserAadObjectId, hash);
        if (context.Verb == CancelVerb)
        {
            if (pending?.AppliedAt is not null) return CardActionResult.Say(AlreadyDone(pending));
            _pending.Drop(context.UserAadObjectId, hash);
            return CardActionResult.Say($"Import cancelled: nothing from {pending?.FileName ?? "that file"} was imported.");
        }
        // One confirmation at a time: a double click waits for the first, then finds it done.
        await _applying.WaitAsync(ct);
        try
        {
            if (pending is null)
                return CardActionResult.Say($"That preview has expired (previews last {LifetimeText}) or the bot restarted since. Nothing was imported; please send the file again.");
            if (pending.AppliedAt is not null) return CardActionResult.Say(AlreadyDone(pending));
            return await ApplyAsync(pending, context.UserAadObjectId, ct);
        }
        finally
        {
            _applying.Release();
        }
    }

    private async Task<CardActionResult> ApplyAsync(PendingImport pending, string managerId, CancellationToken ct)
    {
        ImportReport report;
        try
        {
            report = await _transactions.RunAsync(async () =>
            {
                var applied = await RunImportAsync(pending, dryRun: false);
                // Anything other than exactly what the manager saw is rolled back: the records changed meanwhile.
                if (!applied.Ok || Fingerprint(applied) != pending.Fingerprint) throw new PreviewOutdatedException();
                return applied;
            }, ct);
        }
        catch (PreviewOutdatedException)
        {
            return new CardActionResult(await PreviewCardAsync(pending, ct, OutdatedNotice));
        }
        catch (CsvFileException e)
        {
            return CardActionResult.Say($"Nothing imported: {e.Message}");
        }
        pending.AppliedAt = _clock.GetUtcNow();
        pending.AppliedSummary = report.Summary();
        _log.LogInformation("A manager's {Kind} upload was imported ({Created} new, {Updated} changed)", pending.Kind, report.Created, report.Updated);
        var card = _cards.Render(CardNames.ImportPreview, new
        {
            title = $"Imported {pending.FileName}",
            summary = $"{Counts(report)}. Imported by you at {_calendar.Time(pending.AppliedAt.Value)}; the audit trail has it.",
            errors = Array.Empty<object>(),
            added = Listed(report.Added),
            changed = Listed(report.Changed),
            notes = Listed(report.Notes),
            canConfirm = false,
            lifetimeText = LifetimeText,
            hash = pending.Hash,
            kind = KindName(pending.Kind!.Value),
        });
        return new CardActionResult(card);
    }

    public const string OutdatedNotice =
        "The records changed since your preview (someone imported or recorded something meanwhile), so nothing was imported. This is the preview as things stand now.";

    private async Task<JObject> PreviewCardAsync(PendingImport pending, CancellationToken ct, string? notice = null)
    {
        ImportReport report;
        IReadOnlyList<string> unknown;
        try
        {
            (report, unknown) = await PreviewAsync(pending);
        }
        catch (CsvFileException e)
        {
            _pending.Drop(pending.ManagerId, pending.Hash);
            await _audit.AppendAsync(_clock.GetUtcNow(), pending.ManagerId, "import.refused", [], $"{pending.FileName}: {e.Message}", ct);
            return Refused(pending, e.Message, []);
        }
        if (!report.Ok)
        {
            _pending.Drop(pending.ManagerId, pending.Hash);
            await _audit.AppendAsync(_clock.GetUtcNow(), pending.ManagerId, "import.refused", [],
                $"{pending.FileName}: {report.Errors.Count} bad line(s): {string.Join(", ", report.Errors.Select(e => e.LineNumber).Distinct())}", ct);
            return Refused(pending, $"{report.Errors.Count} bad line{(report.Errors.Count == 1 ? "" : "s")}. Fix {(report.Errors.Count == 1 ? "it" : "them")} and send the file again; every line is checked first, so nothing is imported until all are right.",
                report.Errors.OrderBy(e => e.LineNumber).Select(e => e.ToString()).ToList());
        }
        pending.Fingerprint = Fingerprint(report);
        var notes = unknown.Select(c => $"column \"{c}\" is not read").Concat(report.Notes).ToList();
        var nothing = report.Created + report.Updated == 0;
        if (nothing) _pending.Drop(pending.ManagerId, pending.Hash);
        return _cards.Render(CardNames.ImportPreview, new
        {
            notice,
            title = nothing ? $"{pending.FileName}: nothing to import" : $"Import {KindName(pending.Kind!.Value)} from {pending.FileName}?",
            summary = nothing ? $"Every line is valid and already on record ({Counts(report)}). Nothing to do." : $"{Counts(report)}. Every line is valid.",
            errors = Array.Empty<object>(),
            added = Listed(report.Added),
            changed = Listed(report.Changed),
            notes = Listed(notes),
            canConfirm = !nothing,
            lifetimeText = LifetimeText,
            hash = pending.Hash,
            kind = KindName(pending.Kind!.Value),
        });
    }

    private JObject Refused(PendingImport pending, string summary, IReadOnlyList<string> errors) => _cards.Render(CardNames.ImportPreview, new
    {
        title = $"{pending.FileName} was refused: nothing imported",
        summary,
        errors = Listed(errors),
        added = Array.Empty<object>(),
        changed = Array.Empty<object>(),
        notes = Array.Empty<object>(),
        canConfirm = false,
        lifetimeText = LifetimeText,
        hash = "",
        kind = pending.Kind is { } k ? KindName(k) : "",
    });

    private async Task<(ImportReport Report, IReadOnlyList<string> UnknownColumns)> PreviewAsync(PendingImport pending)
    {
        var (columns, known) = ColumnsOf(pending.Kind!.Value);
        var table = CsvSheet.Parse(pending.Text, pending.FileName, columns);
        var report = await RunImportAsync(pending, dryRun: true, table);
        return (report, table.UnknownColumns(known));
    }

    private Task<ImportReport> RunImportAsync(PendingImport pending, bool dryRun, CsvTable? table = null)
    {
        var (columns, _) = ColumnsOf(pending.Kind!.Value);
        var lines = (table ?? CsvSheet.Parse(pending.Text, pending.FileName, columns)).Lines;
        return pending.Kind == ImportKind.Pupils
            ? _pupils.ImportAsync(lines, pending.FileName, dryRun, pending.ManagerId)
            : _consents.ImportAsync(lines, pending.FileName, dryRun, pending.ManagerId);
    }

    /// <summary>What an import would do, as one value: equal only when it adds and changes exactly the same records.</summary>
    public static string Fingerprint(ImportReport report)
    {
        var text = string.Join("\n", [report.What, report.Created.ToString(CultureInfo.InvariantCulture), report.Updated.ToString(CultureInfo.InvariantCulture),
            report.Unchanged.ToString(CultureInfo.InvariantCulture), .. report.Added, "--", .. report.Changed, "--",
            .. report.Other.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}")]);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>Pupils or consents, from the header row: the kind whose columns are all there; null when neither is.</summary>
    public static ImportKind? KindOf(IReadOnlyList<string> headers)
    {
        var pupils = PupilImport.Columns.Count(headers.Contains);
        var consents = ConsentImport.Columns.Count(headers.Contains);
        // Both lists share pupil_id and guardian_email, so the distinctive columns decide; a file with a column or two
        // missing is still recognised, and the import then names exactly which are missing.
        if (pupils == consents || Math.Max(pupils, consents) < 4) return null;
        return pupils > consents ? ImportKind.Pupils : ImportKind.Consents;
    }

    private static (string[] Required, IEnumerable<string> Known) ColumnsOf(ImportKind kind) => kind == ImportKind.Pupils
        ? (PupilImport.Columns, PupilImport.Columns)
        : (ConsentImport.Columns, ConsentImport.Columns.Append(ConsentImport.WithdrawnOnColumn));

    private static string KindName(ImportKind kind) => kind == ImportKind.Pupils ? "pupils" : "consents";

    private static string Counts(ImportReport r)
    {
        var extra = r.Other.Where(kv => kv.Value > 0).Select(kv => $"{kv.Key}: {kv.Value}");
        return $"{r.Created} new, {r.Updated} changed, {r.Unchanged} unchanged" + (extra.Any() ? "; " + string.Join(", ", extra) : "");
    }

    private static object[] Listed(IReadOnlyList<string> items) =>
        items.Take(MaxListed).Select(t => (object)new { text = t })
            .Concat(items.Count > MaxListed ? [new { text = $"… and {items.Count - MaxListed} more" }] : Array.Empty<object>()).ToArray();

    private string LifetimeText => _pending.Lifetime.TotalMinutes >= 1 ? $"{_pending.Lifetime.TotalMinutes:0} minutes" : $"{_pending.Lifetime.TotalSeconds:0} seconds";

    private string AlreadyDone(PendingImport p) =>
        $"{p.FileName} was already imported at {_calendar.Time(p.AppliedAt!.Value)} ({p.AppliedSummary}); nothing was imported twice.";

    private static bool ChatIsPersonal(CardActionContext c) => string.Equals(c.ConversationType, "personal", StringComparison.OrdinalIgnoreCase);

    /// <summary>The file name as shown back: no folders, no control characters, not endless.</summary>
    private static string SafeName(string? name)
    {
        var bare = Path.GetFileName((name ?? "").Replace('\\', '/'));
        bare = new string(bare.Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (bare.Length == 0) return "the file";
        return bare.Length > 80 ? bare[..77] + "…" : bare;
    }

    private sealed class PreviewOutdatedException : Exception;

    /// <summary>Times in the organisation's zone, for what the manager reads.</summary>
    private sealed class OrgCalendarText(Safeguarding.OrgCalendar calendar)
    {
        public string Time(DateTimeOffset at) => calendar.LocalDateTime(at).ToString("HH:mm", CultureInfo.InvariantCulture);
    }
}

using System.Globalization;
using Chexs.Bot.DataExchange;
using Chexs.Bot.Dialogs.Engine;
using Chexs.Bot.Dialogs.Prompts;
using Chexs.Bot.Records;
using Chexs.Bot.Safeguarding;

namespace Chexs.Bot.Dialogs.Conversations;

/// <summary>
/// "record consent": a returned form, typed in. The pupil, then <see cref="ConsentForm"/>, then the answers go
/// through <see cref="ConsentImport"/> as a one-line import — the same checks, the same stable consent id and
/// the same audit entry as a CSV file — first as a dry run (to explain any problem before asking), then for real.
/// </summary>
public sealed class RecordConsentDialog : Dialog
{
    public const string Name = "consent.record";
    public const string Source = "Teams: record consent";

    private readonly ConsentImport _import;
    private readonly SafeguardingRecords _records;
    private readonly PupilPicker _pupils;

    public RecordConsentDialog(ConsentImport import, SafeguardingRecords records, PupilPicker pupils) : base(Name)
    {
        _import = import;
        _records = records;
        _pupils = pupils;
    }

    public override string Purpose => "recording a consent form";

    public sealed class State
    {
        public ConsentDraft? Draft { get; set; }
        public bool Confirming { get; set; }
    }

    public override Task<DialogTurnResult> BeginAsync(DialogContext dc, object? options, CancellationToken cancellationToken) =>
        dc.BeginDialogAsync(ChoosePupilDialog.Name, new PupilChoice { Question = "Which pupil is the consent form for?" }, cancellationToken);

    public override async Task<DialogTurnResult> ResumeAsync(DialogContext dc, object? result, CancellationToken cancellationToken)
    {
        var state = dc.State<State>();
        switch (result)
        {
            case PupilChoice { PupilId: { } pupilId } choice:
                if (choice.Understood is { } understood)
                {
                    await dc.SendAsync($"{understood}.", cancellationToken);
                }
                var guardians = await _records.GuardiansOfAsync(pupilId, cancellationToken);
                if (guardians.Count == 0)
                {
                    await dc.SendAsync($"{await _pupils.FullNameAsync(pupilId, cancellationToken)} has no parent/guardian on record, so there's nobody whose consent I can record. Ask a CHEXS manager to send me the updated pupils list with their guardian first. Nothing was recorded.", cancellationToken);
                    return await dc.EndDialogAsync(null, cancellationToken);
                }
                // With one recorded guardian there is nothing to choose; the summary still names them.
                var draft = new ConsentDraft { PupilId = pupilId, GuardianId = guardians.Count == 1 ? guardians[0].Id : null };
                return await dc.BeginDialogAsync(ConsentForm.Name, draft, cancellationToken);
            case ConsentDraft filled:
                state.Draft = filled;
                var check = await ImportAsync(filled, dc, dryRun: true, cancellationToken);
                if (!check.Ok)
                {
                    await dc.SendAsync($"I can't record this consent: {Problems(check)}. Nothing was recorded.", cancellationToken);
                    return await dc.EndDialogAsync(null, cancellationToken);
                }
                state.Confirming = true;
                return await dc.BeginDialogAsync(StandardPrompts.Confirm, new ConfirmPromptOptions
                {
                    Text = $"Record this consent?\n\n{await DescribeAsync(filled, cancellationToken)}",
                    YesLabel = "Record it",
                    NoLabel = "Don't record",
                }, cancellationToken);
            case true when state.Confirming:
                var report = await ImportAsync(state.Draft!, dc, dryRun: false, cancellationToken);
                await dc.SendAsync(!report.Ok ? $"I can't record this consent: {Problems(report)}. Nothing was recorded."
                    : report.Created == 1 ? $"Recorded. {await _pupils.FullNameAsync(state.Draft!.PupilId, cancellationToken)}'s consent is on record (reference {IdOf(state.Draft)}); bookings it covers can go ahead."
                    : "That form is already on record, so nothing changed.", cancellationToken);
                return await dc.EndDialogAsync(IdOf(state.Draft!), cancellationToken);
            default:
                await dc.SendAsync("OK, nothing was recorded.", cancellationToken);
                return await dc.EndDialogAsync(null, cancellationToken);
        }
    }

    public override async Task<string?> SummaryAsync(DialogContext dc, CancellationToken cancellationToken) =>
        dc.State<State>().Draft is { } d ? await _pupils.FullNameAsync(d.PupilId, cancellationToken) : null;

    private async Task<ImportReport> ImportAsync(ConsentDraft d, DialogContext dc, bool dryRun, CancellationToken ct)
    {
        var guardian = (await _records.GuardiansOfAsync(d.PupilId, ct)).FirstOrDefault(g => g.Id == d.GuardianId);
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["pupil_id"] = d.PupilId,
            ["guardian_email"] = guardian?.Email ?? "",
            ["kind"] = d.Kind == ConsentKind.Session ? "session" : "annual",
            ["academic_year"] = d.AcademicYearStart is { } y ? OrgCalendar.AcademicYearLabel(y) : "",
            ["session_id"] = d.SessionId ?? "",
            ["covers"] = d.Covers ?? "",
            ["given_on"] = d.GivenOn ?? "",
            ["evidence"] = d.Evidence ?? "",
        };
        return await _import.ImportAsync([new CsvLine(1, values)], Source, dryRun, TurnUser.Of(dc.Turn).AadObjectId);
    }

    private static string Problems(ImportReport report) => string.Join("; ", report.Errors.Select(e => e.Message));

    private string IdOf(ConsentDraft d) => ConsentImport.IdFor(d.PupilId, d.GuardianId!, d.Kind!.Value, d.AcademicYearStart, d.SessionId,
        DateOnly.ParseExact(d.GivenOn!, "yyyy-MM-dd", CultureInfo.InvariantCulture));

    private async Task<string> DescribeAsync(ConsentDraft d, CancellationToken ct)
    {
        var guardian = (await _records.GuardiansOfAsync(d.PupilId, ct)).FirstOrDefault(g => g.Id == d.GuardianId);
        var what = d.Kind == ConsentKind.Session ? $"for session {d.SessionId}" : $"annual, {OrgCalendar.AcademicYearLabel(d.AcademicYearStart!.Value)}";
        var covers = ConsentForm.CoverChoices.FirstOrDefault(c => c.Value == d.Covers)?.Display ?? d.Covers;
        var given = DateOnly.ParseExact(d.GivenOn!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        return string.Join("\n", [
            $"- Pupil: {await _pupils.FullNameAsync(d.PupilId, ct)}",
            $"- Signed by: {(guardian is null ? "?" : ConsentForm.GuardianTitle(guardian))}",
            $"- Kind: {what}",
            $"- Covers: {covers}",
            $"- Dated: {OrgCalendar.FormatShortDate(given)}",
            $"- Form: {d.Evidence}",
        ]);
    }
}

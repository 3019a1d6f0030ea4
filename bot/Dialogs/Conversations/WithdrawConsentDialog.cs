using Chexs.Bot.Dialogs.Engine;
using Chexs.Bot.Dialogs.Prompts;
using Chexs.Bot.Records;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Sessions;

namespace Chexs.Bot.Dialogs.Conversations;

/// <summary>
/// "withdraw consent": the pupil, which of their consents in force, why, "are you sure?", then
/// <see cref="ConsentWithdrawals.Withdraw"/> (P4: it covers nothing from now on). Future one-to-ones it
/// covered are cancelled and group sessions flagged, in the same transaction; the Sessions workers are then
/// woken to tell guardians and delete meetings, and the staff member hears exactly what changed.
/// </summary>
public sealed class WithdrawConsentDialog : Dialog
{
    public const string Name = "consent.withdraw";

    private readonly SafeguardingRecords _records;
    private readonly ConsentWithdrawals _withdrawals;
    private readonly CancelSession _cancellations;
    private readonly PupilPicker _pupils;
    private readonly OrgCalendar _calendar;
    private readonly TimeProvider _clock;

    public WithdrawConsentDialog(SafeguardingRecords records, ConsentWithdrawals withdrawals, CancelSession cancellations, PupilPicker pupils,
        OrgCalendar calendar, TimeProvider clock) : base(Name)
    {
        _records = records;
        _withdrawals = withdrawals;
        _cancellations = cancellations;
        _pupils = pupils;
        _calendar = calendar;
        _clock = clock;
    }

    public override string Purpose => "withdrawing a consent";

    public enum Step { Pupil, Consent, Reason, Confirm }

    public sealed class State
    {
        public Step At { get; set; }
        public string? PupilId { get; set; }
        public string? ConsentId { get; set; }
        public string? Reason { get; set; }
    }

    public override Task<DialogTurnResult> BeginAsync(DialogContext dc, object? options, CancellationToken cancellationToken) =>
        dc.BeginDialogAsync(ChoosePupilDialog.Name, new PupilChoice { Question = "Whose consent is being withdrawn?" }, cancellationToken);

    public override async Task<DialogTurnResult> ResumeAsync(DialogContext dc, object? result, CancellationToken cancellationToken)
    {
        var state = dc.State<State>();
        switch (state.At)
        {
            case Step.Pupil:
                var choice = (PupilChoice)result!;
                state.PupilId = choice.PupilId;
                if (choice.Understood is { } understood)
                {
                    await dc.SendAsync($"{understood}.", cancellationToken);
                }
                var inForce = (await _records.ConsentsOfAsync(state.PupilId!, cancellationToken)).Where(c => !c.IsWithdrawn).OrderByDescending(c => c.GivenOn).ToList();
                if (inForce.Count == 0)
                {
                    await dc.SendAsync($"{await _pupils.FullNameAsync(state.PupilId!, cancellationToken)} has no consent in force, so there's nothing to withdraw.", cancellationToken);
                    return await dc.EndDialogAsync(null, cancellationToken);
                }
                state.At = Step.Consent;
                return await dc.BeginDialogAsync(StandardPrompts.Choice, new ChoicePromptOptions
                {
                    Text = $"Which of {await _pupils.FullNameAsync(state.PupilId!, cancellationToken)}'s consents is being withdrawn?",
                    Choices = await ChoicesAsync(inForce, cancellationToken),
                }, cancellationToken);
            case Step.Consent:
                state.ConsentId = (string)result!;
                state.At = Step.Reason;
                return await dc.BeginDialogAsync(StandardPrompts.Text, new PromptOptions
                {
                    Text = "Why was it withdrawn? A few words for the record, as the guardian put it.",
                    FreeText = true,
                }, cancellationToken);
            case Step.Reason:
                state.Reason = (string)result!;
                state.At = Step.Confirm;
                var consent = (await _records.ConsentsOfAsync(state.PupilId!, cancellationToken)).First(c => c.Id == state.ConsentId);
                return await dc.BeginDialogAsync(StandardPrompts.Confirm, new ConfirmPromptOptions
                {
                    Text = $"Withdraw {await _pupils.FullNameAsync(state.PupilId!, cancellationToken)}'s {ConsentCoverage.Label(consent)} consent now? From now on it covers nothing (P4): " +
                           "future one-to-one sessions that rely on it will be cancelled, and group sessions flagged for their host.",
                    YesLabel = "Withdraw it",
                    NoLabel = "Keep it",
                }, cancellationToken);
            default:
                if (result is not true)
                {
                    await dc.SendAsync("OK, the consent stays as it is. Nothing was changed.", cancellationToken);
                    return await dc.EndDialogAsync(null, cancellationToken);
                }
                return await WithdrawAsync(dc, cancellationToken);
        }
    }

    public override async Task<string?> SummaryAsync(DialogContext dc, CancellationToken cancellationToken) =>
        dc.State<State>().PupilId is { } id ? await _pupils.FullNameAsync(id, cancellationToken) : null;

    private async Task<DialogTurnResult> WithdrawAsync(DialogContext dc, CancellationToken ct)
    {
        var state = dc.State<State>();
        var user = TurnUser.Of(dc.Turn);
        var result = await _withdrawals.WithdrawAsync(state.ConsentId!, user.AadObjectId, state.Reason!, _clock.GetUtcNow(), ct);
        if (result.Status != WithdrawalStatus.Withdrawn)
        {
            await dc.SendAsync(result.Status == WithdrawalStatus.AlreadyWithdrawn
                ? "That consent had already been withdrawn, so nothing changed."
                : "I can't find that consent any more, so nothing changed.", ct);
            return await dc.EndDialogAsync(null, ct);
        }
        // The withdrawal's transaction has committed: now the guardians' emails and Zoom deletions can go.
        _cancellations.WakeWorkers();
        var name = await _pupils.FullNameAsync(state.PupilId!, ct);
        var lines = new List<string> { $"Withdrawn: {name}'s {ConsentCoverage.Label(result.Consent!)} consent covers nothing from now on (P4)." };
        lines.AddRange(result.Cancelled.Select(s => $"- Cancelled {s.Id} ({_calendar.FormatLocal(s.Start)}, one-to-one): the guardians will be told and the Zoom meeting deleted."));
        lines.AddRange(result.Flagged.Select(s => $"- Flagged {s.Id} ({_calendar.FormatLocal(s.Start)}, group): its host must remove {name} or cancel it."));
        lines.Add(result.Cancelled.Count + result.Flagged.Count == 0
            ? "No future session relied on it."
            : "The hosts and the managers have been told.");
        await dc.SendAsync(string.Join("\n", lines), ct);
        return await dc.EndDialogAsync(state.ConsentId, ct);
    }

    private async Task<List<Choice>> ChoicesAsync(IEnumerable<Consent> consents, CancellationToken ct)
    {
        var choices = new List<Choice>();
        foreach (var c in consents) choices.Add(new Choice(c.Id, await DescribeAsync(c, ct), c.Evidence));
        return choices;
    }

    private async Task<string> DescribeAsync(Consent c, CancellationToken ct)
    {
        var guardian = (await _records.GuardiansOfAsync(c.PupilId, ct)).FirstOrDefault(g => g.Id == c.GuardianId);
        return $"{ConsentCoverage.Label(c)}, signed by {guardian?.Name ?? "a guardian"} on {OrgCalendar.FormatShortDate(c.GivenOn)} ({c.Evidence})";
    }
}

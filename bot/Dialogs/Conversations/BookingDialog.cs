using Chexs.Bot.Cards;
using Chexs.Bot.Dialogs.Engine;
using Chexs.Bot.Dialogs.Parsing;
using Chexs.Bot.Dialogs.Prompts;
using Chexs.Bot.Records;
using Chexs.Bot.Roles;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Sessions;

namespace Chexs.Bot.Dialogs.Conversations;

/// <summary>
/// "book session …": fills a draft from the typed line, asks for the rest (<see cref="BookingForm"/>),
/// judges it (<see cref="BookSession.CheckAsync"/>) and shows either what blocks it or a summary card with
/// Confirm / Change / Cancel. Confirm books it through <see cref="BookSession.BookAsync"/> (idempotent by
/// the draft's session id). Runs only in the staff member's 1:1 chat, so pupils are named in full here.
/// </summary>
public sealed class BookingDialog : Dialog
{
    public const string Name = "booking";

    private const string ChangeAnswer = "change";
    private const string EndAnswer = "end";

    private readonly BookingLineParser _lines;
    private readonly PupilPicker _pupils;
    private readonly BookSession _booking;
    private readonly BookSeries _seriesBooking;
    private readonly SeriesBookingCards _seriesCards;
    private readonly SessionQueries _sessions;
    private readonly HostConfirmations _confirmations;
    private readonly BookingCards _cards;
    private readonly IStaffDirectory _directory;
    private readonly ILogger<BookingDialog> _log;

    public BookingDialog(BookingLineParser lines, PupilPicker pupils, BookSession booking, BookSeries seriesBooking, SeriesBookingCards seriesCards,
        SessionQueries sessions, HostConfirmations confirmations, BookingCards cards, IStaffDirectory directory, ILogger<BookingDialog> log) : base(Name)
    {
        _seriesBooking = seriesBooking;
        _seriesCards = seriesCards;
        _lines = lines;
        _pupils = pupils;
        _booking = booking;
        _sessions = sessions;
        _confirmations = confirmations;
        _cards = cards;
        _directory = directory;
        _log = log;
    }

    public override string Purpose => "booking a session";

    public enum Step { Form, Summary, Blocked, Change }

    public sealed class State
    {
        public BookingDraft Draft { get; set; } = new();
        public Step At { get; set; }
    }

    /// <param name="options">What was typed: an <see cref="Utterance"/> or <see cref="BookingLine"/> already read, or the text itself.</param>
    /// <param name="options">Or a <see cref="BookingDraft"/> already filled in ("Change and resend"): it gets a new reference and goes
    /// through the form (which asks only for what is missing) to the summary and every check.</param>
    public override async Task<DialogTurnResult> BeginAsync(DialogContext dc, object? options, CancellationToken cancellationToken)
    {
        if (options is BookingDraft prefilled)
        {
            prefilled.SessionId = await NewSessionIdAsync(cancellationToken);
            dc.State<State>().Draft = prefilled;
            return await FillAsync(dc, cancellationToken);
        }
        var line = options switch
        {
            Utterance u => u.Slots,
            BookingLine l => l,
            _ => _lines.Parse(options as string, await _pupils.LexiconAsync(cancellationToken)),
        };
        var state = dc.State<State>();
        state.Draft = await DraftFromLineAsync(dc, line, cancellationToken);
        return await FillAsync(dc, cancellationToken);
    }

    public override async Task<DialogTurnResult> ResumeAsync(DialogContext dc, object? result, CancellationToken cancellationToken)
    {
        var state = dc.State<State>();
        switch (state.At)
        {
            case Step.Form:
                state.Draft = (BookingDraft)result!;
                return await ReviewAsync(dc, cancellationToken);
            case Step.Summary when (string?)result == CardVerbs.BookingConfirm:
                return await ConfirmAsync(dc, cancellationToken);
            case Step.Summary when (string?)result == CardVerbs.BookingChange:
            case Step.Blocked when (string?)result == ChangeAnswer:
                return await AskWhatToChangeAsync(dc, cancellationToken);
            case Step.Summary or Step.Blocked or Step.Change when (string?)result == PromptAnswers.TypedText:
                return await CorrectAsync(dc, dc.Input.Answer ?? "", cancellationToken);
            case Step.Change:
                DraftField.Clear(state.Draft, (string)result!);
                return await FillAsync(dc, cancellationToken);
            default:
                await dc.SendAsync("OK, I've stopped. Nothing was booked.", cancellationToken);
                return await dc.EndDialogAsync(null, cancellationToken);
        }
    }

    public override Task<string?> DoingAsync(DialogContext dc, CancellationToken cancellationToken) => DoingForAsync(dc.State<State>().Draft, _pupils, cancellationToken);

    /// <summary>"booking Sam Patel's session", "booking the session with Sam Patel and Lily Evans"; null before any pupil is known.</summary>
    internal static async Task<string?> DoingForAsync(BookingDraft draft, PupilPicker pupils, CancellationToken ct) => draft.PupilIds.Count switch
    {
        0 => null,
        1 => $"booking {await pupils.FullNameAsync(draft.PupilIds[0], ct)}'s session",
        _ => $"booking the session with {await pupils.FullNamesAsync(draft.PupilIds, ct)}",
    };

    public override async Task<string?> SummaryAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        var d = dc.State<State>().Draft;
        var parts = new List<string>();
        if (d.Programme is { } p) parts.Add(p.Display());
        if (d.PupilIds.Count > 0) parts.Add(await _pupils.FullNamesAsync(d.PupilIds, cancellationToken));
        if (d.Start is { } start) parts.Add(UkDates.Short(start, _cards.Zone));
        return parts.Count == 0 ? null : string.Join(", ", parts);
    }

    private async Task<BookingDraft> DraftFromLineAsync(DialogContext dc, BookingLine line, CancellationToken ct)
    {
        var draft = new BookingDraft { SessionId = await NewSessionIdAsync(ct) };
        draft.Programme = line.Programme;
        draft.Start = line.When?.Start;
        draft.Minutes = line.Duration is { } length ? (int)length.TotalMinutes : null;
        draft.Kind = line.Kind;
        if (line.When is { Start: not null, Guess: { } guess }) draft.Note(DraftField.When, guess);
        var pick = await _pupils.PickAsync(line.PupilNames, ct);
        draft.PupilIds = pick.PupilIds.ToList();
        draft.Unresolved = pick.Unresolved.ToList();
        foreach (var note in pick.Understood) draft.Note(DraftField.Pupils, note);

        var notes = line.Problems.ToList();
        if (line.When is { Start: null, Date: { } day })
        {
            notes.Add($"You said {UkDates.LongDate(day)} but no time, so I'll ask for both.");
        }
        if (pick.Unknown.Count > 0)
        {
            notes.Add(PupilPicker.NotFound(pick.Unknown));
            draft.PupilIds.Clear();
            draft.Unresolved.Clear();
            draft.Forget(DraftField.Pupils);
        }
        if (line.Unrecognised.Count > 0)
        {
            draft.Note("unused", $"I didn't use: {string.Join(", ", line.Unrecognised.Select(w => $"'{w}'"))}");
        }
        if (line.Series is { } series)
        {
            draft.Series = series;
            draft.SeriesId = SessionIds.NewSeries();
        }
        if (notes.Count > 0)
        {
            await dc.SendAsync(string.Join("\n\n", notes), ct);
        }
        return draft;
    }

    /// <summary>
    /// A typed change at the summary, the blocked card or "what would you like to change?": "half past four on
    /// Friday", "make it 30 minutes", "with Lily instead", "add Sami", "make it a group". Changes those slots and
    /// shows the booking again; says so plainly when nothing in it could be used.
    /// </summary>
    private async Task<DialogTurnResult> CorrectAsync(DialogContext dc, string text, CancellationToken ct)
    {
        var state = dc.State<State>();
        var correction = await BookingCorrection.ApplyAsync(state.Draft, _lines.Parse(text, await _pupils.LexiconAsync(ct)), text, _pupils, _lines.Dates, ct);
        var seriesChanged = false;
        if (correction.Series is { } series)
        {
            // The new words win ("for 4 weeks" replaces "until 17 Dec"); what they leave out is kept.
            var merged = state.Draft.Series is { } old ? series.With(old) : series;
            if (series.Count is not null) merged = merged with { Until = null, CountIsWeeks = series.CountIsWeeks };
            if (series.Until is not null) merged = merged with { Count = null };
            state.Draft.Series = merged with { Text = state.Draft.Series is null ? series.Text : $"{state.Draft.Series.Text}, then {series.Text}" };
            state.Draft.SeriesId ??= SessionIds.NewSeries();
            seriesChanged = true;
        }
        if (!correction.Changed && !seriesChanged)
        {
            var why = correction.Said.Count > 0 ? string.Join("\n\n", correction.Said) + "\n\n" : "";
            await dc.SendAsync($"{why}I couldn't see a change to the booking in \"{text.Trim()}\". Press a button, or type a change such as \"Friday at half four\", \"make it 30 minutes\" or \"with Lily instead\".", ct);
            return state.At == Step.Change ? await AskWhatToChangeAsync(dc, ct) : await ReviewAsync(dc, ct);
        }
        if (correction.Said.Count > 0)
        {
            await dc.SendAsync(string.Join("\n\n", correction.Said), ct);
        }
        return state.Draft.Unresolved.Count > 0 || state.Draft.Programme is null || !state.Draft.HasPupils
            ? await FillAsync(dc, ct)
            : await ReviewAsync(dc, ct);
    }

    private async Task<string> NewSessionIdAsync(CancellationToken ct)
    {
        var id = SessionIds.New();
        while (await _sessions.FindAsync(id, ct) is not null) id = SessionIds.New();
        return id;
    }

    private Task<DialogTurnResult> FillAsync(DialogContext dc, CancellationToken ct)
    {
        var state = dc.State<State>();
        state.At = Step.Form;
        return dc.BeginDialogAsync(BookingForm.Name, state.Draft, ct);
    }

    private async Task<DialogTurnResult> ReviewAsync(DialogContext dc, CancellationToken ct)
    {
        var state = dc.State<State>();
        var draft = state.Draft;
        if (draft.Series is not null)
        {
            return await ReviewSeriesAsync(dc, ct);
        }
        var verdict = await _booking.CheckAsync(draft.ToRequest(TurnUser.Of(dc.Turn).AadObjectId), ct);
        if (verdict.Outcome == PolicyOutcome.Blocked)
        {
            return await ShowBlockedAsync(dc, verdict.Blocks, ct);
        }
        var approver = verdict.Outcome == PolicyOutcome.NeedsApproval ? await ApproverTextAsync(dc, ct) : "";
        state.At = Step.Summary;
        return await dc.BeginDialogAsync(ActionCardPrompt.Name, new ActionCardPromptOptions
        {
            Card = await _cards.SummaryAsync(draft, verdict, approver, ct),
            Expected = { ["draftId"] = draft.SessionId },
            TypedTextEnds = true,
            Typed =
            [
                new Choice(CardVerbs.BookingConfirm, verdict.Outcome == PolicyOutcome.NeedsApproval ? "Send for approval" : "Confirm", "yes", "book it", "book", "ok", "send"),
                new Choice(CardVerbs.BookingChange, "Change", "edit"),
            ],
            Help = "Check the summary. Confirm books it; Change lets you alter one thing (or type the change, like \"Friday at half four\" or \"make it 30 minutes\"); Cancel stops without booking anything.",
        }, ct);
    }

    /// <summary>
    /// A series: every date judged on its own date, shown on one card (which pass, which are blocked and why). A series
    /// that cannot be read as asked (no end, too long, past the academic year) gets a plain sentence and a chance to change it.
    /// </summary>
    private async Task<DialogTurnResult> ReviewSeriesAsync(DialogContext dc, CancellationToken ct)
    {
        var state = dc.State<State>();
        var draft = state.Draft;
        var dates = _seriesCards.Expand(draft);
        if (dates.Refusal is { } why)
        {
            await dc.SendAsync($"I can't book this series as asked (\"{draft.Series!.Text}\"): {why} Nothing has been booked.", ct);
            return await AskChangeOrStopAsync(dc, "Type the change (for example \"for 6 weeks\"), or choose:", ct);
        }
        draft.Forget(DraftField.Series);
        draft.Note(DraftField.Series, _seriesCards.Understood(draft.Series!, dates));
        var verdict = await _seriesBooking.CheckAsync(SeriesBookingCards.Request(draft, TurnUser.Of(dc.Turn).AadObjectId, dates), ct);
        var approver = verdict.NeedsApproval ? await ApproverTextAsync(dc, ct) : "";
        var card = await _seriesCards.SummaryAsync(draft, dates, verdict, approver, ct);
        draft.SeriesConfirmed = verdict.Passing.Select(d => d.Start).ToList();
        if (verdict.Passing.Count == 0)
        {
            Telemetry.ChexsTelemetry.RecordRefusals(verdict.Blocked.SelectMany(d => d.Verdict.Blocks).Select(b => b.RuleId));
            await dc.SendAsync(BookingCards.AsMessage(card), ct);
            return await AskChangeOrStopAsync(dc, "None of the dates can be booked, so nothing has been booked. Would you like to change something, or stop here?", ct);
        }
        state.At = Step.Summary;
        return await dc.BeginDialogAsync(ActionCardPrompt.Name, new ActionCardPromptOptions
        {
            Card = card,
            Expected = { ["draftId"] = draft.SeriesId! },
            TypedTextEnds = true,
            Typed =
            [
                new Choice(CardVerbs.BookingConfirm, SeriesBookingCards.ConfirmTitle(verdict.Passing.Count, verdict.Blocked.Count > 0, verdict.NeedsApproval), "yes", "book it", "book", "ok", "send", "confirm"),
                new Choice(CardVerbs.BookingChange, "Change", "edit"),
            ],
            Help = "Check the dates. The button books the dates that pass (blocked dates are skipped and the guardians are told which); Change lets you alter one thing (or type the change, like \"for 4 weeks\" or \"at half four\"); Cancel stops without booking anything.",
        }, ct);
    }

    private Task<DialogTurnResult> AskChangeOrStopAsync(DialogContext dc, string question, CancellationToken ct)
    {
        dc.State<State>().At = Step.Blocked;
        return dc.BeginDialogAsync(StandardPrompts.Choice, new ChoicePromptOptions
        {
            Text = question,
            TypedTextEnds = true,
            Choices = [new Choice(ChangeAnswer, "Change something", "edit", "yes"), new Choice(EndAnswer, "Stop here", "no", "stop")],
        }, ct);
    }

    private async Task<DialogTurnResult> ConfirmSeriesAsync(DialogContext dc, CancellationToken ct)
    {
        var user = TurnUser.Of(dc.Turn);
        var draft = dc.State<State>().Draft;
        var dates = _seriesCards.Expand(draft);
        if (dates.Refusal is not null) return await ReviewSeriesAsync(dc, ct);
        var outcome = await _seriesBooking.BookAsync(SeriesBookingCards.Request(draft, user.AadObjectId, dates), draft.SeriesConfirmed, ct);
        switch (outcome)
        {
            case SeriesOutcome.Booked booked:
                await dc.SendAsync(SeriesBooked(booked), ct);
                return await dc.EndDialogAsync(booked.Series.Id, ct);
            case SeriesOutcome.AwaitingApproval waiting:
                await dc.SendAsync(
                    $"I've sent series {waiting.Series.Id} ({waiting.Sessions.Count} dates) to {waiting.ApproverName} for one approval (P10). Nothing is booked yet: no Zoom meeting is made and no guardian hears anything until a manager approves. I'll tell you here when they decide.", ct);
                return await dc.EndDialogAsync(waiting.Series.Id, ct);
            case SeriesOutcome.Changed:
                await dc.SendAsync("Something changed since I showed you the dates (a consent, another booking or the time), so nothing was booked. Here they are again:", ct);
                return await ReviewSeriesAsync(dc, ct);
            case SeriesOutcome.NotMade notMade:
                await dc.SendAsync($"Nothing was booked: {notMade.Reason}", ct);
                return await dc.EndDialogAsync(null, ct);
            default:
                throw new InvalidOperationException($"Unexpected series outcome {outcome.GetType().Name}.");
        }
    }

    /// <summary>The host's own chat: every date with its reference, what was skipped, and what the guardians get.</summary>
    private string SeriesBooked(SeriesOutcome.Booked booked)
    {
        var zone = _cards.Zone;
        var lines = new List<string>
        {
            booked.AlreadyBooked ? $"Series {booked.Series.Id} was already booked:" : $"Booked series {booked.Series.Id}: {booked.Sessions.Count} {booked.Series.Programme.Display()} session{(booked.Sessions.Count == 1 ? "" : "s")}.",
        };
        lines.AddRange(booked.Sessions.OrderBy(s => s.Start).Select(s => $"- {UkDates.Short(s.Start, zone)} ({s.Id}){(s.Meeting?.Simulated == true ? " · simulated Zoom meeting" : "")}"));
        if (booked.Series.Skipped.Count > 0)
        {
            lines.Add($"Not booked: {string.Join("; ", booked.Series.Skipped.Select(d => $"{LocalTimes.ShortDate(d.Start, zone)} ({string.Join(", ", d.RuleIds)})"))}.");
        }
        if (!booked.AlreadyBooked)
        {
            var guardians = booked.Invitations.Queued.Count;
            lines.Add($"One e-mail listing every date is on its way to {guardians} parent/guardian address{(guardians == 1 ? "" : "es")}; each date has its own Zoom meeting, reminders and calendar event. " +
                      "Type \"my sessions\" to see the series, move or cancel one date, or cancel the rest.");
            if (booked.Invitations.PupilsWithoutGuardianEmail.Count > 0)
                lines.Add($"{booked.Invitations.PupilsWithoutGuardianEmail.Count} pupil(s) have no guardian email on record: please check with a manager.");
        }
        return string.Join("\n\n", lines);
    }

    private async Task<DialogTurnResult> ShowBlockedAsync(DialogContext dc, IEnumerable<PolicyFinding> blocks, CancellationToken ct)
    {
        Telemetry.ChexsTelemetry.RecordRefusals(blocks.Select(b => b.RuleId));
        var state = dc.State<State>();
        var d = state.Draft;
        await dc.SendAsync(BookingCards.AsMessage(_cards.Blocked(d.Programme, d.Start!.Value, d.Minutes!.Value, blocks,
            participants: await DescribedAsync(d.PupilIds, ct), understood: d.UnderstoodTexts)), ct);
        state.At = Step.Blocked;
        return await dc.BeginDialogAsync(StandardPrompts.Choice, new ChoicePromptOptions
        {
            Text = "Nothing has been booked. Would you like to change something, or stop here?",
            TypedTextEnds = true,
            Choices = [new Choice(ChangeAnswer, "Change something", "edit", "yes"), new Choice(EndAnswer, "Stop here", "no", "stop")],
        }, ct);
    }

    private Task<DialogTurnResult> AskWhatToChangeAsync(DialogContext dc, CancellationToken ct)
    {
        dc.State<State>().At = Step.Change;
        var repeats = dc.State<State>().Draft.Series is not null;
        return dc.BeginDialogAsync(StandardPrompts.Choice, new ChoicePromptOptions
        {
            Text = repeats ? "What would you like to change? To change how long the series runs, type it (\"for 4 weeks\", \"until 17 Dec\")." : "What would you like to change?",
            TypedTextEnds = true,
            Choices =
            [
                .. (repeats ? [new Choice(DraftField.Series, "One date only (not a series)", "once", "one date", "single", "just one")] : Array.Empty<Choice>()),
                new Choice(DraftField.Programme, "Programme"),
                new Choice(DraftField.Pupils, "Pupils", "pupil", "who", "names"),
                new Choice(DraftField.When, "Day and time", "date", "time", "day", "when"),
                new Choice(DraftField.Length, "Length", "duration", "how long"),
                new Choice(DraftField.Kind, "One-to-one or group", "kind", "group", "one-to-one", "1:1"),
            ],
        }, ct);
    }

    private async Task<DialogTurnResult> ConfirmAsync(DialogContext dc, CancellationToken ct)
    {
        if (dc.State<State>().Draft.Series is not null) return await ConfirmSeriesAsync(dc, ct);
        var user = TurnUser.Of(dc.Turn);
        var draft = dc.State<State>().Draft;
        var outcome = await _booking.BookAsync(draft.ToRequest(user.AadObjectId), ct);
        Telemetry.BookingMetrics.Record(draft.EffectiveKind, outcome);
        switch (outcome)
        {
            case BookingOutcome.Booked booked:
                await SendConfirmationAsync(dc, booked, ct);
                return await dc.EndDialogAsync(booked.Session.Id, ct);
            case BookingOutcome.AwaitingApproval waiting:
                await dc.SendAsync(
                    $"I've sent session {waiting.Session.Id} to {waiting.ApproverName} for approval (P10). Nothing is booked yet: no Zoom meeting is made and no guardian hears anything until a manager approves. I'll tell you here when they decide.", ct);
                return await dc.EndDialogAsync(waiting.Session.Id, ct);
            case BookingOutcome.Blocked blocked:
                return await ShowBlockedAsync(dc, blocked.Verdict.Blocks, ct);
            case BookingOutcome.NotMade notMade:
                await dc.SendAsync($"Nothing was booked: {notMade.Reason}", ct);
                return await dc.EndDialogAsync(null, ct);
            default:
                throw new InvalidOperationException($"Unexpected booking outcome {outcome.GetType().Name}.");
        }
    }

    /// <summary>
    /// Full names and the passcode: this is the host's own 1:1 chat. The stored copy leaves the passcode out. The
    /// booking is already made when this runs, so Teams failing to take the message must not look like a failed
    /// booking: the confirmation then reaches the host through the notice outbox once Teams is back.
    /// </summary>
    private async Task SendConfirmationAsync(DialogContext dc, BookingOutcome.Booked booked, CancellationToken ct)
    {
        var session = booked.Session;
        try
        {
            var card = await _confirmations.RenderAndKeepAsync(session, ct);
            await dc.SendAsync(BookingCards.AsMessage(card, booked.AlreadyBooked ? $"Session {session.Id} was already booked:" : null), ct);
            if (booked.AlreadyBooked) return;
            var guardians = booked.Invitations.Queued.Count;
            var missing = booked.Invitations.PupilsWithoutGuardianEmail.Count;
            await dc.SendAsync(
                $"The invitation is on its way to {guardians} parent/guardian email address{(guardians == 1 ? "" : "es")}, and the session is going into your calendar." +
                (missing > 0 ? $" {missing} pupil(s) have no guardian email on record: please check with a manager." : ""), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException && !booked.AlreadyBooked)
        {
            _log.LogWarning("Session {SessionId} is booked but Teams did not take its confirmation ({Error}); it goes to the host through the notice outbox",
                session.Id, e.GetType().Name);
            await _confirmations.QueueForHostAsync(session, CancellationToken.None);
        }
    }

    private async Task<List<string>> DescribedAsync(IEnumerable<string> ids, CancellationToken ct)
    {
        var described = new List<string>();
        foreach (var id in ids) described.Add(await _pupils.DescribedAsync(id, ct));
        return described;
    }

    private async Task<string> ApproverTextAsync(DialogContext dc, CancellationToken ct)
    {
        try
        {
            return await _directory.GetLineManagerAsync(TurnUser.Of(dc.Turn).AadObjectId, ct) is { } manager
                ? $"your line manager, {manager.Name},"
                : "a manager in the managers' channel";
        }
        catch (StaffDirectoryUnavailableException)
        {
            return "a manager";
        }
    }
}

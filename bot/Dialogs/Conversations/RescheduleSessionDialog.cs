using Chexs.Bot.Cards;
using Chexs.Bot.Dialogs.Engine;
using Chexs.Bot.Dialogs.Parsing;
using Chexs.Bot.Dialogs.Prompts;
using Chexs.Bot.Records;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Sessions;

namespace Chexs.Bot.Dialogs.Conversations;

/// <summary>
/// "reschedule session [S-XXXXX] [to Friday at half four]", "move Sam's session to Thursday 3pm": which session, the
/// new day and time (asked when not given; a day alone keeps the time, a time alone the day), a policy check, then —
/// like cancel — a confirmation card: the old time → the new one, who will be told, the new day and time as date
/// and time inputs that can still be changed (or typed). Only "Move it" calls <see cref="SessionBooking.RescheduleAsync"/>,
/// which re-checks the policy, moves the Zoom meeting and tells the guardians. A refused time is explained and
/// another asked for.
/// </summary>
public sealed class RescheduleSessionDialog : Dialog
{
    public const string Name = "session.reschedule";
    private const int MaxRefusals = 3;

    private readonly SessionQueries _sessions;
    private readonly RescheduleSession _booking;
    private readonly SessionCards _cards;
    private readonly BookingCards _bookingCards;
    private readonly SessionActionCards _actionCards;
    private readonly SafeguardingRecords _records;
    private readonly PupilPicker _pupils;
    private readonly UkDateTimeParser _parser;
    private readonly BookingLineParser _lines;

    public RescheduleSessionDialog(SessionQueries sessions, RescheduleSession booking, SessionCards cards, BookingCards bookingCards,
        SessionActionCards actionCards, SafeguardingRecords records, PupilPicker pupils, UkDateTimeParser parser, BookingLineParser lines) : base(Name)
    {
        _sessions = sessions;
        _booking = booking;
        _cards = cards;
        _bookingCards = bookingCards;
        _actionCards = actionCards;
        _records = records;
        _pupils = pupils;
        _parser = parser;
        _lines = lines;
    }

    public override string Purpose => "moving a session";

    public override Task<string?> DoingAsync(DialogContext dc, CancellationToken cancellationToken) =>
        Task.FromResult(dc.State<State>().SessionId is { } id ? $"moving {id}" : null);

    public enum Step { Choose, When, Confirm }

    public sealed class State
    {
        public string? SessionId { get; set; }
        /// <summary>The new day the line gave (yyyy-MM-dd), applied once the session is known.</summary>
        public string? NewDate { get; set; }
        /// <summary>The new time of day the line gave (HH:mm).</summary>
        public string? NewTime { get; set; }
        /// <summary>What the line said that could not be read as a time, to say when asking.</summary>
        public string? WhenProblem { get; set; }
        public int Unreadable { get; set; }
        public DateTimeOffset? Proposed { get; set; }
        public Step At { get; set; }
        public int Refusals { get; set; }
    }

    /// <param name="options">The line read as an <see cref="Utterance"/>, or what followed "reschedule session" as text.</param>
    public override Task<DialogTurnResult> BeginAsync(DialogContext dc, object? options, CancellationToken cancellationToken)
    {
        var state = dc.State<State>();
        ChooseSessionRequest request;
        if (options is Utterance u)
        {
            // "move tomorrow's session to Friday 4pm": before "to" picks the session, after it is the new time.
            var line = u.Slots;
            Keep(state, line.ToWhen ?? line.When);
            var from = line.ToWhen is not null ? line.FromWhen : null;
            request = ChooseSessionRequest.From(line, "move", from is { DateGiven: true, Date: { } day } ? day : null);
        }
        else
        {
            var (typedRef, when) = SplitLine(options as string);
            if (when is not null)
            {
                var reading = _parser.ReadAnswer(when);
                if (reading.IsValid) Keep(state, reading);
                else state.WhenProblem = reading.Error;
            }
            request = new ChooseSessionRequest(typedRef, "move");
        }
        state.At = Step.Choose;
        return dc.BeginDialogAsync(ChooseSessionDialog.Name, request, cancellationToken);
    }

    public override async Task<DialogTurnResult> ResumeAsync(DialogContext dc, object? result, CancellationToken cancellationToken)
    {
        var state = dc.State<State>();
        switch (state.At)
        {
            case Step.Choose:
                if (result is not string id)
                {
                    return await dc.EndDialogAsync(null, cancellationToken);
                }
                state.SessionId = id;
                if (state.NewDate is not null || state.NewTime is not null)
                {
                    var (start, problem) = _actionCards.NewStart(Day(state.NewDate), Clock(state.NewTime), (await SessionAsync(dc, cancellationToken)).Start, _parser);
                    if (start is { } s) return await ProposeAsync(dc, s, cancellationToken);
                    return await AskTimeAsync(dc, problem, cancellationToken);
                }
                return await AskTimeAsync(dc, state.WhenProblem, cancellationToken);
            case Step.When:
                var (when, whenProblem) = _actionCards.NewStart(_parser.ReadAnswer(dc.Input.Answer), (await SessionAsync(dc, cancellationToken)).Start, _parser);
                if (when is { } chosen)
                {
                    return await ProposeAsync(dc, chosen, cancellationToken);
                }
                if (++state.Unreadable >= FormDialog<object>.MaxRejections)
                {
                    return await dc.CancelAllAsync($"{whenProblem}\n\nSorry — that's {state.Unreadable} tries without a time I can use.", cancellationToken);
                }
                return await AskTimeAsync(dc, whenProblem, cancellationToken);
            default:
                return await ConfirmedAsync(dc, (string?)result, cancellationToken);
        }
    }

    private async Task<Session> SessionAsync(DialogContext dc, CancellationToken ct) => (await _sessions.FindAsync(dc.State<State>().SessionId!, ct))!;

    /// <summary>Keeps the day and/or time a line gave for the move (applied to the session once it is known).</summary>
    private static void Keep(State state, DateTimeReading? when)
    {
        if (when is null) return;
        state.NewDate = when.DateGiven ? when.Date?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : null;
        state.NewTime = when.TimeGiven ? when.Time?.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    private static DateOnly? Day(string? text) => text is null ? null : DateOnly.ParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static TimeOnly? Clock(string? text) => text is null ? null : TimeOnly.ParseExact(text, "HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    private async Task<DialogTurnResult> AskTimeAsync(DialogContext dc, string? lead, CancellationToken ct)
    {
        var state = dc.State<State>();
        state.At = Step.When;
        var session = await SessionAsync(dc, ct);
        var question = $"When should {session.Id} move to? It's now {_cards.WhenText(session)}. For example {UkDateTimeParser.Examples}.";
        return await dc.BeginDialogAsync(StandardPrompts.Text, new PromptOptions
        {
            Text = lead is null ? question : $"{lead}\n\n{question}",
            Help = "Type the new day and time. A day on its own keeps the time; a time on its own keeps the day.",
        }, ct);
    }

    /// <summary>Checks the new time against the policy first (nothing changes), then asks to confirm it on a card.</summary>
    private async Task<DialogTurnResult> ProposeAsync(DialogContext dc, DateTimeOffset start, CancellationToken ct, string? problem = null)
    {
        var state = dc.State<State>();
        var session = await SessionAsync(dc, ct);
        var moved = SessionProposal.FromSession(session) with { Start = start, RequestedAt = _parser.UtcNow, RequestedBy = TurnUser.Of(dc.Turn).AadObjectId };
        var verdict = await _records.JudgeAsync(moved, ct);
        if (verdict.Outcome == PolicyOutcome.Blocked)
        {
            return await RefusedAsync(dc, session, start, verdict.Blocks, ct);
        }
        state.Proposed = start;
        state.At = Step.Confirm;
        return await dc.BeginDialogAsync(ActionCardPrompt.Name, new ActionCardPromptOptions
        {
            Card = await _actionCards.ConfirmMoveAsync(session, start, problem, ct),
            Expected = { ["sessionId"] = session.Id },
            Typed =
            [
                new Choice(CardVerbs.SessionMoveConfirm, "Move it", "yes", "move", "ok", "confirm", "do it"),
                new Choice(CardVerbs.SessionMoveKeep, "Keep the old time", "no", "keep", "keep it", "don't", "leave it"),
            ],
            TypedTextEnds = true,
            Help = "Move it changes the time and tells the guardians; Keep the old time changes nothing. You can change the day and time on the card, or type another.",
        }, ct);
    }

    private async Task<DialogTurnResult> ConfirmedAsync(DialogContext dc, string? verb, CancellationToken ct)
    {
        var state = dc.State<State>();
        var session = await SessionAsync(dc, ct);
        if (verb == CardVerbs.SessionMoveKeep)
        {
            await dc.SendAsync($"OK, {session.Id} stays at {_cards.WhenText(session)}. Nothing was changed.", ct);
            return await dc.EndDialogAsync(null, ct);
        }
        if (verb == PromptAnswers.TypedText)
        {
            // Another time typed in the chat instead of pressing a button: propose that one.
            // Relative to the time on the card: "quarter to five" keeps the proposed day.
            var (typed, typedProblem) = _actionCards.NewStart(_parser.ReadAnswer(dc.Input.Answer), state.Proposed!.Value, _parser);
            return typed is { } other
                ? await ProposeAsync(dc, other, ct)
                : await ProposeAsync(dc, state.Proposed!.Value, ct, $"{typedProblem} Press Move it for the time below, or give another.");
        }
        var start = state.Proposed!.Value;
        if (dc.Input.Data is { } data && dc.Turn.Activity.Type == Microsoft.Bot.Schema.ActivityTypes.Invoke)
        {
            // The card's own inputs may have been changed before Move it was pressed.
            var (fromCard, problem) = _actionCards.NewStartFrom(data, session, _parser, start);
            if (fromCard is null)
            {
                return await ProposeAsync(dc, start, ct, problem);
            }
            start = fromCard.Value;
        }
        return await MoveAsync(dc, start, ct);
    }

    private async Task<DialogTurnResult> MoveAsync(DialogContext dc, DateTimeOffset start, CancellationToken ct)
    {
        var state = dc.State<State>();
        var user = TurnUser.Of(dc.Turn);
        var outcome = await _booking.RescheduleAsync(state.SessionId!, start, null, user.AadObjectId, ct);
        switch (outcome)
        {
            case RescheduleOutcome.Moved moved:
                var told = moved.Session.Status == SessionStatus.Scheduled
                    ? " The guardians will get the new time by email, the Zoom meeting has moved and your calendar will follow."
                    : " It is still waiting for a manager's approval.";
                await dc.SendAsync($"Moved {moved.Session.Id} from {_cards.WhenText(moved.Previous)} to {_cards.WhenText(moved.Session)}.{told}", ct);
                return await dc.EndDialogAsync(moved.Session.Id, ct);
            case RescheduleOutcome.Blocked blocked:
                return await RefusedAsync(dc, await SessionAsync(dc, ct), start, blocked.Verdict.Blocks, ct);
            case RescheduleOutcome.Refused refused:
                await dc.SendAsync($"Nothing was moved: {refused.Reason}", ct);
                return await dc.EndDialogAsync(null, ct);
            default:
                throw new InvalidOperationException($"Unexpected reschedule outcome {outcome.GetType().Name}.");
        }
    }

    private async Task<DialogTurnResult> RefusedAsync(DialogContext dc, Session session, DateTimeOffset start, IEnumerable<PolicyFinding> blocks, CancellationToken ct)
    {
        Telemetry.ChexsTelemetry.RecordRefusals(blocks.Select(b => b.RuleId));
        var state = dc.State<State>();
        var participants = new List<string>();
        foreach (var id in session.PupilIds) participants.Add(await _pupils.DescribedAsync(id, ct));
        await dc.SendAsync(BookingCards.AsMessage(_bookingCards.Blocked(session.Programme, start, session.DurationMinutes, blocks, moving: true,
            participants: participants)), ct);
        if (++state.Refusals >= MaxRefusals)
        {
            await dc.SendAsync($"Nothing was moved: {session.Id} stays at {_cards.WhenText(session)}.", ct);
            return await dc.EndDialogAsync(null, ct);
        }
        return await AskTimeAsync(dc, "Nothing was moved. Give another time, or type \"cancel\" to leave it as it is.", ct);
    }

    /// <summary>"S-7K3Q9 to tomorrow 5pm" → ("S-7K3Q9", "tomorrow 5pm"); "to Tue 4pm" and "Tue 4pm" → (null, "Tue 4pm").</summary>
    internal static (string? Ref, string? When) SplitLine(string? line)
    {
        var words = (line ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        string? typedRef = null;
        // A reference comes first when there is one ("S-7K3Q9", "7k3q9"); otherwise the words are the new time.
        if (words.Count > 0 && (SessionIds.Normalise(words[0]) is not null || words[0].StartsWith("S-", StringComparison.OrdinalIgnoreCase)))
        {
            typedRef = words[0];
            words.RemoveAt(0);
        }
        if (words.Count > 0 && words[0].Equals("to", StringComparison.OrdinalIgnoreCase)) words.RemoveAt(0);
        return (typedRef, words.Count == 0 ? null : string.Join(' ', words));
    }
}

using Chexs.Bot.Dialogs.Engine;
using Chexs.Bot.Dialogs.Parsing;
using Chexs.Bot.Dialogs.Prompts;
using Chexs.Bot.Records;
using Chexs.Bot.Sessions;

namespace Chexs.Bot.Dialogs.Conversations;

/// <summary>
/// "reschedule session [S-XXXXX] [to tomorrow 5pm]": which session, the new day and time (asked when not
/// given), then <see cref="RescheduleSession.RescheduleAsync"/>, which re-checks the policy, moves the Zoom
/// meeting and tells the guardians. A time the policy refuses is explained and another asked for.
/// </summary>
public sealed class RescheduleSessionDialog : Dialog
{
    public const string Name = "session.reschedule";
    private const int MaxRefusals = 3;

    private readonly SessionQueries _sessions;
    private readonly RescheduleSession _booking;
    private readonly SessionCards _cards;
    private readonly BookingCards _bookingCards;
    private readonly UkDateTimeParser _parser;

    public RescheduleSessionDialog(SessionQueries sessions, RescheduleSession booking, SessionCards cards, BookingCards bookingCards, UkDateTimeParser parser) : base(Name)
    {
        _sessions = sessions;
        _booking = booking;
        _cards = cards;
        _bookingCards = bookingCards;
        _parser = parser;
    }

    public override string Purpose => "moving a session";

    public sealed class State
    {
        public string? SessionId { get; set; }
        public DateTimeOffset? NewStart { get; set; }
        public int Refusals { get; set; }
    }

    /// <param name="options">What followed "reschedule session": a reference and/or "to &lt;day and time&gt;".</param>
    public override Task<DialogTurnResult> BeginAsync(DialogContext dc, object? options, CancellationToken cancellationToken)
    {
        var (typedRef, when) = SplitLine(options as string);
        var state = dc.State<State>();
        if (when is not null && _parser.Read(when) is { Start: { } start } && start > _parser.UtcNow)
        {
            state.NewStart = start;
        }
        return dc.BeginDialogAsync(ChooseSessionDialog.Name, new ChooseSessionRequest(typedRef, "move"), cancellationToken);
    }

    public override async Task<DialogTurnResult> ResumeAsync(DialogContext dc, object? result, CancellationToken cancellationToken)
    {
        var state = dc.State<State>();
        if (state.SessionId is null)
        {
            if (result is not string id)
            {
                return await dc.EndDialogAsync(null, cancellationToken);
            }
            state.SessionId = id;
            return state.NewStart is { } start ? await MoveAsync(dc, start, cancellationToken) : await AskTimeAsync(dc, null, cancellationToken);
        }
        return await MoveAsync(dc, (DateTimeOffset)result!, cancellationToken);
    }

    private async Task<DialogTurnResult> AskTimeAsync(DialogContext dc, string? lead, CancellationToken ct)
    {
        var session = (await _sessions.FindAsync(dc.State<State>().SessionId!, ct))!;
        var question = $"When should {session.Id} move to? It's now {_cards.WhenText(session)}. For example {UkDateTimeParser.Examples}.";
        return await dc.BeginDialogAsync(StandardPrompts.DateTime, new DateTimePromptOptions { Text = lead is null ? question : $"{lead}\n\n{question}" }, ct);
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
                Telemetry.ChexsTelemetry.RecordRefusals(blocked.Verdict.Blocks.Select(b => b.RuleId));
                var session = (await _sessions.FindAsync(state.SessionId!, ct))!;
                await dc.SendAsync(BookingCards.AsMessage(_bookingCards.Blocked(session.Programme, start, session.DurationMinutes, blocked.Verdict.Blocks, moving: true)), ct);
                if (++state.Refusals >= MaxRefusals)
                {
                    await dc.SendAsync($"Nothing was moved: {session.Id} stays at {_cards.WhenText(session)}.", ct);
                    return await dc.EndDialogAsync(null, ct);
                }
                return await AskTimeAsync(dc, "Nothing was moved. Give another time, or type \"cancel\" to leave it as it is.", ct);
            case RescheduleOutcome.Refused refused:
                await dc.SendAsync($"Nothing was moved: {refused.Reason}", ct);
                return await dc.EndDialogAsync(null, ct);
            default:
                throw new InvalidOperationException($"Unexpected reschedule outcome {outcome.GetType().Name}.");
        }
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

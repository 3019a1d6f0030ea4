using Chexs.Bot.Dialogs.Engine;
using Chexs.Bot.Dialogs.Parsing;
using Chexs.Bot.Dialogs.Prompts;
using Chexs.Bot.Records;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Sessions;

namespace Chexs.Bot.Dialogs.Conversations;

/// <summary>
/// What <see cref="ChooseSessionDialog"/> is begun with: the reference typed (if any), what will be done ("cancel",
/// "move"), and what else the line said about the session: pupils' names ("Sam's session") and its day ("tomorrow's").
/// </summary>
public sealed record ChooseSessionRequest(string? TypedRef, string Verb, IReadOnlyList<string>? PupilNames = null, DateOnly? Day = null)
{
    /// <summary>The session a typed line points at: its reference, the pupils it names and the day (before "to", for a move).</summary>
    public static ChooseSessionRequest From(BookingLine line, string verb, DateOnly? day) =>
        new(line.SessionRef ?? line.BadRef, verb, line.PupilNames, day);
}

/// <summary>
/// Works out which session a "cancel session" or "reschedule session" means: the reference typed, else the person's
/// upcoming sessions narrowed by the pupils and day the line named, then the only one left or a choice (labels by
/// day, time and pupil; <see cref="SessionChoices"/>). Ends with the session id, or null (after saying why) when
/// there is none they may change.
/// </summary>
public sealed class ChooseSessionDialog : Dialog
{
    public const string Name = "session.choose";

    private readonly SessionQueries _sessions;
    private readonly SafeguardingOptions _policy;
    private readonly MySessionsCard _list;
    private readonly SessionChoices _choices;
    private readonly PupilPicker _pupils;

    public ChooseSessionDialog(SessionQueries sessions, SafeguardingOptions policy, MySessionsCard list, SessionChoices choices, PupilPicker pupils) : base(Name)
    {
        _sessions = sessions;
        _policy = policy;
        _list = list;
        _choices = choices;
        _pupils = pupils;
    }

    public sealed class State
    {
        public string Verb { get; set; } = "";
    }

    public override async Task<DialogTurnResult> BeginAsync(DialogContext dc, object? options, CancellationToken cancellationToken)
    {
        var request = (ChooseSessionRequest)options!;
        dc.State<State>().Verb = request.Verb;
        if (!string.IsNullOrWhiteSpace(request.TypedRef))
        {
            if (SessionIds.Normalise(request.TypedRef) is { } id)
            {
                return await EndWithAsync(dc, id, cancellationToken);
            }
            await dc.SendAsync($"\"{request.TypedRef.Trim()}\" doesn't look like a session reference (they look like S-7K3Q9).", cancellationToken);
        }
        var user = TurnUser.Of(dc.Turn);
        var upcoming = await _sessions.UpcomingForHostAsync(user.AadObjectId, cancellationToken);
        var (narrowed, nothingFits) = await NarrowAsync(upcoming, request, cancellationToken);
        if (nothingFits is not null)
        {
            await dc.SendAsync(nothingFits, cancellationToken);
        }
        else
        {
            upcoming = narrowed;
        }
        switch (upcoming.Count)
        {
            case 0:
                await dc.SendAsync($"You have no upcoming sessions to {request.Verb}. If it's someone else's session, type its reference, like \"{request.Verb} session S-7K3Q9\".", cancellationToken);
                return await dc.EndDialogAsync(null, cancellationToken);
            case 1:
                return await EndWithAsync(dc, upcoming[0].Id, cancellationToken);
            default:
                return await dc.BeginDialogAsync(StandardPrompts.Choice, new ChoicePromptOptions
                {
                    Text = $"Which session do you want to {request.Verb}?",
                    Help = "Press its button, or type what tells it apart: \"the second one\", \"Wednesday's\", \"the one with Lily\" or its reference.",
                    Choices = await _choices.ForAsync(upcoming, cancellationToken),
                }, cancellationToken);
        }
    }

    /// <summary>
    /// The sessions that fit the pupils and day the line named. When some were named and none fits, a sentence saying
    /// so (and every session stays on offer); null otherwise.
    /// </summary>
    private async Task<(IReadOnlyList<Session> Narrowed, string? NothingFits)> NarrowAsync(IReadOnlyList<Session> upcoming, ChooseSessionRequest request, CancellationToken ct)
    {
        var names = request.PupilNames ?? [];
        if (names.Count == 0 && request.Day is null)
        {
            return (upcoming, null);
        }
        var pick = await _pupils.PickAsync(names, ct);
        var ids = pick.PupilIds.Concat(pick.Unresolved.SelectMany(u => u.CandidateIds)).ToHashSet();
        var narrowed = upcoming
            .Where(s => names.Count == 0 || s.PupilIds.Any(ids.Contains))
            .Where(s => request.Day is not { } day || LocalTimes.LocalDate(s.Start, _policy.Zone) == day)
            .ToList();
        if (narrowed.Count > 0 || upcoming.Count == 0)
        {
            return (narrowed, null);
        }
        var with = names.Count > 0 ? $" with {PupilPicker.NaturalList(names)}" : "";
        var on = request.Day is { } d ? $" on {UkDates.LongDate(d)}" : "";
        return (upcoming, $"None of your upcoming sessions is{with}{on}.");
    }

    public override Task<DialogTurnResult> ResumeAsync(DialogContext dc, object? result, CancellationToken cancellationToken) =>
        EndWithAsync(dc, (string)result!, cancellationToken);

    /// <summary>"S-7K3Q9: Growth Programme, Thu 26 Nov 2026, 16:00, with Sam Patel" (1:1 chat only).</summary>
    public async Task<string> DescribeAsync(Session s, CancellationToken ct = default) =>
        $"{s.Id}: {s.Programme.Display()}, {UkDates.Short(s.Start, _policy.Zone)}, with {await _list.ParticipantsAsync(s, fullNames: true, ct)}";

    private async Task<DialogTurnResult> EndWithAsync(DialogContext dc, string id, CancellationToken ct)
    {
        var user = TurnUser.Of(dc.Turn);
        if (SessionAccess.Refusal(await _sessions.FindAsync(id, ct), id, user.AadObjectId, user.Role, dc.State<State>().Verb) is { } refusal)
        {
            await dc.SendAsync(refusal, ct);
            return await dc.EndDialogAsync(null, ct);
        }
        return await dc.EndDialogAsync(id, ct);
    }
}

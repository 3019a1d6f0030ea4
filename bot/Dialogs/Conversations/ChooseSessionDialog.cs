using Chexs.Bot.Dialogs.Engine;
using Chexs.Bot.Dialogs.Parsing;
using Chexs.Bot.Dialogs.Prompts;
using Chexs.Bot.Records;
using Chexs.Bot.Sessions;

namespace Chexs.Bot.Dialogs.Conversations;

/// <summary>What <see cref="ChooseSessionDialog"/> is begun with: the reference typed (if any) and what will be done ("cancel", "move").</summary>
public sealed record ChooseSessionRequest(string? TypedRef, string Verb);

/// <summary>
/// Works out which session a "cancel session" or "reschedule session" means: the reference typed, else the
/// person's only upcoming session, else a choice of their upcoming sessions. Ends with the session id, or
/// null (after saying why) when there is none they may change.
/// </summary>
public sealed class ChooseSessionDialog : Dialog
{
    public const string Name = "session.choose";

    private readonly SessionQueries _sessions;
    private readonly Safeguarding.SafeguardingOptions _policy;
    private readonly MySessionsCard _list;

    public ChooseSessionDialog(SessionQueries sessions, Safeguarding.SafeguardingOptions policy, MySessionsCard list) : base(Name)
    {
        _sessions = sessions;
        _policy = policy;
        _list = list;
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
                    Choices = await ChoicesAsync(upcoming, cancellationToken),
                }, cancellationToken);
        }
    }

    public override Task<DialogTurnResult> ResumeAsync(DialogContext dc, object? result, CancellationToken cancellationToken) =>
        EndWithAsync(dc, (string)result!, cancellationToken);

    /// <summary>"S-7K3Q9: Growth Programme, Thu 26 Nov 2026, 16:00, with Sam Patel" (1:1 chat only).</summary>
    public async Task<string> DescribeAsync(Session s, CancellationToken ct = default) =>
        $"{s.Id}: {s.Programme.Display()}, {UkDates.Short(s.Start, _policy.Zone)}, with {await _list.ParticipantsAsync(s, fullNames: true, ct)}";

    private async Task<List<Choice>> ChoicesAsync(IReadOnlyList<Session> sessions, CancellationToken ct)
    {
        var choices = new List<Choice>();
        foreach (var s in sessions) choices.Add(new Choice(s.Id, await DescribeAsync(s, ct), s.Id.ToLowerInvariant()));
        return choices;
    }

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

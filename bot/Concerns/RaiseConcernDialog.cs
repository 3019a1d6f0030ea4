using Chexs.Bot.Dialogs.Conversations;
using Chexs.Bot.Dialogs.Engine;
using Chexs.Bot.Dialogs.Prompts;
using Chexs.Bot.Records;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Sessions;

namespace Chexs.Bot.Concerns;

/// <summary>What the concern dialog starts with: the session of the button that was clicked, if any.</summary>
public sealed record ConcernStart(string? SessionId);

/// <summary>
/// "report concern" or a "Raise a concern" button, in the staff member's 1:1 chat only. Immediate risk is asked
/// first: a "yes" is answered at once, before anything else, with the emergency number and the lead's phone.
/// Then which session and pupil(s) (pre-filled from the button), what was seen or said in their own words, when,
/// and the category; then it is recorded and on its way to the Designated Safeguarding Lead(s). The free-text
/// answers are never read as commands, and nothing is recorded until the last answer ("cancel" drops it all).
/// </summary>
public sealed class RaiseConcernDialog : Dialog
{
    public const string Name = "concern.raise";
    private const string NoSession = "none";
    private const string AllPupils = "all";
    private const string SomeoneElse = "other";
    private static readonly TimeSpan RecentSessions = TimeSpan.FromDays(14);
    private static readonly TimeSpan SoonSessions = TimeSpan.FromDays(7);
    private const int MaxSessionChoices = 8;

    private readonly SafeguardingConcerns _concerns;
    private readonly SessionQueries _sessions;
    private readonly SessionChoices _choices;
    private readonly PupilPicker _pupils;
    private readonly SafeguardingOptions _policy;

    public RaiseConcernDialog(SafeguardingConcerns concerns, SessionQueries sessions, SessionChoices choices, PupilPicker pupils, SafeguardingOptions policy) : base(Name)
    {
        _concerns = concerns;
        _sessions = sessions;
        _choices = choices;
        _pupils = pupils;
        _policy = policy;
    }

    public override string Purpose => "raising a safeguarding concern";

    public enum Step { Risk, Session, Pupils, Person, Account, When, Category }

    public sealed class State
    {
        public Step At { get; set; }
        public bool ImmediateRisk { get; set; }
        public string? SessionId { get; set; }
        public List<string> PupilIds { get; set; } = new();
        public List<string> OtherPeople { get; set; } = new();
        public string? Account { get; set; }
        public string? HappenedWhen { get; set; }
    }

    public const string Intro =
        "Raising a safeguarding concern. What you tell me goes only to the Designated Safeguarding Lead, in their private chat, " +
        "and is kept as a record nobody can change. Nothing is sent until you've answered the last question; type \"cancel\" to stop.";

    public override async Task<DialogTurnResult> BeginAsync(DialogContext dc, object? options, CancellationToken cancellationToken)
    {
        var state = dc.State<State>();
        if (options is ConcernStart { SessionId: { } sessionId })
        {
            var user = TurnUser.Of(dc.Turn);
            var session = await _sessions.FindAsync(sessionId, cancellationToken);
            // Only someone who ran the session (or a manager) gets its pupils filled in; anyone else is simply asked.
            if (session is not null && (session.HostId == user.AadObjectId || session.CoHostId == user.AadObjectId || user.IsManager))
            {
                state.SessionId = session.Id;
            }
        }
        await dc.SendAsync(Intro, cancellationToken);
        state.At = Step.Risk;
        return await dc.BeginDialogAsync(StandardPrompts.Confirm, new ConfirmPromptOptions
        {
            Text = "First: is a child at immediate risk of harm right now?",
            YesLabel = "Yes, right now",
            NoLabel = "No",
            Help = "Say yes if a child could be hurt before the Designated Safeguarding Lead has read this.",
        }, cancellationToken);
    }

    /// <summary>What a staff member is told, before anything else, when a child is at immediate risk.</summary>
    public string ImmediateRiskText()
    {
        var options = _concerns.Options;
        var leadPhone = options.LeadPhone is { Length: > 0 } phone ? phone : _policy.ConcernsContactPhone;
        var lead = leadPhone is { Length: > 0 } ? $"then phone the Designated Safeguarding Lead on {leadPhone}" : "then phone the Designated Safeguarding Lead";
        return $"Call {options.EmergencyPhone} now if a child is in danger, {lead}. Do that first: a message here is not a substitute for a phone call. " +
               "When you can, come back and answer the questions below, so it's on record.";
    }

    public override async Task<DialogTurnResult> ResumeAsync(DialogContext dc, object? result, CancellationToken cancellationToken)
    {
        var state = dc.State<State>();
        switch (state.At)
        {
            case Step.Risk:
                state.ImmediateRisk = result is true;
                if (state.ImmediateRisk)
                {
                    await dc.SendAsync(ImmediateRiskText(), cancellationToken);
                }
                return await AskSessionAsync(dc, cancellationToken);
            case Step.Session:
                var chosen = (string)result!;
                state.SessionId = chosen == NoSession ? null : chosen;
                return await AskPupilsAsync(dc, cancellationToken);
            case Step.Pupils:
                var pick = (string)result!;
                var session = await _sessions.FindAsync(state.SessionId!, cancellationToken);
                if (pick == SomeoneElse) return await AskPersonAsync(dc, cancellationToken);
                state.PupilIds = pick == AllPupils ? session?.PupilIds.ToList() ?? [] : [pick];
                return await AskAccountAsync(dc, cancellationToken);
            case Step.Person:
                await ReadPeopleAsync(dc, (string)result!, cancellationToken);
                return await AskAccountAsync(dc, cancellationToken);
            case Step.Account:
                state.Account = ((string)result!).Trim();
                state.At = Step.When;
                return await dc.BeginDialogAsync(StandardPrompts.Text, new PromptOptions
                {
                    Text = "When did it happen? For example \"during the session\", \"today at 4:20pm\" or \"yesterday evening\".",
                    FreeText = true,
                }, cancellationToken);
            case Step.When:
                state.HappenedWhen = ((string)result!).Trim();
                state.At = Step.Category;
                return await dc.BeginDialogAsync(StandardPrompts.Choice, new ChoicePromptOptions
                {
                    Text = "Which kind of concern is it closest to?",
                    Choices = Enum.GetValues<ConcernCategory>()
                        .Select(c => new Choice(c.ToString(), ConcernCategories.Short(c), ConcernCategories.Short(c).ToLowerInvariant()) { Details = ConcernCategories.Label(c) })
                        .ToList(),
                }, cancellationToken);
            default:
                return await RecordAsync(dc, Enum.Parse<ConcernCategory>((string)result!), cancellationToken);
        }
    }

    private async Task<DialogTurnResult> AskSessionAsync(DialogContext dc, CancellationToken ct)
    {
        var state = dc.State<State>();
        if (state.SessionId is not null)
        {
            return await AskPupilsAsync(dc, ct);
        }
        var user = TurnUser.Of(dc.Turn);
        var around = (await _sessions.AroundNowForHostAsync(user.AadObjectId, RecentSessions, SoonSessions, ct)).Take(MaxSessionChoices).ToList();
        if (around.Count == 0)
        {
            return await AskPersonAsync(dc, ct);
        }
        state.At = Step.Session;
        var choices = await _choices.ForAsync(around, ct);
        choices.Add(new Choice(NoSession, "Not about a session", "none", "no", "not a session", "no session") { Details = "Something outside a session, or a session not listed here" });
        return await dc.BeginDialogAsync(StandardPrompts.Choice, new ChoicePromptOptions
        {
            Text = "Which session is it about?",
            Help = "Press its button, or type what tells it apart (\"the one with Lily\", \"Wednesday's\").",
            Choices = choices,
        }, ct);
    }

    private async Task<DialogTurnResult> AskPupilsAsync(DialogContext dc, CancellationToken ct)
    {
        var state = dc.State<State>();
        var session = state.SessionId is { } id ? await _sessions.FindAsync(id, ct) : null;
        if (session is null || session.PupilIds.Count == 0)
        {
            return await AskPersonAsync(dc, ct);
        }
        if (session.PupilIds.Count == 1)
        {
            state.PupilIds = [session.PupilIds[0]];
            await dc.SendAsync($"About {await _pupils.FullNameAsync(session.PupilIds[0], ct)}, in session {session.Id} ({UkDatesShort(session)}).", ct);
            return await AskAccountAsync(dc, ct);
        }
        state.At = Step.Pupils;
        var choices = new List<Choice>();
        foreach (var pupilId in session.PupilIds)
        {
            choices.Add(new Choice(pupilId, await _pupils.FullNameAsync(pupilId, ct)));
        }
        choices.Add(new Choice(AllPupils, "All of them", "all", "everyone", "all of them"));
        choices.Add(new Choice(SomeoneElse, "Someone else", "someone else", "other") { Details = "Another child or an adult: you'll type who" });
        return await dc.BeginDialogAsync(StandardPrompts.Choice, new ChoicePromptOptions
        {
            Text = $"Session {session.Id} ({UkDatesShort(session)}): which pupil is it about?",
            Choices = choices,
        }, ct);
    }

    private string UkDatesShort(Session s) => Dialogs.Parsing.UkDates.Short(s.Start, _policy.Zone);

    private async Task<DialogTurnResult> AskPersonAsync(DialogContext dc, CancellationToken ct)
    {
        dc.State<State>().At = Step.Person;
        return await dc.BeginDialogAsync(StandardPrompts.Text, new PromptOptions
        {
            Text = "Who is it about? Type the pupil's name, or describe the person if they're not one of our pupils (or \"no one in particular\").",
            FreeText = true,
        }, ct);
    }

    /// <summary>Pupils on record by name; anything else is kept exactly as typed, so nobody named is lost.</summary>
    private async Task ReadPeopleAsync(DialogContext dc, string typed, CancellationToken ct)
    {
        var state = dc.State<State>();
        var text = typed.Trim();
        if (text.ToLowerInvariant().TrimEnd('.') is "no one in particular" or "no one" or "nobody" or "none" or "n/a" or "not sure")
        {
            return;
        }
        var pick = await _pupils.PickAsync(PupilPicker.SplitNames(text), ct);
        state.PupilIds = pick.PupilIds.ToList();
        state.OtherPeople = pick.Unknown.Concat(pick.Unresolved.Select(u => u.Typed)).ToList();
        if (state.PupilIds.Count > 0)
        {
            var said = pick.Understood.Count > 0 ? $"{string.Join("; ", pick.Understood)}. " : "";
            await dc.SendAsync($"{said}About {await _pupils.FullNamesAsync(state.PupilIds, ct)}" +
                               (state.OtherPeople.Count > 0 ? $" and {PupilPicker.NaturalList(state.OtherPeople)} (as you typed it)." : "."), ct);
        }
    }

    private async Task<DialogTurnResult> AskAccountAsync(DialogContext dc, CancellationToken ct)
    {
        dc.State<State>().At = Step.Account;
        return await dc.BeginDialogAsync(StandardPrompts.Text, new PromptOptions
        {
            Text = "What did you see or hear? Write it in your own words, as it happened: what was said or done, and by whom. " +
                   "Facts rather than opinions, and the child's own words where you can.",
            Help = "Write it as you would tell the Designated Safeguarding Lead. It is kept exactly as you type it.",
            FreeText = true,
        }, ct);
    }

    private async Task<DialogTurnResult> RecordAsync(DialogContext dc, ConcernCategory category, CancellationToken ct)
    {
        var state = dc.State<State>();
        var user = TurnUser.Of(dc.Turn);
        var concern = await _concerns.RaiseAsync(new ConcernReport(state.SessionId, state.PupilIds, state.OtherPeople, state.Account ?? "",
            state.HappenedWhen ?? "", category, state.ImmediateRisk), user.AadObjectId, user.Name, ct);
        await dc.SendAsync(await ConfirmationAsync(concern, ct), ct);
        return await dc.EndDialogAsync(concern.Id, ct);
    }

    private async Task<string> ConfirmationAsync(Concern concern, CancellationToken ct)
    {
        var number = concern.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var addLater = $"To add something later, type \"concern {number} note\" followed by what you want to add. Thank you for raising it.";
        if (concern.SentTo.Count == 0)
        {
            var phone = _concerns.Options.LeadPhone is { Length: > 0 } p ? p : _policy.ConcernsContactPhone;
            return $"Recorded as concern {concern.Reference}, but no Designated Safeguarding Lead is set up in the bot, so nobody has been sent it. " +
                   $"Please phone the Designated Safeguarding Lead{(phone.Length > 0 ? $" on {phone}" : "")} now and give them the number {concern.Reference}; " +
                   "and ask whoever looks after the bot to set Safeguarding:LeadIds. " + addLater;
        }
        var names = PupilPicker.NaturalList(await _concerns.LeadNamesAsync(concern.SentTo, ct));
        return $"Recorded as concern {concern.Reference} and sent privately to {names} (Designated Safeguarding Lead). " +
               "Nobody else sees it: it never goes to a channel or the digest. " + addLater;
    }
}

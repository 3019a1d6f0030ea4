using Chexs.Bot.Dialogs.Engine;
using Chexs.Bot.Dialogs.Parsing;
using Chexs.Bot.Dialogs.Prompts;
using Chexs.Bot.Records;

namespace Chexs.Bot.Dialogs.Conversations;

/// <summary>
/// Asks for whatever a <see cref="BookingDraft"/> still lacks, in this order: pupils (typed, several allowed), which
/// pupil was meant when a name fits several (buttons), the programme — only when the pupils' records don't settle
/// it —, day and time, length (buttons or typed, G1), and one-to-one or group only when Change asked for it.
/// Pupils come first so the programme can be worked out from them.
/// </summary>
public sealed class BookingForm : FormDialog<BookingDraft>
{
    public const string Name = "booking.form";

    private readonly PupilPicker _pupils;
    private readonly UkDateTimeParser _dates;
    private readonly IReadOnlyList<FormSlot<BookingDraft>> _slots;

    public BookingForm(PupilPicker pupils, UkDateTimeParser dates) : base(Name)
    {
        _pupils = pupils;
        _dates = dates;
        _slots =
        [
            FormSlot<BookingDraft>.OfAsync<string>(DraftField.Pupils, d => !d.HasPupils, (dc, d) => Task.FromResult(AskPupils(dc, d)), AcceptPupilsAsync),
            FormSlot<BookingDraft>.OfAsync<string>("whichPupil", d => d.Unresolved.Count > 0, AskWhichAsync, (dc, d, id) => Task.FromResult(AcceptWhich(dc, d, id))),
            FormSlot<BookingDraft>.OfAsync<string>(DraftField.Programme, d => d.Programme is null, AskProgrammeAsync, (dc, d, v) => Task.FromResult(AcceptProgramme(dc, d, v))),
            FormSlot<BookingDraft>.Of<DateTimeOffset>(DraftField.When, d => d.Start is null, AskWhen, AcceptWhen),
            FormSlot<BookingDraft>.Of<TimeSpan>(DraftField.Length, d => d.Minutes is null, AskLength, (dc, d, length) => { d.Minutes = (int)length.TotalMinutes; return null; }),
            FormSlot<BookingDraft>.Of<string>(DraftField.Kind, d => d.AskKind, AskKind, AcceptKind),
        ];
    }

    protected override IReadOnlyList<FormSlot<BookingDraft>> Slots => _slots;

    public override Task<string?> DoingAsync(DialogContext dc, CancellationToken cancellationToken) =>
        BookingDialog.DoingForAsync(dc.State<FormState<BookingDraft>>().Form, _pupils, cancellationToken);

    protected override async Task<string?> DescribeAsync(BookingDraft form, CancellationToken cancellationToken) =>
        form.PupilIds.Count > 0 ? await _pupils.FullNamesAsync(form.PupilIds, cancellationToken) : null;

    /// <summary>
    /// Sets the programme when every pupil is on the same single one (P1 needs one programme; the records already
    /// say which), and notes it for the summary. Left empty, to be asked, otherwise.
    /// </summary>
    protected override async Task CompleteFromRecordsAsync(BookingDraft d, CancellationToken cancellationToken)
    {
        if (d.Programme is not null || d.Unresolved.Count > 0 || d.PupilIds.Count == 0 || await _pupils.CommonProgrammeAsync(d.PupilIds, cancellationToken) is not { } programme)
        {
            return;
        }
        d.Programme = programme;
        d.ProgrammeInferred = true;
        var names = await _pupils.FullNamesAsync(d.PupilIds, cancellationToken);
        d.Note(DraftField.Programme, $"{programme.Display()}: the programme {names} {(d.PupilIds.Count == 1 ? "is" : "are all")} on");
    }

    private async Task<SlotQuestion> AskProgrammeAsync(DialogContext dc, BookingDraft d) => new(StandardPrompts.Choice, new ChoicePromptOptions
    {
        Text = d.PupilIds.Count == 0
            ? "Which programme is the session for?"
            : $"Which programme is the session for? ({await _pupils.ProgrammesOfAsync(d.PupilIds)})",
        Help = "Every session belongs to a CHEXS programme (P1).",
        Choices =
        [
            new Choice(nameof(Programme.Growth), Programme.Growth.Display(), "growth"),
            new Choice(nameof(Programme.AfterschoolLeadership), Programme.AfterschoolLeadership.Display(), "afterschool", "leadership", "alp", "after school leadership"),
        ],
    });

    private static string? AcceptProgramme(DialogContext dc, BookingDraft d, string value)
    {
        d.Programme = Enum.Parse<Programme>(value);
        d.ProgrammeInferred = false;
        return null;
    }

    private static SlotQuestion AskPupils(DialogContext dc, BookingDraft d) => new(StandardPrompts.Text, new PromptOptions
    {
        Text = "Who is the session with? Type the pupil's name, or several separated by \"and\".",
        Help = "First names, initials and small typos are fine; I'll ask if a name fits more than one pupil.",
    });

    private async Task<string?> AcceptPupilsAsync(DialogContext dc, BookingDraft d, string typed)
    {
        var pick = await _pupils.PickAsync(PupilPicker.SplitNames(typed));
        if (pick.Unknown.Count > 0)
        {
            return PupilPicker.NotFound(pick.Unknown);
        }
        d.PupilIds = pick.PupilIds.ToList();
        d.Unresolved = pick.Unresolved.ToList();
        foreach (var note in pick.Understood) d.Note(DraftField.Pupils, note);
        return null;
    }

    private async Task<SlotQuestion> AskWhichAsync(DialogContext dc, BookingDraft d) => new(StandardPrompts.Choice, new ChoicePromptOptions
    {
        Text = $"\"{d.Unresolved[0].Typed}\" could be more than one pupil. Which did you mean?",
        Choices = await _pupils.ChoicesForAsync(d.Unresolved[0]),
    });

    private static string? AcceptWhich(DialogContext dc, BookingDraft d, string pupilId)
    {
        if (!d.PupilIds.Contains(pupilId)) d.PupilIds.Add(pupilId);
        d.Unresolved.RemoveAt(0);
        return null;
    }

    private static SlotQuestion AskWhen(DialogContext dc, BookingDraft d) => new(StandardPrompts.DateTime, new DateTimePromptOptions
    {
        Text = $"When should it start? For example {UkDateTimeParser.Examples}.",
    });

    private string? AcceptWhen(DialogContext dc, BookingDraft d, DateTimeOffset start)
    {
        d.Start = start;
        d.Forget(DraftField.When);
        // The prompt returns the instant; read the answer again for the am/pm guess to say back on the summary.
        if (_dates.ReadAnswer(dc.Input.Answer).Guess is { } guess) d.Note(DraftField.When, guess);
        return null;
    }

    private static SlotQuestion AskLength(DialogContext dc, BookingDraft d) => new(LengthPrompt.Name, new PromptOptions
    {
        Text = "How long should it be?",
    });

    private static SlotQuestion AskKind(DialogContext dc, BookingDraft d) => new(StandardPrompts.Choice, new ChoicePromptOptions
    {
        Text = "One-to-one or group?",
        Help = "A one-to-one session has exactly one pupil. Group sessions need every guardian's consent to group sessions and a manager's approval (P10).",
        Choices = [new Choice(nameof(SessionKind.OneToOne), "One-to-one", "1:1", "1-1", "one to one", "individual"), new Choice(nameof(SessionKind.Group), "Group")],
    });

    private static string? AcceptKind(DialogContext dc, BookingDraft d, string value)
    {
        d.Kind = Enum.Parse<SessionKind>(value);
        d.AskKind = false;
        return null;
    }
}

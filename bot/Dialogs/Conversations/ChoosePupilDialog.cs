using Chexs.Bot.Dialogs.Engine;
using Chexs.Bot.Dialogs.Prompts;

namespace Chexs.Bot.Dialogs.Conversations;

/// <summary>One pupil being looked for; <see cref="Question"/> is how to ask.</summary>
public sealed class PupilChoice
{
    public string Question { get; set; } = "Which pupil?";
    public string? PupilId { get; set; }
    public UnresolvedName? Unresolved { get; set; }
    /// <summary>Whom a name not typed in full was taken as ("I took 'Lilly Evens' as Lily Evans (Growth, 12)"), to say back.</summary>
    public string? Understood { get; set; }
}

/// <summary>
/// Asks for one pupil by name (forgivingly, <see cref="PupilPicker"/>); asks which with buttons when the name
/// fits several; says so and asks again when it fits nobody. Ends with the completed <see cref="PupilChoice"/>.
/// </summary>
public sealed class ChoosePupilDialog : FormDialog<PupilChoice>
{
    public const string Name = "pupil.choose";

    private readonly PupilPicker _pupils;
    private readonly IReadOnlyList<FormSlot<PupilChoice>> _slots;

    public ChoosePupilDialog(PupilPicker pupils) : base(Name)
    {
        _pupils = pupils;
        _slots =
        [
            FormSlot<PupilChoice>.Of<string>("pupil", c => c.PupilId is null && c.Unresolved is null,
                (dc, c) => new SlotQuestion(StandardPrompts.Text, new PromptOptions
                {
                    Text = c.Question,
                    Help = "Type the pupil's name. First names, initials and small typos are fine.",
                }),
                Accept),
            FormSlot<PupilChoice>.Of<string>("which", c => c.Unresolved is not null,
                (dc, c) => new SlotQuestion(StandardPrompts.Choice, new ChoicePromptOptions
                {
                    Text = $"\"{c.Unresolved!.Typed}\" could be more than one pupil. Which did you mean?",
                    Choices = _pupils.ChoicesFor(c.Unresolved),
                }),
                (dc, c, id) =>
                {
                    c.PupilId = id;
                    c.Unresolved = null;
                    return null;
                }),
        ];
    }

    protected override IReadOnlyList<FormSlot<PupilChoice>> Slots => _slots;

    private string? Accept(DialogContext dc, PupilChoice choice, string typed)
    {
        var names = PupilPicker.SplitNames(typed);
        if (names.Count != 1)
        {
            return "Please give just one pupil here.";
        }
        var pick = _pupils.Pick(names);
        if (pick.Unknown.Count > 0)
        {
            return PupilPicker.NotFound(pick.Unknown);
        }
        choice.PupilId = pick.PupilIds.FirstOrDefault();
        choice.Unresolved = pick.Unresolved.FirstOrDefault();
        choice.Understood = pick.Understood.FirstOrDefault();
        return null;
    }
}

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
            FormSlot<PupilChoice>.OfAsync<string>("pupil", c => c.PupilId is null && c.Unresolved is null,
                (dc, c) => Task.FromResult(new SlotQuestion(StandardPrompts.Text, new PromptOptions
                {
                    Text = c.Question,
                    Help = "Type the pupil's name. First names, initials and small typos are fine.",
                })),
                AcceptAsync),
            FormSlot<PupilChoice>.OfAsync<string>("which", c => c.Unresolved is not null,
                async (dc, c) => new SlotQuestion(StandardPrompts.Choice, new ChoicePromptOptions
                {
                    Text = $"\"{c.Unresolved!.Typed}\" could be more than one pupil. Which did you mean?",
                    Choices = await _pupils.ChoicesForAsync(c.Unresolved),
                }),
                (dc, c, id) =>
                {
                    c.PupilId = id;
                    c.Unresolved = null;
                    return Task.FromResult<string?>(null);
                }),
        ];
    }

    protected override IReadOnlyList<FormSlot<PupilChoice>> Slots => _slots;

    private async Task<string?> AcceptAsync(DialogContext dc, PupilChoice choice, string typed)
    {
        var names = PupilPicker.SplitNames(typed);
        if (names.Count != 1)
        {
            return "Please give just one pupil here.";
        }
        var pick = await _pupils.PickAsync(names);
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

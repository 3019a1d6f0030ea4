using Chexs.Bot.Dialogs.Engine;
using Chexs.Bot.Dialogs.Prompts;

namespace Chexs.Bot.Tests.Dialogs;

/// <summary>Prompt ids the demo dialogs use: the standard set, plus a length prompt with a G1-style validator.</summary>
public static class DemoPrompts
{
    public const string Text = StandardPrompts.Text;
    public const string Choice = StandardPrompts.Choice;
    public const string Confirm = StandardPrompts.Confirm;
    public const string Number = StandardPrompts.Number;
    public const string When = StandardPrompts.DateTime;
    public const string Length = "demo.length";
    public const string Card = StandardPrompts.Card;
}

/// <summary>A booking-shaped form used only by the engine tests.</summary>
public sealed class DemoBooking
{
    public string? Pupil { get; set; }
    public string? Kind { get; set; }
    public DateTimeOffset? Start { get; set; }
    public int? Minutes { get; set; }
}

public sealed class DemoForm : FormDialog<DemoBooking>
{
    public const string Name = "demo-form";

    public DemoForm() : base(Name)
    {
    }

    protected override IReadOnlyList<FormSlot<DemoBooking>> Slots { get; } =
    [
        FormSlot<DemoBooking>.Of<string>("pupil", f => f.Pupil is null,
            (dc, f) => new SlotQuestion(DemoPrompts.Text, new PromptOptions { Text = "Who is the session with?", Help = "Give the pupil's name." }),
            (dc, f, name) =>
            {
                if (name == "Nobody")
                {
                    return "I don't know a pupil called Nobody.";
                }
                f.Pupil = name;
                return null;
            }),
        FormSlot<DemoBooking>.Of<string>("kind", f => f.Kind is null,
            (dc, f) => new SlotQuestion(DemoPrompts.Choice, new ChoicePromptOptions
            {
                Text = "One-to-one or group?",
                Choices = [new Choice("one-to-one", "One-to-one", "1:1"), new Choice("group", "Group")],
            }),
            (dc, f, kind) =>
            {
                f.Kind = kind;
                return null;
            }),
        FormSlot<DemoBooking>.Of<DateTimeOffset>("start", f => f.Start is null,
            (dc, f) => new SlotQuestion(DemoPrompts.When, new DateTimePromptOptions { Text = "When should it start?" }),
            (dc, f, start) =>
            {
                f.Start = start;
                return null;
            }),
        FormSlot<DemoBooking>.Of<TimeSpan>("minutes", f => f.Minutes is null,
            (dc, f) => new SlotQuestion(DemoPrompts.Length, new PromptOptions { Text = "How long?" }),
            (dc, f, length) =>
            {
                f.Minutes = (int)length.TotalMinutes;
                return null;
            }),
    ];

    protected override Task<string?> DescribeAsync(DemoBooking form, CancellationToken cancellationToken) =>
        Task.FromResult(string.Join(", ", new[] { form.Pupil, form.Kind }.Where(x => x is not null)) is { Length: > 0 } s ? s : null);
}

public sealed class DemoBookingState
{
    public DemoBooking? Form { get; set; }
}

/// <summary>Fills the form, confirms, then "books" into a list — the records a cancel must leave untouched.</summary>
public sealed class DemoBookingDialog : Dialog
{
    public const string Name = "demo-booking";
    private readonly List<DemoBooking> _booked;

    public DemoBookingDialog(List<DemoBooking> booked) : base(Name) => _booked = booked;

    public override string Purpose => "booking a demo session";

    public override Task<DialogTurnResult> BeginAsync(DialogContext dc, object? options, CancellationToken cancellationToken) =>
        dc.BeginDialogAsync(DemoForm.Name, options, cancellationToken);

    public override async Task<DialogTurnResult> ResumeAsync(DialogContext dc, object? result, CancellationToken cancellationToken)
    {
        var state = dc.State<DemoBookingState>();
        if (result is DemoBooking form)
        {
            state.Form = form;
            return await dc.BeginDialogAsync(DemoPrompts.Confirm,
                new ConfirmPromptOptions { Text = $"Book {form.Pupil} ({form.Kind}) for {form.Minutes} minutes?" }, cancellationToken);
        }
        if (result is true)
        {
            _booked.Add(state.Form!);
            await dc.SendAsync("Booked.", cancellationToken);
        }
        else
        {
            await dc.SendAsync("Not booked.", cancellationToken);
        }
        return await dc.EndDialogAsync(state.Form, cancellationToken);
    }
}

public sealed class GreetingState
{
    public string Name { get; set; } = "";
}

/// <summary>Two prompts in a row, the second built from the first answer: begin, continue and resume.</summary>
public sealed class GreetingDialog : Dialog
{
    public const string Name = "greeting";

    public GreetingDialog() : base(Name)
    {
    }

    public override Task<DialogTurnResult> BeginAsync(DialogContext dc, object? options, CancellationToken cancellationToken) =>
        dc.BeginDialogAsync(DemoPrompts.Text, "What's your name?", cancellationToken);

    public override async Task<DialogTurnResult> ResumeAsync(DialogContext dc, object? result, CancellationToken cancellationToken)
    {
        var state = dc.State<GreetingState>();
        if (result is string name)
        {
            state.Name = name;
            return await dc.BeginDialogAsync(DemoPrompts.Number, new NumberPromptOptions { Text = $"How old are you, {name}?", Min = 1, Max = 120 }, cancellationToken);
        }
        var sentence = $"{state.Name} is {(int)result!}.";
        await dc.SendAsync(sentence, cancellationToken);
        return await dc.EndDialogAsync(sentence, cancellationToken);
    }
}

/// <summary>Asks what to do, then replaces itself with the chosen dialog (it must never be resumed).</summary>
public sealed class MenuDialog : Dialog
{
    public const string Name = "menu";

    public MenuDialog() : base(Name)
    {
    }

    public override Task<DialogTurnResult> BeginAsync(DialogContext dc, object? options, CancellationToken cancellationToken) =>
        dc.BeginDialogAsync(DemoPrompts.Choice, new ChoicePromptOptions { Text = "Greet or book?", Choices = [new Choice("greet"), new Choice("book")] }, cancellationToken);

    public override async Task<DialogTurnResult> ResumeAsync(DialogContext dc, object? result, CancellationToken cancellationToken)
    {
        if (result is "greet" or "book")
        {
            return await dc.ReplaceDialogAsync(result is "greet" ? GreetingDialog.Name : DemoBookingDialog.Name, null, cancellationToken);
        }
        await dc.SendAsync("Menu resumed — this must not happen.", cancellationToken);
        return await dc.EndDialogAsync(null, cancellationToken);
    }
}

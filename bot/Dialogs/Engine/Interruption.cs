using Chexs.Bot.Dialogs.Prompts;

namespace Chexs.Bot.Dialogs.Engine;

/// <summary>
/// A typed line that, while a question waits, asks for something else: <see cref="Text"/> is the line to run,
/// <see cref="Instead"/> says what it does ("show your sessions", "cancel S-M4D9W"). A <see cref="ReadOnly"/> one
/// changes nothing, so it simply runs and the question resumes; any other first asks to stop what is under way.
/// </summary>
public sealed record Interruption(string Text, bool ReadOnly, string Instead);

/// <summary>Tells the runner whether a typed line is a command of its own (the conversations' command reader does).</summary>
public interface IInterruptionReader
{
    /// <summary>Null when <paramref name="text"/> is not clearly a new command (then the waiting dialog gets it).</summary>
    Task<Interruption?> ReadAsync(DialogContext dc, string text, CancellationToken cancellationToken);
}

/// <summary>
/// "Stop booking Sam Patel's session and cancel S-M4D9W instead?" — pushed by the runner over the waiting dialog.
/// Yes: everything is stopped (nothing changed) and the new command runs. No: the waiting question is asked again.
/// Anything else is taken as an answer to the waiting question.
/// </summary>
public sealed class ConfirmInterruptionDialog : Dialog
{
    public const string Name = "engine.interruption";

    private static readonly string[] YesWords = ["yes", "y", "yeah", "yep", "ok", "okay", "sure", "stop", "go ahead", "do it", "yes please", "switch"];
    private static readonly string[] NoWords = ["no", "n", "nope", "carry on", "continue", "keep going", "go on", "back"];

    public ConfirmInterruptionDialog() : base(Name)
    {
    }

    public sealed class State
    {
        public string Text { get; set; } = "";
        public string Instead { get; set; } = "";
        public string Doing { get; set; } = "";
    }

    public override async Task<DialogTurnResult> BeginAsync(DialogContext dc, object? options, CancellationToken cancellationToken)
    {
        var interruption = (Interruption)options!;
        var state = dc.State<State>();
        state.Text = interruption.Text;
        state.Instead = interruption.Instead;
        state.Doing = await dc.DoingAsync(cancellationToken) ?? "what we were doing";
        await dc.SendAsync(Question(dc, state), cancellationToken);
        return DialogTurnResult.Waiting;
    }

    public override async Task<DialogTurnResult> ContinueAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        var state = dc.State<State>();
        var answer = TextTokens(dc.Input.Answer);
        var chosen = ChoiceRendering.Find(dc.Input.Answer, Choices);
        if (chosen is not null && dc.Turn.Activity.Type == Microsoft.Bot.Schema.ActivityTypes.Invoke)
        {
            InvokeReply.ReplaceCard(dc.Turn, InvokeReply.Frozen(ChoiceRendering.Card(Choices, dc.InstanceId), $"You chose: {chosen.Display}"));
        }
        if (chosen?.Value == "yes" || chosen is null && YesWords.Contains(answer))
        {
            await dc.CancelAllAsync("OK.", cancellationToken);
            return DialogTurnResult.Interrupted(new Interruption(state.Text, false, state.Instead));
        }
        if (chosen?.Value == "no" || chosen is null && NoWords.Contains(answer))
        {
            return await dc.DismissAsync($"OK, let's carry on {state.Doing}.", cancellationToken);
        }
        return await dc.PassToBelowAsync(cancellationToken);
    }

    public override Task RepromptAsync(DialogContext dc, CancellationToken cancellationToken) =>
        dc.SendAsync(Question(dc, dc.State<State>()), cancellationToken);

    public override string? Help(DialogContext dc) => "Yes stops what we were doing (nothing is changed) and does the new thing; No carries on where we were.";

    private static readonly Choice[] Choices = [new Choice("yes", "Yes, stop", "yes"), new Choice("no", "No, carry on", "no")];

    private static Microsoft.Bot.Schema.IActivity Question(DialogContext dc, State state) =>
        ChoiceRendering.Render($"Stop {state.Doing} and {state.Instead} instead?", Choices, ChoiceStyle.Buttons, dc.InstanceId);

    private static string TextTokens(string? text) => (text ?? "").Trim().ToLowerInvariant().TrimEnd('.', '!', '?');
}

using Chexs.Bot.Dialogs.Engine;
using Chexs.Bot.Dialogs.Parsing;
using Chexs.Bot.Dialogs.Prompts;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Storage;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Adapters;
using Microsoft.Extensions.Time.Testing;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Tests.Dialogs;

/// <summary>
/// A bot in miniature: each turn goes to the runner first; if no dialog is waiting, a few commands begin
/// one. State lives in MemoryStorage or in the project's LiteDbStorage (a temp file), and
/// <see cref="Restart"/> builds a fresh ConversationState and runner over the same storage, as a process restart would.
/// </summary>
public sealed class DialogHarness : IDisposable
{
    public const string NoDialog = "No dialog is waiting.";

    private readonly string? _folder;

    public DialogHarness(string storage)
    {
        if (storage == "litedb")
        {
            _folder = Path.Combine(Path.GetTempPath(), "chexs-dialogs-" + Guid.NewGuid().ToString("N"));
            Database = new ChexsDatabase(Path.Combine(_folder, "bot.db"));
            Storage = new Chexs.Bot.Storage.LiteDb.LiteDbBotState(Database.File);
        }
        else
        {
            Storage = new MemoryStorage();
        }
        Restart();
    }

    /// <summary>Wednesday 25 November 2026, 10:00 in London.</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero));
    public List<DemoBooking> Booked { get; } = new();
    public List<DialogTurnResult> Results { get; } = new();
    /// <summary>The dialog on top of the stack after each turn (null when none).</summary>
    public List<string?> ActiveAfterTurn { get; } = new();
    public IStorage Storage { get; }
    public ChexsDatabase? Database { get; }
    public TestAdapter Adapter { get; } = new(TestAdapter.CreateConversation("dialog-tests"));
    public ConversationState State { get; private set; } = null!;
    public DialogRunner Runner { get; private set; } = null!;

    public DialogTurnResult LastResult => Results[^1];
    public string? ActiveNow => ActiveAfterTurn[^1];

    /// <summary>Reads lines as commands of their own while a question waits (none: every line goes to the dialog).</summary>
    public IInterruptionReader? Interruptions { get; set; }

    public void Restart()
    {
        State = new ConversationState(Storage);
        var parser = new UkDateTimeParser(Clock, new SafeguardingOptions().Zone);
        Runner = new DialogRunner(State, new DialogSet(
        [
            new ConfirmInterruptionDialog(),
            .. StandardPrompts.Create(parser),
            new DurationPrompt(DemoPrompts.Length, (dc, length) => length.TotalMinutes > 60 ? "Sessions can be at most 60 minutes (G1)." : null),
            new DemoForm(),
            new DemoBookingDialog(Booked),
            new GreetingDialog(),
            new MenuDialog(),
        ]), Interruptions);
    }

    public static readonly JObject ConsentCard = JObject.Parse("""
        {
          "type": "AdaptiveCard", "version": "1.5",
          "body": [ { "type": "Input.Text", "id": "guardian", "label": "Guardian" } ],
          "actions": [ { "type": "Action.Submit", "title": "Save", "data": { "form": "consent" } } ]
        }
        """);

    public TestFlow Flow() => new(Adapter, async (turn, ct) =>
    {
        var result = await Runner.ContinueAsync(turn, ct);
        if (result is { Status: DialogTurnStatus.Interrupted, Result: Interruption interruption })
        {
            await turn.SendActivityAsync($"ran {interruption.Text}", cancellationToken: ct);
            if (interruption.ReadOnly)
            {
                await Runner.ResumeAfterInterruptionAsync(turn, ct);
            }
        }
        else if (result.Status == DialogTurnStatus.Empty)
        {
            result = turn.Activity.Text switch
            {
                "book" => await Runner.BeginAsync(turn, DemoBookingDialog.Name, null, ct),
                "book Sam group" => await Runner.BeginAsync(turn, DemoBookingDialog.Name, new DemoBooking { Pupil = "Sam", Kind = "group" }, ct),
                "greet" => await Runner.BeginAsync(turn, GreetingDialog.Name, null, ct),
                "menu" => await Runner.BeginAsync(turn, MenuDialog.Name, null, ct),
                "consent" => await Runner.BeginAsync(turn, DemoPrompts.Card,
                    new CardPromptOptions { Text = "Fill in the consent form.", Card = ConsentCard, Required = ["guardian"] }, ct),
                _ => await NoDialogAsync(turn, ct),
            };
        }
        Results.Add(result);
        ActiveAfterTurn.Add(await Runner.ActiveDialogIdAsync(turn, ct));
        await State.SaveChangesAsync(turn, false, ct);
    });

    private static async Task<DialogTurnResult> NoDialogAsync(ITurnContext turn, CancellationToken ct)
    {
        await turn.SendActivityAsync(NoDialog, cancellationToken: ct);
        return DialogTurnResult.Empty;
    }

    public void Dispose()
    {
        Database?.Dispose();
        if (_folder is not null && Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}

using Chexs.Bot.Cards;
using Chexs.Bot.Dialogs.Engine;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace Chexs.Bot.Dialogs.Conversations;

/// <summary>A typed command: its name and whatever followed it (as typed).</summary>
public sealed record TypedCommand(string Name, string Rest)
{
    public const string Help = "help";
    public const string Policy = "policy";
    public const string Book = "book session";
    public const string MySessions = "my sessions";
    public const string Cancel = "cancel session";
    public const string Reschedule = "reschedule session";
    public const string RecordConsent = "record consent";
    public const string WithdrawConsent = "withdraw consent";
    public const string Status = "status";

    // Longest first within each command, so "book a session" is not read as "book" + "a session".
    private static readonly (string Prefix, string Name, bool TakesRest)[] Forms =
    [
        ("help", Help, false), ("?", Help, false), ("hi", Help, false), ("hello", Help, false), ("hey", Help, false), ("commands", Help, false),
        ("policy", Policy, false), ("the policy", Policy, false), ("rules", Policy, false),
        ("book a session", Book, true), ("book session", Book, true), ("book sessions", Book, true), ("new session", Book, true), ("book", Book, false),
        ("my sessions", MySessions, false), ("my session", MySessions, false), ("upcoming sessions", MySessions, false), ("sessions", MySessions, false),
        ("cancel a session", Cancel, true), ("cancel session", Cancel, true),
        ("reschedule a session", Reschedule, true), ("reschedule session", Reschedule, true), ("move session", Reschedule, true), ("move a session", Reschedule, true),
        ("record a consent", RecordConsent, false), ("record consent", RecordConsent, false), ("add consent", RecordConsent, false),
        ("withdraw a consent", WithdrawConsent, false), ("withdraw consent", WithdrawConsent, false),
        ("status", Status, false), ("service status", Status, false), ("health", Status, false),
    ];

    /// <summary>The command the text starts with, or null. Commands that take nothing must be the whole text.</summary>
    public static TypedCommand? Parse(string? text)
    {
        var typed = (text ?? "").Trim();
        var lower = typed.ToLowerInvariant();
        if (lower != "?") lower = lower.TrimEnd('.', '!', '?').TrimEnd();
        foreach (var (prefix, name, takesRest) in Forms)
        {
            if (lower == prefix)
            {
                return new TypedCommand(name, "");
            }
            if (takesRest && lower.StartsWith(prefix + " ", StringComparison.Ordinal))
            {
                return new TypedCommand(name, typed[(prefix.Length + 1)..].Trim());
            }
        }
        return null;
    }
}

/// <summary>
/// Answers a message no dialog was waiting for: shows a card, or begins a dialog. Anything that names pupils
/// runs only in the 1:1 chat; elsewhere the person gets a short pointer there.
/// </summary>
public sealed class ConversationCommands
{
    public const string UnknownTextReply = "I didn't catch that. Type 'help' to see what I can do.";

    private readonly DialogRunner _runner;
    private readonly CardTemplates _cards;
    private readonly PolicyCard _policy;
    private readonly PolicyReviewNotice _review;
    private readonly MySessionsCard _mySessions;
    private readonly Preflight.ManagerStatus _status;

    public ConversationCommands(DialogRunner runner, CardTemplates cards, PolicyCard policy, PolicyReviewNotice review, MySessionsCard mySessions, Preflight.ManagerStatus status)
    {
        _status = status;
        _runner = runner;
        _cards = cards;
        _policy = policy;
        _review = review;
        _mySessions = mySessions;
    }

    public Attachment HelpCard() => _cards.RenderAttachment(CardNames.Help, new { });

    public async Task RouteAsync(ITurnContext turn, string? text, CancellationToken ct)
    {
        var command = TypedCommand.Parse(text);
        switch (command?.Name)
        {
            case TypedCommand.Help:
                await turn.SendActivityAsync(MessageFactory.Attachment(HelpCard()), ct);
                return;
            case TypedCommand.Policy:
                await turn.SendActivityAsync(MessageFactory.Attachment(new Attachment { ContentType = CardTemplates.ContentType, Content = _policy.Render() }), ct);
                return;
            case null:
                await turn.SendActivityAsync(MessageFactory.Text(UnknownTextReply), ct);
                return;
        }
        if (!ChatScope.IsPersonal(turn))
        {
            await turn.SendActivityAsync(MessageFactory.Text(ChatScope.PrivateOnly(command.Name)), ct);
            return;
        }
        await _review.WarnIfDueAsync(turn, ct);
        switch (command.Name)
        {
            case TypedCommand.MySessions:
                var card = await _mySessions.ForAsync(TurnUser.Of(turn).AadObjectId, fullNames: true, ct: ct);
                await turn.SendActivityAsync(MessageFactory.Attachment(new Attachment { ContentType = CardTemplates.ContentType, Content = card }), ct);
                break;
            case TypedCommand.Book:
                await _runner.BeginAsync(turn, BookingDialog.Name, command.Rest, ct);
                break;
            case TypedCommand.Cancel:
                await _runner.BeginAsync(turn, CancelSessionDialog.Name, command.Rest, ct);
                break;
            case TypedCommand.Reschedule:
                await _runner.BeginAsync(turn, RescheduleSessionDialog.Name, command.Rest, ct);
                break;
            case TypedCommand.RecordConsent:
                await _runner.BeginAsync(turn, RecordConsentDialog.Name, null, ct);
                break;
            case TypedCommand.WithdrawConsent:
                await _runner.BeginAsync(turn, WithdrawConsentDialog.Name, null, ct);
                break;
            case TypedCommand.Status:
                await _status.ReplyAsync(turn, ct);
                break;
        }
    }
}

using Chexs.Bot.Cards;
using Chexs.Bot.Dialogs.Engine;
using Chexs.Bot.Dialogs.Parsing;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace Chexs.Bot.Dialogs.Conversations;

/// <summary>
/// A typed command by its name ("book session", "my sessions", …) and, when the line began with the command's own
/// words, whatever followed them. The names are what the help card and the pointers to the 1:1 chat use; which
/// command a line is comes from <see cref="CommandReader"/> (the whole line, not a prefix table).
/// </summary>
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
    public const string Backup = "backup";
    public const string SetZoomUser = "set zoom user";
    public const string Outbox = "outbox";
    public const string ResendInvitations = "resend invitations";
    public const string ReportConcern = "report concern";
    public const string Concerns = "concerns";
    public const string Concern = "concern";
    public const string ExportConcerns = "export concerns";
    public const string ExportPerson = "export person";
    public const string ErasePerson = "erase person";
    public const string ExportInspection = "export inspection";

    private static readonly Lazy<CommandReader> Reader = new(() => new CommandReader(new BookingLineParser(
        new UkDateTimeParser(TimeProvider.System, new Safeguarding.SafeguardingOptions().Zone))));

    public static string? NameOf(Intent intent) => intent switch
    {
        Intent.Help => Help,
        Intent.Policy => Policy,
        Intent.Book => Book,
        Intent.MySessions => MySessions,
        Intent.CancelSession => Cancel,
        Intent.RescheduleSession => Reschedule,
        Intent.RecordConsent => RecordConsent,
        Intent.WithdrawConsent => WithdrawConsent,
        Intent.Status => Status,
        Intent.Backup => Backup,
        Intent.SetZoomUser => SetZoomUser,
        Intent.Outbox => Outbox,
        Intent.ResendInvitations => ResendInvitations,
        Intent.ReportConcern => ReportConcern,
        Intent.ListConcerns => Concerns,
        Intent.ConcernEntry => Concern,
        Intent.ExportConcerns => ExportConcerns,
        Intent.ExportPerson => ExportPerson,
        Intent.ErasePerson => ErasePerson,
        Intent.ExportInspection => ExportInspection,
        _ => null,
    };

    /// <summary>The command a line asks for (read as a whole), or null.</summary>
    public static TypedCommand? Parse(string? text) => From(Reader.Value.Read(text));

    public static TypedCommand? From(Utterance utterance) =>
        NameOf(utterance.Intent) is { } name ? new TypedCommand(name, RestAfterCommandWords(utterance.Text)) : null;

    private static readonly HashSet<string> CommandWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "book", "a", "an", "session", "sessions", "new", "my", "upcoming", "cancel", "reschedule", "move", "record", "withdraw", "add",
        "consent", "help", "policy", "the", "rules", "commands", "hi", "hello", "hey", "please", "status", "service", "health", "backup", "outbox", "backlog", "resend", "invitations",
    };

    /// <summary>"Book a session with Sam" → "with Sam": the words after the command's own leading words, as typed.</summary>
    private static string RestAfterCommandWords(string text)
    {
        var rest = text.Trim();
        while (rest.Length > 0)
        {
            var space = rest.IndexOf(' ');
            var word = (space < 0 ? rest : rest[..space]).TrimEnd('.', '!', '?', ',');
            if (!CommandWords.Contains(word) && word != "?")
            {
                break;
            }
            rest = space < 0 ? "" : rest[(space + 1)..].TrimStart();
        }
        return rest.TrimEnd('.', '!', '?').TrimEnd();
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
    private readonly CommandReader _reader;
    private readonly PupilPicker _pupils;
    private readonly Preflight.ManagerStatus _status;
    private readonly Backups.ManagerBackup _backup;
    private readonly Roles.ZoomUsers _zoomUsers;
    private readonly Outbox.OutboxBacklog _backlog;
    private readonly Invitations.ResendInvitations _resend;
    private readonly Concerns.ConcernCommands _concerns;
    private readonly ManagerRightsRequests _rights;

    public ConversationCommands(DialogRunner runner, CardTemplates cards, PolicyCard policy, PolicyReviewNotice review, MySessionsCard mySessions,
        CommandReader reader, PupilPicker pupils, Preflight.ManagerStatus status, Backups.ManagerBackup backup, ManagerRightsRequests rights,
        Roles.ZoomUsers zoomUsers, Outbox.OutboxBacklog backlog, Invitations.ResendInvitations resend, Concerns.ConcernCommands concerns)
    {
        _concerns = concerns;
        _rights = rights;
        _resend = resend;
        _zoomUsers = zoomUsers;
        _backlog = backlog;
        _status = status;
        _backup = backup;
        _runner = runner;
        _cards = cards;
        _policy = policy;
        _review = review;
        _mySessions = mySessions;
        _reader = reader;
        _pupils = pupils;
    }

    /// <summary>Reads a typed line with the pupils on record in mind (so "book sam patel …" in lower case still finds the names).</summary>
    public async Task<Utterance> ReadAsync(string? text, CancellationToken ct = default) => _reader.Read(text, await _pupils.LexiconAsync(ct));

    public Attachment HelpCard() => _cards.RenderAttachment(CardNames.Help, new { });

    public async Task RouteAsync(ITurnContext turn, string? text, CancellationToken ct)
    {
        var utterance = await ReadAsync(text, ct);
        var command = TypedCommand.From(utterance);
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
            // Concerns are never discussed outside the 1:1 chat; nothing typed is repeated.
            var pointer = command.Name is TypedCommand.ReportConcern or TypedCommand.Concerns or TypedCommand.Concern or TypedCommand.ExportConcerns
                ? MessageFactory.Text(Concerns.ConcernCommands.ChannelReply)
                : ChatScope.PrivateOnlyMessage(turn, command.Name);
            await turn.SendActivityAsync(pointer, ct);
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
                await _runner.BeginAsync(turn, BookingDialog.Name, utterance, ct);
                break;
            case TypedCommand.Cancel:
                await _runner.BeginAsync(turn, CancelSessionDialog.Name, utterance, ct);
                break;
            case TypedCommand.Reschedule:
                await _runner.BeginAsync(turn, RescheduleSessionDialog.Name, utterance, ct);
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
            case TypedCommand.Backup:
                await _backup.ReplyAsync(turn, ct);
                break;
            case TypedCommand.SetZoomUser:
                await _zoomUsers.ReplyAsync(turn, utterance.Text, ct);
                break;
            case TypedCommand.Outbox:
                await _backlog.ReplyAsync(turn, ct);
                break;
            case TypedCommand.ResendInvitations:
                await _resend.ReplyAsync(turn, ct);
                break;
            case TypedCommand.ReportConcern:
                await _concerns.ReportAsync(turn, ct);
                break;
            case TypedCommand.Concerns:
                await _concerns.ListAsync(turn, ct);
                break;
            case TypedCommand.Concern:
                await _concerns.EntryAsync(turn, utterance.Text, ct);
                break;
            case TypedCommand.ExportConcerns:
                await turn.SendActivityAsync(MessageFactory.Text(Concerns.ConcernCommands.ExportReply), ct);
                break;
            case TypedCommand.ExportPerson:
                await _rights.ExportPersonAsync(turn, utterance.Text, ct);
                break;
            case TypedCommand.ErasePerson:
                await _rights.ErasePersonAsync(turn, utterance.Text, ct);
                break;
            case TypedCommand.ExportInspection:
                await _rights.ExportInspectionAsync(turn, utterance.Text, ct);
                break;
        }
    }
}

/// <summary>
/// While a question waits, a typed line that is clearly a command of its own ("my sessions", "book a session with
/// Sami …", "cancel S-M4D9W") interrupts it: read-only ones just run and the question resumes; others first ask
/// "Stop booking Sam Patel's session and cancel S-M4D9W instead?". Lines that only might be commands ("book it",
/// "Friday at 5") stay answers.
/// </summary>
public sealed class CommandInterruptions : IInterruptionReader
{
    private readonly CommandReader _reader;
    private readonly PupilPicker _pupils;

    public CommandInterruptions(CommandReader reader, PupilPicker pupils)
    {
        _reader = reader;
        _pupils = pupils;
    }

    public async Task<Interruption?> ReadAsync(DialogContext dc, string text, CancellationToken cancellationToken)
    {
        var u = _reader.Read(text, await _pupils.LexiconAsync(cancellationToken));
        if (!u.Explicit || u.Intent is Intent.None)
        {
            return null;
        }
        return new Interruption(text, u.ReadOnly, Instead(u));
    }

    private static string Instead(Utterance u) => u.Intent switch
    {
        Intent.MySessions => "show your sessions",
        Intent.Help => "see what I can do",
        Intent.Policy => "show the policy",
        Intent.Book => u.Slots.PupilNames.Count > 0 ? $"book a session with {PupilPicker.NaturalList(u.Slots.PupilNames)}" : "book a new session",
        Intent.CancelSession => u.Slots.SessionRef is { } id ? $"cancel {id}" : "cancel a session",
        Intent.RescheduleSession => u.Slots.SessionRef is { } id ? $"move {id}" : "move a session",
        Intent.RecordConsent => "record a consent",
        Intent.WithdrawConsent => "withdraw a consent",
        Intent.Status => "show the service status",
        Intent.Backup => "take a backup",
        Intent.SetZoomUser => "set a Zoom user",
        Intent.Outbox => "show the outbox backlog",
        Intent.ResendInvitations => "list the failed guardian e-mails",
        Intent.ReportConcern => "raise a safeguarding concern",
        Intent.ListConcerns => "show the open concerns",
        Intent.ConcernEntry => "add to a concern",
        Intent.ExportConcerns => "export the concerns",
        Intent.ExportPerson => "export a person's data",
        Intent.ErasePerson => "erase a person's data",
        Intent.ExportInspection => "export the inspection pack",
        _ => "do that",
    };
}

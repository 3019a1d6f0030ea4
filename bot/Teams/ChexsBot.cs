using Chexs.Bot.CardActions;
using Chexs.Bot.Cards;
using Chexs.Bot.Dialogs.Conversations;
using Chexs.Bot.Dialogs.Engine;
using Chexs.Bot.Dialogs.Prompts;
using Chexs.Bot.Records;
using Chexs.Bot.Roles;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Teams;
using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Teams;

/// <summary>
/// The Teams edge of the bot: turns activities into calls on the product and replies into activities.
/// Every message and card click is first checked against the staff directory: someone who is neither
/// staff nor manager gets a polite refusal and nothing else (no state, no chat remembered). Then a
/// waiting dialog gets the turn; only when none waits is the text routed as a command. A card click goes
/// to the waiting dialog's prompt when it was made for one, else to the <see cref="CardActionRouter"/>.
/// </summary>
public sealed class ChexsBot : TeamsActivityHandler
{
    public const string UnknownTextReply = ConversationCommands.UnknownTextReply;
    public const string NotStaffReply =
        "Sorry, I only work with CHEXS staff and managers, and I can't find you in either group. If you think you should have access, please ask a CHEXS manager.";
    public const string DirectoryUnavailableReply =
        "I couldn't check your CHEXS role just now, so I haven't done anything. Please try again in a minute.";
    public const string AlreadyDoneReply =
        "That was already done: something else in this chat got there first, and I've kept what it did. Type 'help' if you're not sure where we are.";

    private readonly ConversationState _conversationState;
    private readonly UserState _userState;
    private readonly InstallationStore _installations;
    private readonly ILogger<ChexsBot> _logger;
    private readonly CardActionRouter _cardActions;
    private readonly IStaffDirectory _directory;
    private readonly StaffRecords _staffRecords;
    private readonly DialogRunner _dialogs;
    private readonly ConversationCommands _commands;
    private readonly DataExchange.Uploads.ManagerImport _uploads;
    private readonly CommandButtons _commandButtons;
    private readonly WelcomeCard _welcome;
    private readonly ConversationTurns _turns = new();
    private readonly ManagerRightsRequests _files;
    private readonly IFileUploader _uploader;

    public ChexsBot(ConversationState conversationState, UserState userState, InstallationStore installations, ILogger<ChexsBot> logger,
        CardActionRouter cardActions, IStaffDirectory directory, StaffRecords staffRecords, DialogRunner dialogs, ConversationCommands commands,
        DataExchange.Uploads.ManagerImport uploads, CommandButtons commandButtons, WelcomeCard welcome, ManagerRightsRequests files, IFileUploader uploader)
    {
        _uploads = uploads;
        _commandButtons = commandButtons;
        _welcome = welcome;
        _files = files;
        _uploader = uploader;
        _conversationState = conversationState;
        _userState = userState;
        _installations = installations;
        _logger = logger;
        _cardActions = cardActions;
        _directory = directory;
        _staffRecords = staffRecords;
        _dialogs = dialogs;
        _commands = commands;
    }

    public override async Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken = default)
    {
        using var _ = await _turns.EnterAsync(turnContext.Activity.Conversation?.Id);
        await base.OnTurnAsync(turnContext, cancellationToken);
        await SaveStateAsync(turnContext, cancellationToken);
    }

    /// <summary>
    /// Saves the turn's state. If another turn saved this conversation's (or this user's) state since this one
    /// read it — which <see cref="ConversationTurns"/> makes rare — the state that turn saved is kept: it
    /// is never deleted or overwritten, and the person is told their action was already done.
    /// </summary>
    private async Task SaveStateAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        try
        {
            await _conversationState.SaveChangesAsync(turnContext, false, cancellationToken);
            await _userState.SaveChangesAsync(turnContext, false, cancellationToken);
        }
        catch (Storage.ETagConflictException e)
        {
            _logger.LogWarning("Another turn saved state {Key} first; kept its state and dropped this {Type} turn's changes", e.Key, turnContext.Activity.Type);
            if (turnContext.Activity.Type == ActivityTypes.Message)
            {
                await turnContext.SendActivityAsync(MessageFactory.Text(AlreadyDoneReply), cancellationToken);
            }
        }
    }

    protected override async Task OnMessageActivityAsync(ITurnContext<IMessageActivity> turnContext, CancellationToken cancellationToken)
    {
        var (user, refusal) = await CheckUserAsync(turnContext, cancellationToken);
        if (user is null)
        {
            await turnContext.SendActivityAsync(MessageFactory.Text(refusal), cancellationToken);
            return;
        }
        if (ChatScope.IsPersonal(turnContext))
        {
            // Remember the personal chat so the bot can reach this staff member privately later.
            await _installations.RememberAsync(turnContext.Activity, cancellationToken);
        }
        if (TeamsFileDownloads.FileIn(turnContext.Activity) is { } file)
        {
            // A file is never an answer to a waiting question: it is a manager's import, previewed first.
            await turnContext.SendActivityAsync(new Activity { Type = ActivityTypes.Typing }, cancellationToken);
            var reply = await _uploads.ReceiveAsync(user.AadObjectId, user.IsManager, ChatScope.IsPersonal(turnContext), file, cancellationToken);
            await turnContext.SendActivityAsync(reply.Card is { } card
                ? MessageFactory.Attachment(new Attachment { ContentType = CardTemplates.ContentType, Content = card })
                : MessageFactory.Text(reply.Text), cancellationToken);
            return;
        }
        var result = await _dialogs.ContinueAsync(turnContext, cancellationToken);
        if (result.Status == DialogTurnStatus.Empty)
        {
            await _commands.RouteAsync(turnContext, turnContext.Activity.RemoveRecipientMention() ?? turnContext.Activity.Text, cancellationToken);
            return;
        }
        await RunInterruptionAsync(turnContext, result, cancellationToken);
    }

    /// <summary>
    /// A command typed while a question waited (<see cref="DialogTurnStatus.Interrupted"/>): run it; after a read-only
    /// one ("my sessions") the question is asked again, otherwise the person has agreed to stop what was under way.
    /// </summary>
    private async Task RunInterruptionAsync(ITurnContext turn, DialogTurnResult result, CancellationToken ct)
    {
        if (result is not { Status: DialogTurnStatus.Interrupted, Result: Interruption interruption })
        {
            return;
        }
        await _commands.RouteAsync(turn, interruption.Text, ct);
        if (interruption.ReadOnly)
        {
            await _dialogs.ResumeAfterInterruptionAsync(turn, ct);
        }
    }

    public Attachment HelpCard() => _commands.HelpCard();

    protected override async Task OnInstallationUpdateAddAsync(ITurnContext<IInstallationUpdateActivity> turnContext, CancellationToken cancellationToken)
    {
        var record = await RememberAndWelcomeAsync(turnContext, cancellationToken);
        _logger.LogInformation("Installed in {Scope} conversation (team {TeamId})", record.Scope, record.TeamId);
    }

    /// <summary>
    /// Remembers the conversation and, the first time the bot is there, says hello. Teams announces an install twice
    /// (conversationUpdate and installationUpdate); whichever comes first welcomes, the other finds the record.
    /// </summary>
    private async Task<InstallationRecord> RememberAndWelcomeAsync(ITurnContext turn, CancellationToken ct)
    {
        var isNew = turn.Activity.Conversation?.Id is not { Length: > 0 } id || await _installations.FindAsync(id, ct) is null;
        var record = await _installations.RememberAsync(turn.Activity, ct);
        if (isNew)
        {
            await turn.SendActivityAsync(_welcome.For(turn), ct);
        }
        return record;
    }

    protected override async Task OnInstallationUpdateRemoveAsync(ITurnContext<IInstallationUpdateActivity> turnContext, CancellationToken cancellationToken)
    {
        await _installations.ForgetAsync(turnContext.Activity, cancellationToken);
        _logger.LogInformation("Uninstalled from a {Type} conversation", turnContext.Activity.Conversation.ConversationType);
    }

    /// <summary>
    /// Only the bot's own arrival in (or removal from) a conversation matters here. The SDK's Teams handler
    /// would first look up every other member added through the Bot Connector, one call each, and a lookup
    /// that fails (a member Teams no longer knows, the connector unreachable) would end the turn in the error handler.
    /// </summary>
    protected override async Task OnConversationUpdateActivityAsync(ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        var botId = activity.Recipient?.Id;
        if (activity.MembersAdded?.Any(m => m?.Id == botId) == true)
        {
            await RememberAndWelcomeAsync(turnContext, cancellationToken);
        }
        if (activity.MembersRemoved?.Any(m => m?.Id == botId) == true)
        {
            await _installations.ForgetAsync(activity, cancellationToken);
        }
    }

    protected override async Task<AdaptiveCardInvokeResponse> OnAdaptiveCardInvokeAsync(ITurnContext<IInvokeActivity> turnContext, AdaptiveCardInvokeValue invokeValue, CancellationToken cancellationToken)
    {
        var (user, refusal) = await CheckUserAsync(turnContext, cancellationToken);
        if (user is null)
        {
            return MessageResponse(refusal);
        }
        var activity = turnContext.Activity;
        var data = invokeValue?.Action?.Data is { } raw ? JObject.FromObject(raw) : new JObject();

        // A button on a question a dialog is waiting for belongs to that dialog, and a choice button always goes to the
        // dialog engine (the runner explains stale ones).
        if (data[DialogInput.PromptIdField] is not null
            && (invokeValue?.Action?.Verb == ChoiceRendering.Verb || await _dialogs.ActiveDialogIdAsync(turnContext, cancellationToken) is not null))
        {
            var answered = await _dialogs.ContinueAsync(turnContext, cancellationToken);
            await RunInterruptionAsync(turnContext, answered, cancellationToken);
            return InvokeReply.Card(turnContext) is { } replaced ? CardResponse(replaced) : MessageResponse("OK");
        }

        // The prompt id is added after signing, so it is not part of what the router verifies.
        data.Remove(DialogInput.PromptIdField);
        if (CommandButtons.Handles(invokeValue?.Action?.Verb))
        {
            // Buttons that do what a typed command does (Book a session, My sessions, Change and resend) need the turn.
            return MessageResponse(await _commandButtons.RunAsync(turnContext, invokeValue!.Action!.Verb, data, cancellationToken));
        }
        var context = new CardActionContext(
            invokeValue?.Action?.Verb ?? "",
            data,
            user.AadObjectId,
            user.Name,
            activity.Conversation?.Id ?? "",
            activity.Conversation?.ConversationType ?? "personal",
            activity.ReplyToId);
        var result = await _cardActions.HandleAsync(context, cancellationToken);
        if (result.Begin is { } start)
        {
            // A button that starts a conversation (e.g. "Raise a concern"): whatever was waiting is put aside, said so.
            await _dialogs.CancelAllAsync(turnContext, "To start this first,", cancellationToken);
            await _dialogs.BeginAsync(turnContext, start.DialogId, start.Options, cancellationToken);
        }
        if (result.Card is not null)
        {
            if (result.UpdateForEveryone && !string.IsNullOrEmpty(activity.ReplyToId))
            {
                var update = TeamsMessenger.CardActivity(result.Card, "");
                update.Id = activity.ReplyToId;
                await turnContext.UpdateActivityAsync(update, cancellationToken);
            }
            return CardResponse(result.Card);
        }
        return MessageResponse(result.Message ?? "Done.");
    }

    /// <summary>
    /// A manager accepted a file the bot offered (export person, export inspection): the file is built again now (the
    /// bot keeps no copy), put at the OneDrive address Teams gave, and shown as a file card. The offer's context is
    /// signed and names the manager, so an altered or forwarded accept gets nothing.
    /// </summary>
    protected override async Task OnTeamsFileConsentAcceptAsync(ITurnContext<IInvokeActivity> turnContext, FileConsentCardResponse fileConsentCardResponse, CancellationToken cancellationToken)
    {
        var (user, refusal) = await CheckUserAsync(turnContext, cancellationToken);
        if (user is null)
        {
            await turnContext.SendActivityAsync(MessageFactory.Text(refusal), cancellationToken);
            return;
        }
        var context = fileConsentCardResponse?.Context is { } raw ? JObject.FromObject(raw) : null;
        var upload = fileConsentCardResponse?.UploadInfo;
        if (!ChatScope.IsPersonal(turnContext) || upload is null || !TeamsFiles.IsOneDriveUploadUrl(upload.UploadUrl, out var target))
        {
            _logger.LogWarning("Refused a file consent accept without a OneDrive upload address in a personal chat");
            await turnContext.SendActivityAsync(MessageFactory.Text(FileRefusedReply), cancellationToken);
            return;
        }
        var file = await _files.FileForAsync(context, user, cancellationToken);
        if (file is not { } built)
        {
            _logger.LogWarning("Refused a file consent accept whose context was not the bot's own offer to {User}", user.AadObjectId);
            await turnContext.SendActivityAsync(MessageFactory.Text(FileRefusedReply), cancellationToken);
            return;
        }
        try
        {
            await _uploader.UploadAsync(target, built.Content, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            _logger.LogWarning("Upload of an offered file to OneDrive failed ({Status})", e.StatusCode);
            await turnContext.SendActivityAsync(MessageFactory.Text(
                "I couldn't save the file to your OneDrive (OneDrive refused the upload). Nothing else changed: type the command again for a new file, or use the command line (README → Rights requests)."), cancellationToken);
            return;
        }
        var done = MessageFactory.Text($"Saved {built.Name} to your OneDrive.");
        done.Attachments = [TeamsFiles.InfoCard(upload)];
        await turnContext.SendActivityAsync(done, cancellationToken);
    }

    protected override async Task OnTeamsFileConsentDeclineAsync(ITurnContext<IInvokeActivity> turnContext, FileConsentCardResponse fileConsentCardResponse, CancellationToken cancellationToken)
    {
        var (user, refusal) = await CheckUserAsync(turnContext, cancellationToken);
        await turnContext.SendActivityAsync(MessageFactory.Text(user is null ? refusal : "Not sent: nothing was saved or exported."), cancellationToken);
    }

    public const string FileRefusedReply = "I can't send that file: the request didn't match a file I offered you in this chat. Nothing was exported. Type the command again for a new offer.";

    /// <summary>The checked user, or null and the sentence to answer with (not staff, or the directory is down).</summary>
    private async Task<(TurnUser? User, string Refusal)> CheckUserAsync(ITurnContext turn, CancellationToken ct)
    {
        var from = turn.Activity.From;
        StaffRole? role;
        try
        {
            role = string.IsNullOrEmpty(from?.AadObjectId) ? null : await _directory.GetRoleAsync(from.AadObjectId, ct);
        }
        catch (StaffDirectoryUnavailableException e)
        {
            _logger.LogWarning(e, "Staff directory unavailable; refused a {Type} turn without acting", turn.Activity.Type);
            return (null, DirectoryUnavailableReply);
        }
        if (role is not { } known)
        {
            _logger.LogInformation("Refused a {Type} turn from someone who is neither staff nor manager", turn.Activity.Type);
            return (null, NotStaffReply);
        }
        await SyncStaffRecordAsync(turn, from!, known, ct);
        var user = new TurnUser(from!.AadObjectId, from.Name ?? "", known);
        user.Attach(turn);
        return (user, "");
    }

    /// <summary>
    /// Keeps the staff record the policy reads (role, name, Zoom user) in line with the directory. The
    /// email comes from Teams' member lookup, asked only while the record has none.
    /// </summary>
    private async Task SyncStaffRecordAsync(ITurnContext turn, ChannelAccount from, StaffRole role, CancellationToken ct)
    {
        string? email = null;
        if (await _staffRecords.NeedsEmailAsync(from.AadObjectId, ct))
        {
            try
            {
                var member = await TeamsInfo.GetMemberAsync(turn, from.Id, ct);
                email = string.IsNullOrWhiteSpace(member?.Email) ? member?.UserPrincipalName : member.Email;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _logger.LogInformation("Teams member lookup unavailable ({Error}); the staff record keeps no email yet", e.GetType().Name);
            }
        }
        await _staffRecords.SyncAsync(from.AadObjectId, from.Name ?? "", role, email, ct);
    }

    private static AdaptiveCardInvokeResponse CardResponse(JObject card) =>
        new() { StatusCode = 200, Type = CardTemplates.ContentType, Value = card };

    private static AdaptiveCardInvokeResponse MessageResponse(string text) =>
        new() { StatusCode = 200, Type = "application/vnd.microsoft.activity.message", Value = text };
}

using System.Globalization;
using Chexs.Bot.Dialogs.Conversations;
using Chexs.Bot.Storage;
using Microsoft.Bot.Builder;

namespace Chexs.Bot.Backups;

/// <summary>
/// <c>backup</c> (or "back up now", "take a backup") in a manager's 1:1 chat: the running bot takes a backup at
/// once, through its own writer (the command line may not open the file while the bot runs). Useful before a big
/// import, a policy change or an upgrade. Staff get one sentence; a repeat within a minute (a double-sent message)
/// answers with the backup just taken instead of writing another.
/// </summary>
public sealed class ManagerBackup(IServiceProvider services, IAuditTrail audit, TimeProvider clock, ILogger<ManagerBackup> log)
{
    public const string StaffOnlyReply = "Only managers can take a backup. The bot also backs itself up every day; ask a CHEXS manager if you need one now.";
    public const string NotConfiguredReply =
        "Backups are not switched on for this bot, so there is nowhere to write one. Ask whoever looks after the bot to set Backup:Folder (README → Operations); the bot then also backs itself up every day.";
    public const string PostgreSqlReply =
        "This bot keeps its data in PostgreSQL, whose server takes the backups (point-in-time restore), so there is nothing for the bot to copy. Ask whoever looks after the database for a backup or a restore point.";
    private static readonly TimeSpan Recent = TimeSpan.FromMinutes(1);

    public async Task ReplyAsync(ITurnContext turn, CancellationToken ct)
    {
        var user = TurnUser.Of(turn);
        if (!user.IsManager)
        {
            await turn.SendActivityAsync(MessageFactory.Text(StaffOnlyReply), ct);
            return;
        }
        // Resolved here, not injected: on PostgreSQL there is no file to copy, so no IStoreMaintenance is registered.
        if (services.GetService<IStoreMaintenance>() is null)
        {
            await turn.SendActivityAsync(MessageFactory.Text(PostgreSqlReply), ct);
            return;
        }
        var backups = services.GetRequiredService<DatabaseBackups>();
        if (backups.Folder is not { } folder)
        {
            await turn.SendActivityAsync(MessageFactory.Text(NotConfiguredReply), ct);
            return;
        }
        var now = clock.GetUtcNow();
        if (DatabaseBackups.Newest(folder) is { } newest && DatabaseBackups.NewestTakenAt(folder) is { } at && now - at < Recent)
        {
            await turn.SendActivityAsync(MessageFactory.Text(
                $"A backup was taken less than a minute ago ({newest.Name}), so I did not take another."), ct);
            return;
        }
        await turn.SendActivityAsync(new Microsoft.Bot.Schema.Activity { Type = Microsoft.Bot.Schema.ActivityTypes.Typing }, ct);
        try
        {
            var copy = await backups.MakeAsync(user.AadObjectId, ct);
            await turn.SendActivityAsync(MessageFactory.Text(
                $"Backup taken and verified: {Path.GetFileName(copy.File)} ({copy.Documents.ToString("N0", CultureInfo.GetCultureInfo("en-GB"))} records). " +
                "Staff could keep booking while it ran. The newest backups are kept in the backup folder; restoring one is in the README (Restore)."), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            log.LogError(e, "A manager's backup to {Folder} failed", folder);
            await audit.AppendAsync(now, user.AadObjectId, "backup.failed", Array.Empty<string>(), $"{e.GetType().Name}: {e.Message}", ct);
            await turn.SendActivityAsync(MessageFactory.Text(
                $"The backup failed ({e.Message}). Nothing else was affected and the bot keeps working. Please pass this to whoever looks after the bot: check the disk space and permissions of the backup folder."), ct);
        }
    }
}

using Chexs.Bot.Dialogs.Conversations;
using Microsoft.Bot.Builder;

namespace Chexs.Bot.Preflight;

/// <summary>
/// <c>status</c> in a manager's 1:1 chat: the preflight report, read-only (no test email, no calendar
/// write), so a manager can see whether Zoom, Microsoft 365, backups and secrets are healthy without
/// being able to change anything. Staff get one sentence: the report names colleagues' mailboxes.
/// </summary>
public sealed class ManagerStatus(PreflightRunner runner)
{
    public const string StaffOnlyReply = "Only managers can see the service status. Ask a CHEXS manager if something seems wrong.";

    public async Task ReplyAsync(ITurnContext turn, CancellationToken ct)
    {
        if (!TurnUser.Of(turn).IsManager)
        {
            await turn.SendActivityAsync(MessageFactory.Text(StaffOnlyReply), ct);
            return;
        }
        var results = await runner.RunAsync(readOnly: true, ct);
        var failed = results.Count(r => !r.Passed);
        var heading = failed == 0
            ? $"**Service status: all {results.Count} checks passed** (read-only checks)."
            : $"**Service status: {failed} of {results.Count} checks failed** (read-only checks). Please pass this to whoever looks after the bot.";
        // Teams renders a blank line between paragraphs; one check per paragraph stays readable on a phone.
        var text = heading + "\n\n" + string.Join("\n\n", results.Select(r => r.ToString()));
        await turn.SendActivityAsync(MessageFactory.Text(text), ct);
    }
}

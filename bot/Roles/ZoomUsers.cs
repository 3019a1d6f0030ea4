using System.Text.RegularExpressions;
using Chexs.Bot.Dialogs.Conversations;
using Chexs.Bot.Records;
using Chexs.Bot.Storage;
using Microsoft.Bot.Builder;

namespace Chexs.Bot.Roles;

/// <summary>
/// <c>set zoom user for Alex Host to alex@chexs.org.uk</c> in a manager's 1:1 chat: which user on the CHEXS Zoom account
/// hosts that staff member's meetings (P2). Without it the bot uses their Teams e-mail, which is wrong when the Zoom
/// account uses another address. Stored on the staff record (the Zoom edge reads <see cref="StaffMember.ZoomUserId"/>),
/// validated as an e-mail address, audited with the old and new value. Staff get one sentence.
/// </summary>
public sealed partial class ZoomUsers(IStaffRepository staff, IStoreTransactions transactions, IAuditTrail audit, TimeProvider clock)
{
    public const string StaffOnlyReply = "Only managers can set someone's Zoom user. Ask a CHEXS manager to set yours.";
    public const string UsageReply = "Tell me whose Zoom user to set and the address, like this: **set zoom user for Alex Host to alex@chexs.org.uk**";

    [GeneratedRegex(@"zoom\s*(?:user|account|e-?mail|login|id)?\s+(?:for|of)\s+(?<name>.+?)\s+(?:to|as|is|=)\s+(?<email>\S+?)[.!]?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex ForNameTo();

    [GeneratedRegex(@"^(?:\w+\s+)*?(?:set|make|change|update|link)?\s*(?<name>[^']+?)(?:'s|’s)\s+zoom\s*(?:user|account|e-?mail|login|id)?\s+(?:to|as|is|=)\s+(?<email>\S+?)[.!]?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex PossessiveTo();

    /// <summary>The name and address in a typed line, or null when the line does not say both.</summary>
    public static (string Name, string Email)? Read(string text)
    {
        var m = ForNameTo().Match(text.Trim());
        if (!m.Success) m = PossessiveTo().Match(text.Trim());
        return m.Success ? (m.Groups["name"].Value.Trim(), m.Groups["email"].Value.Trim().Trim('<', '>')) : null;
    }

    public async Task ReplyAsync(ITurnContext turn, string text, CancellationToken ct) =>
        await turn.SendActivityAsync(MessageFactory.Text(await SetAsync(TurnUser.Of(turn), text, ct)), ct);

    public async Task<string> SetAsync(TurnUser user, string text, CancellationToken ct)
    {
        if (!user.IsManager) return StaffOnlyReply;
        if (Read(text) is not var (name, email)) return UsageReply;
        if (!DataExchange.PupilImport.IsEmail(email))
            return $"\"{email}\" is not an e-mail address, so I changed nothing. A Zoom user is the e-mail address the person signs in to the CHEXS Zoom account with.";
        var everyone = await staff.AllAsync(ct);
        var matches = everyone.Where(s => string.Equals(s.DisplayName, name, StringComparison.OrdinalIgnoreCase)).ToList();
        if (matches.Count == 0)
            matches = everyone.Where(s => s.DisplayName.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() is { } first
                                          && string.Equals(first, name, StringComparison.OrdinalIgnoreCase)).ToList();
        switch (matches.Count)
        {
            case 0:
                return $"I don't know a member of staff called {name}, so I changed nothing. Staff appear here once they have written to me in Teams; use their full name as Teams shows it.";
            case > 1:
                return $"{matches.Count} members of staff are called {name} ({string.Join(", ", matches.Select(m => m.DisplayName))}). Please use the full name; I changed nothing.";
        }
        var member = matches[0];
        var old = member.ZoomUserId;
        if (string.Equals(old, email, StringComparison.OrdinalIgnoreCase))
            return $"{member.DisplayName}'s Zoom user is already {email}; nothing to change.";
        await transactions.RunAsync(async () =>
        {
            // Read again inside the transaction: the record may have been synced from Teams since.
            var current = await staff.FindAsync(member.Id, ct) ?? member;
            current.ZoomUserId = email;
            await staff.UpsertAsync(current, ct);
            await audit.AppendAsync(clock.GetUtcNow(), user.AadObjectId, "staff.zoom-user", [member.Id],
                $"Zoom user of {member.DisplayName} set from {old ?? "(none)"} to {email}", ct);
        }, ct);
        return $"Done: {member.DisplayName}'s meetings will be made on the CHEXS Zoom account as {email}" +
               (old is null ? "." : $" (was {old}).") + " Sessions already booked keep the Zoom meeting they have.";
    }
}

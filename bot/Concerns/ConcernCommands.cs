using System.Globalization;
using System.Text.RegularExpressions;
using Chexs.Bot.Cards;
using Chexs.Bot.Dialogs.Conversations;
using Chexs.Bot.Dialogs.Engine;
using Chexs.Bot.Records;
using Chexs.Bot.Safeguarding;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace Chexs.Bot.Concerns;

/// <summary>
/// The typed concern commands, in the 1:1 chat only: <c>report concern</c> (anyone on staff), and for the Designated
/// Safeguarding Lead(s) <c>concerns</c> (the open ones), <c>concern 12</c> (its card), <c>concern 12 ack</c>,
/// <c>concern 12 note …</c>, <c>concern 12 close …</c>. The person who raised a concern may add a note to it.
/// In a channel or group chat the bot says one sentence and repeats nothing that was typed.
/// </summary>
public sealed partial class ConcernCommands(DialogRunner dialogs, SafeguardingConcerns concerns, ConcernCards cards, SafeguardingOptions policy)
{
    public const string ChannelReply =
        "Safeguarding concerns are never discussed in a channel or group chat. Open your 1:1 chat with me and type \"report concern\" there. " +
        "If a child is in immediate danger, call 999 now.";
    public const string LeadsOnlyReply =
        "Only the Designated Safeguarding Lead can see concerns. To raise one, type \"report concern\"; to add to one you raised, \"concern <number> note …\".";
    public const string ExportReply =
        "Concerns are exported on the bot's server, not in Teams, so the file never passes through a chat: whoever looks after the bot runs " +
        "\"dotnet CHEXS.Bot.dll export concerns <folder>\" (README → Safeguarding concerns) and hands you the folder (a CSV and one document per concern).";

    [GeneratedRegex(@"^\s*concern\s+#?(?:c-?)?(?<id>\d{1,9})\b\s*(?<verb>ack(?:nowledge[d]?)?|note|add|action|outcome|close[d]?|show)?\s*[:\-]?\s*(?<text>.*)$",
        RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex EntryLine();

    public Task ReportAsync(ITurnContext turn, CancellationToken ct) =>
        dialogs.BeginAsync(turn, RaiseConcernDialog.Name, new ConcernStart(null), ct);

    public async Task ListAsync(ITurnContext turn, CancellationToken ct)
    {
        var user = TurnUser.Of(turn);
        if (!concerns.IsLead(user.AadObjectId, user.Role))
        {
            await turn.SendActivityAsync(MessageFactory.Text(LeadsOnlyReply), ct);
            return;
        }
        var open = await concerns.OpenFilesAsync(ct);
        if (open.Count == 0)
        {
            await turn.SendActivityAsync(MessageFactory.Text("There are no open safeguarding concerns."), ct);
            return;
        }
        var lines = open.Select(f =>
            $"- {f.Concern.Reference}: {ConcernCategories.Short(f.Concern.Category)}, raised by {f.Concern.RaisedByName} on {LocalTimes.ShortDateTime(f.Concern.RaisedAt, policy.Zone)}" +
            $"{(f.Concern.ImmediateRisk ? " (immediate risk)" : "")}, about {About(f.Concern)}. {f.StatusText}.");
        await turn.SendActivityAsync(MessageFactory.Text(
            $"Open safeguarding concerns ({open.Count}):\n{string.Join("\n", lines)}\n\nType \"concern <number>\" to see one with its buttons, " +
            "\"concern <number> note …\" to add to it, or \"concern <number> close …\" with the outcome."), ct);
    }

    /// <summary>"concern 12", "concern 12 ack", "concern 12 note Called the school", "concern C-12 close Referred to children's services".</summary>
    public async Task EntryAsync(ITurnContext turn, string text, CancellationToken ct)
    {
        var user = TurnUser.Of(turn);
        var match = EntryLine().Match(text ?? "");
        if (!match.Success || !long.TryParse(match.Groups["id"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            await turn.SendActivityAsync(MessageFactory.Text("Type it as \"concern 12\", \"concern 12 ack\", \"concern 12 note …\" or \"concern 12 close …\"."), ct);
            return;
        }
        var verb = match.Groups["verb"].Value.ToLowerInvariant();
        var rest = match.Groups["text"].Value.Trim();
        var kind = verb switch
        {
            "" or "show" when rest.Length == 0 => (ConcernEntryKind?)null,
            var v when v.StartsWith("ack", StringComparison.Ordinal) => ConcernEntryKind.Acknowledged,
            "close" or "closed" or "outcome" => ConcernEntryKind.Closed,
            _ => ConcernEntryKind.Note,
        };
        if (kind is null)
        {
            await ShowAsync(turn, id, user, ct);
            return;
        }
        var (outcome, file) = await concerns.AddEntryAsync(id, kind.Value, rest, user.AadObjectId, user.Name, user.Role, ct);
        await turn.SendActivityAsync(MessageFactory.Text(Said(outcome, kind.Value, ConcernReference.Of(id), file)), ct);
    }

    private async Task ShowAsync(ITurnContext turn, long id, TurnUser user, CancellationToken ct)
    {
        if (!concerns.IsLead(user.AadObjectId, user.Role))
        {
            await turn.SendActivityAsync(MessageFactory.Text(LeadsOnlyReply), ct);
            return;
        }
        if (await concerns.FileAsync(id, ct) is not { } file)
        {
            await turn.SendActivityAsync(MessageFactory.Text($"There is no concern {ConcernReference.Of(id)}. Type \"concerns\" to see the open ones."), ct);
            return;
        }
        await turn.SendActivityAsync(MessageFactory.Attachment(new Attachment { ContentType = CardTemplates.ContentType, Content = cards.LeadCard(file) }), ct);
    }

    /// <summary>The sentence for what adding an entry did (shared by the typed commands and the card buttons).</summary>
    public static string Said(EntryOutcome outcome, ConcernEntryKind kind, string reference, ConcernFile? file) => outcome switch
    {
        EntryOutcome.NotFound => $"There is no concern {reference}. Nothing was added.",
        EntryOutcome.NotAllowed => $"Only the Designated Safeguarding Lead can do that; the person who raised {reference} can add a note. Nothing was added.",
        EntryOutcome.Empty => kind == ConcernEntryKind.Closed
            ? $"Please write the outcome, e.g. \"concern {reference[2..]} close Referred to children's services\". Nothing was added."
            : $"Please write what to add, e.g. \"concern {reference[2..]} note Called the school's DSL\". Nothing was added.",
        EntryOutcome.AlreadyAcknowledged => $"{reference} was already acknowledged by {file?.Acknowledgement?.ByName ?? "a lead"}. Nothing else changed.",
        _ => kind switch
        {
            ConcernEntryKind.Acknowledged => $"{reference} acknowledged: your name and the time are on its record.",
            ConcernEntryKind.Closed => $"{reference} closed with your outcome, dated and signed with your name.",
            _ => $"Added to {reference}, dated and signed with your name.",
        },
    };

    private static string About(Concern c) =>
        c.Pupils.Count == 0 ? "no one named" : PupilPicker.NaturalList(c.Pupils.Select(p => p.Name));
}

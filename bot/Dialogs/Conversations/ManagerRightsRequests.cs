using System.Text;
using System.Text.RegularExpressions;
using Chexs.Bot.CardActions;
using Chexs.Bot.Cards;
using Chexs.Bot.Concerns;
using Chexs.Bot.Inspection;
using Chexs.Bot.RightsRequests;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Teams;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Dialogs.Conversations;

/// <summary>
/// A manager's <c>export person WHO</c>, <c>erase person WHO</c> and <c>export inspection from DATE to DATE</c> in their
/// 1:1 chat. Files come as a Teams file consent card (accepted → saved to the manager's OneDrive, see
/// <see cref="TeamsFiles"/>); each reply also says how to get the same file from the command line, for a Teams
/// client that does not offer file consent (the Agents Playground). The file is built again when the manager
/// accepts, so the bot never keeps a copy of a person's data. Staff get one sentence and nothing is looked up.
/// </summary>
public sealed partial class ManagerRightsRequests(
    PersonFinder finder, PersonExport export, PersonErasure erasure, InspectionPack pack, OrgCalendar calendar, CardActionSigner signer, IConcernCounts concerns)
{
    public const string ManagersOnly = "Only CHEXS managers can answer a rights request or export the inspection pack, so I haven't looked anything up. Please ask a manager.";
    private const string PersonFile = "person";
    private const string InspectionFile = "inspection";

    public async Task ExportPersonAsync(ITurnContext turn, string text, CancellationToken ct)
    {
        if (!await IsManagerAsync(turn, ct)) return;
        var found = await finder.FindAsync(AfterCommand(text), ct);
        if (found is not PersonLookup.Found { Person: var person })
        {
            await SayAsync(turn, found.Problem("export")!, ct);
            return;
        }
        var files = await export.BuildAsync(person, ct);
        if (files is null)
        {
            await SayAsync(turn, $"The record of {person.Describe()} went while I was reading it; nothing was exported.", ct);
            return;
        }
        var note = new StringBuilder($"Here is everything I hold about {person.Describe()}. Accept the file to save it to your OneDrive; the export is audited when you do. ");
        note.Append($"If your Teams does not offer the file, the same document comes from the command line (bot stopped): `dotnet CHEXS.Bot.dll export person {person.Key} FILE` (README → Rights requests).");
        if ((await concerns.KeptForPersonAsync(person.Id, ct)).Count is > 0 and var n)
            note.Append($"\n\nFor you, not in the file: {n} safeguarding concern record(s) name this person. Ask the Designated Safeguarding Lead what, if anything, can be disclosed.");
        await OfferAsync(turn, note.ToString(), files.FileStem + ".md", files.Markdown, $"Personal data held about {person.Name} (UK GDPR request)",
            new JObject { ["file"] = PersonFile, ["kind"] = person.Kind.ToString(), ["id"] = person.Id }, ct);
    }

    public async Task ErasePersonAsync(ITurnContext turn, string text, CancellationToken ct)
    {
        if (!await IsManagerAsync(turn, ct)) return;
        var found = await finder.FindAsync(AfterCommand(text), ct);
        if (found is not PersonLookup.Found { Person: var person })
        {
            await SayAsync(turn, found.Problem("erase")!, ct);
            return;
        }
        var plan = await erasure.PlanAsync(person, ct);
        if (plan is null || !plan.CanErase)
        {
            await SayAsync(turn, plan?.Describe(calendar, done: false) ?? $"The record of {person.Describe()} is gone already.", ct);
            return;
        }
        var card = signer.SignActions(ErasureCardActions.Card(plan, calendar));
        await turn.SendActivityAsync(MessageFactory.Attachment(new Attachment { ContentType = CardTemplates.ContentType, Content = card }), ct);
    }

    public async Task ExportInspectionAsync(ITurnContext turn, string text, CancellationToken ct)
    {
        if (!await IsManagerAsync(turn, ct)) return;
        var dates = DateWords().Matches(text).Select(m => RightsRequestCommands.TryDate(m.Value, out var d) ? d : (DateOnly?)null).OfType<DateOnly>().ToList();
        if (dates.Count != 2 || dates[1] < dates[0])
        {
            await SayAsync(turn, "Say the first and last day, e.g. 'export inspection from 01/09/2026 to 30/11/2026' (or 2026-09-01 to 2026-11-30).", ct);
            return;
        }
        var md = await pack.BuildAsync(dates[0], dates[1], ct);
        await OfferAsync(turn,
            $"The inspection pack for {dates[0]:d MMM yyyy} to {dates[1]:d MMM yyyy}: accept the file to save it to your OneDrive. " +
            $"If your Teams does not offer the file, the same document comes from the command line (bot stopped): `dotnet CHEXS.Bot.dll export inspection --from {dates[0]:yyyy-MM-dd} --to {dates[1]:yyyy-MM-dd} FILE`.",
            InspectionPack.FileName(dates[0], dates[1]), md, $"Inspection pack, {dates[0]:d MMM yyyy} to {dates[1]:d MMM yyyy}",
            new JObject { ["file"] = InspectionFile, ["from"] = dates[0].ToString("yyyy-MM-dd"), ["to"] = dates[1].ToString("yyyy-MM-dd") }, ct);
    }

    /// <summary>
    /// The file an accepted consent card asked for, built now; null when the context was not the bot's own offer to this
    /// manager (altered, or another person's). Exporting a person is audited here, when the data actually leaves.
    /// </summary>
    public async Task<(string Name, byte[] Content)?> FileForAsync(JObject? context, TurnUser user, CancellationToken ct)
    {
        if (context is null || !user.IsManager || !signer.Verify(context, []) || (string?)context["user"] != user.AadObjectId) return null;
        switch ((string?)context["file"])
        {
            case PersonFile:
                var kind = Enum.TryParse<PersonKind>((string?)context["kind"], out var k) ? k : PersonKind.Pupil;
                var id = (string?)context["id"] ?? "";
                var files = await export.ExportAsync(new PersonRef(kind, id, id), user.AadObjectId, ct);
                return files is null ? null : (files.FileStem + ".md", Encoding.UTF8.GetBytes(files.Markdown));
            case InspectionFile when RightsRequestCommands.TryDate((string?)context["from"] ?? "", out var from) && RightsRequestCommands.TryDate((string?)context["to"] ?? "", out var to):
                return (InspectionPack.FileName(from, to), Encoding.UTF8.GetBytes(await pack.BuildAsync(from, to, ct)));
            default:
                return null;
        }
    }

    private async Task OfferAsync(ITurnContext turn, string note, string name, string content, string description, JObject context, CancellationToken ct)
    {
        context["user"] = TurnUser.Of(turn).AadObjectId;
        var reply = MessageFactory.Text(note);
        reply.Attachments = [TeamsFiles.ConsentCard(name, Encoding.UTF8.GetByteCount(content), description, signer.Sign(context))];
        await turn.SendActivityAsync(reply, ct);
    }

    private static async Task<bool> IsManagerAsync(ITurnContext turn, CancellationToken ct)
    {
        if (TurnUser.Of(turn).IsManager) return true;
        await SayAsync(turn, ManagersOnly, ct);
        return false;
    }

    private static Task SayAsync(ITurnContext turn, string text, CancellationToken ct) => turn.SendActivityAsync(MessageFactory.Text(text), ct);

    /// <summary>"export person Sam Patel" → "Sam Patel": the words after the command's two words.</summary>
    private static string AfterCommand(string text)
    {
        var words = text.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return string.Join(' ', words.Skip(2)).Trim().TrimEnd('.', '!', '?');
    }

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4}")]
    private static partial Regex DateWords();
}

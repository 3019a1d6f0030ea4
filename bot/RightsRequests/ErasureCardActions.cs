using Chexs.Bot.CardActions;
using Chexs.Bot.Cards;
using Chexs.Bot.Records;
using Chexs.Bot.Roles;
using Chexs.Bot.Safeguarding;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.RightsRequests;

/// <summary>
/// The Teams side of <c>erase person</c>'s second step: the dry run is shown with an "Erase now" button whose signed
/// data names the person and the dry run's code; a click re-checks the manager's role (a forwarded card is no
/// permission), and erases only if what would happen now is still what the card showed.
/// </summary>
public sealed class ErasureCardActions(PersonErasure erasure, IStaffDirectory directory, OrgCalendar calendar) : ICardActionHandler
{
    public const string EraseVerb = "person.erase";
    public const string KeepVerb = "person.keep";
    public const string ManagersOnly = "Only a CHEXS manager can erase a person's data. Nothing was changed.";

    public IEnumerable<string> Verbs => [EraseVerb, KeepVerb];

    /// <summary>The dry run as a card with Erase now / Keep everything (the caller signs its actions).</summary>
    public static JObject Card(ErasurePlan plan, OrgCalendar calendar)
    {
        var data = new JObject { ["kind"] = plan.Person.Kind.ToString(), ["id"] = plan.Person.Id, ["code"] = plan.Code };
        return new JObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = "1.5",
            ["body"] = new JArray(
                new JObject { ["type"] = "TextBlock", ["text"] = $"Erase {plan.Person.Describe()}?", ["weight"] = "Bolder", ["size"] = "Medium", ["wrap"] = true },
                new JObject { ["type"] = "TextBlock", ["text"] = plan.Describe(calendar, done: false), ["wrap"] = true },
                new JObject { ["type"] = "TextBlock", ["text"] = $"Confirmation code {plan.Code}. This cannot be undone.", ["wrap"] = true, ["isSubtle"] = true }),
            ["actions"] = new JArray(
                new JObject { ["type"] = "Action.Execute", ["title"] = "Erase now", ["verb"] = EraseVerb, ["data"] = data, ["style"] = "destructive" },
                new JObject { ["type"] = "Action.Execute", ["title"] = "Keep everything", ["verb"] = KeepVerb, ["data"] = data.DeepClone() }),
        };
    }

    public async Task<CardActionResult> HandleAsync(CardActionContext context, CancellationToken ct)
    {
        if (context.ConversationType != "personal")
            return CardActionResult.Say("Erasing a person's data happens only in a manager's private chat with me. Nothing was changed.");
        if (await directory.GetRoleAsync(context.UserAadObjectId, ct) != StaffRole.Manager)
            return CardActionResult.Say(ManagersOnly);
        var kind = Enum.TryParse<PersonKind>((string?)context.Data["kind"], out var k) ? k : PersonKind.Pupil;
        var person = new PersonRef(kind, (string?)context.Data["id"] ?? "", (string?)context.Data["id"] ?? "");
        if (context.Verb == KeepVerb)
            return CardActionResult.Say("Kept: nothing was erased.");
        var outcome = await erasure.EraseAsync(person, (string?)context.Data["code"] ?? "", context.UserAadObjectId, ct);
        return outcome switch
        {
            ErasureOutcome.Erased e => CardActionResult.Say(e.Plan.Describe(calendar, done: true) + "\nThe erasure is in the audit trail (by reference only)."),
            ErasureOutcome.Changed c => CardActionResult.Say($"Nothing was erased: the data changed since this card was made. Type 'erase person {person.Key}' again to see what would happen now."),
            ErasureOutcome.Blocked b => CardActionResult.Say(b.Now.Describe(calendar, done: false)),
            _ => CardActionResult.Say("That person's record is gone already (erased, or removed by retention). Nothing was changed."),
        };
    }
}

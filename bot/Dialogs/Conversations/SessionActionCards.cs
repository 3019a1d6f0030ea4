using Chexs.Bot.CardActions;
using Chexs.Bot.Cards;
using Chexs.Bot.Records;
using Chexs.Bot.Sessions;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Dialogs.Conversations;

/// <summary>
/// The small cards that replace a my-sessions card after Cancel or Reschedule is clicked: "are you sure"
/// with an optional reason, and "when to?" with a typed new time. Their buttons carry the same verbs
/// (with a "step") and are signed like every card the bot sends.
/// </summary>
public sealed class SessionActionCards
{
    public const string StepField = "step";
    public const string Confirm = "confirm";
    public const string Move = "move";
    public const string Keep = "keep";

    private readonly CardActionSigner _signer;
    private readonly SessionCards _sessionCards;

    public SessionActionCards(CardActionSigner signer, SessionCards sessionCards)
    {
        _signer = signer;
        _sessionCards = sessionCards;
    }

    public JObject ConfirmCancel(Session s) => Card(
        [
            Text($"Cancel session {s.Id}?", weight: "Bolder", size: "Large"),
            Text($"{s.Programme.Display()}, {_sessionCards.WhenText(s)}"),
            Text(s.Status == SessionStatus.Scheduled
                ? "The guardians will get a cancellation email, the Zoom meeting will be deleted and your calendar updated."
                : "It is still waiting for approval, so nobody outside CHEXS has heard of it yet.", subtle: true),
            new JObject { ["type"] = "Input.Text", ["id"] = "reason", ["label"] = "Reason (optional, for the record)", ["placeholder"] = "e.g. pupil unwell" },
        ],
        [
            Button("Cancel the session", CardVerbs.SessionCancel, s.Id, Confirm, "destructive"),
            Button("Keep it", CardVerbs.SessionCancel, s.Id, Keep),
        ]);

    /// <param name="problems">Why the last attempt was refused (shown in red), if it was.</param>
    public JObject AskNewTime(Session s, IEnumerable<string>? problems = null)
    {
        var body = new List<JObject>
        {
            Text($"Move session {s.Id}", weight: "Bolder", size: "Large"),
            Text($"{s.Programme.Display()}, now {_sessionCards.WhenText(s)}"),
        };
        body.AddRange((problems ?? []).Select(p => Text(p, color: "Attention")));
        body.Add(new JObject
        {
            ["type"] = "Input.Text", ["id"] = "newTime", ["label"] = "New day and time", ["isRequired"] = true,
            ["errorMessage"] = "Type a day and time", ["placeholder"] = "e.g. tomorrow 4pm, Tue 16:30 or 28/11 10:00",
        });
        return Card(body,
        [
            Button("Move it", CardVerbs.SessionReschedule, s.Id, Move, "positive"),
            Button("Keep the time", CardVerbs.SessionReschedule, s.Id, Keep),
        ]);
    }

    private JObject Card(IEnumerable<JObject> body, IEnumerable<JObject> actions) => _signer.SignActions(new JObject
    {
        ["type"] = "AdaptiveCard",
        ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
        ["version"] = "1.5",
        ["body"] = new JArray(body),
        ["actions"] = new JArray(actions),
    });

    private static JObject Text(string text, string? weight = null, string? size = null, bool subtle = false, string? color = null)
    {
        var block = new JObject { ["type"] = "TextBlock", ["text"] = text, ["wrap"] = true };
        if (weight is not null) block["weight"] = weight;
        if (size is not null) block["size"] = size;
        if (subtle) block["isSubtle"] = true;
        if (color is not null) block["color"] = color;
        return block;
    }

    private static JObject Button(string title, string verb, string sessionId, string step, string? style = null)
    {
        var action = new JObject
        {
            ["type"] = "Action.Execute", ["title"] = title, ["verb"] = verb,
            ["data"] = new JObject { ["verb"] = verb, ["sessionId"] = sessionId, [StepField] = step },
        };
        if (style is not null) action["style"] = style;
        if (step == Keep) action["associatedInputs"] = "none";
        return action;
    }
}

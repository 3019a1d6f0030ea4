using Microsoft.Bot.Builder;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Dialogs.Engine;

/// <summary>
/// The card that replaces a clicked card when a dialog answers an Action.Execute click. A dialog sets it
/// during the turn; ChexsBot returns it as the invoke response (so the clicked card loses its buttons).
/// </summary>
public static class InvokeReply
{
    private const string Key = "chexs.invokeReplyCard";

    public static void ReplaceCard(ITurnContext turn, JObject card) => turn.TurnState[Key] = card;

    public static JObject? Card(ITurnContext turn) => turn.TurnState.Get<JObject>(Key);

    /// <summary>A copy of <paramref name="card"/> without buttons, with a line saying what happened.</summary>
    public static JObject Frozen(JObject card, string note)
    {
        var copy = (JObject)card.DeepClone();
        copy.Remove("actions");
        foreach (var set in copy.Descendants().OfType<JObject>().Where(o => (string?)o["type"] == "ActionSet").ToList())
        {
            set.Remove();
        }
        if (copy["body"] is not JArray body)
        {
            body = new JArray();
            copy["body"] = body;
        }
        body.Add(new JObject { ["type"] = "TextBlock", ["text"] = note, ["weight"] = "Bolder", ["wrap"] = true, ["spacing"] = "Medium" });
        return copy;
    }
}

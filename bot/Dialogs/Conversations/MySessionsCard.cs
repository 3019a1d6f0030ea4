using Chexs.Bot.Cards;
using Chexs.Bot.Records;
using Chexs.Bot.Sessions;
using Chexs.Bot.Storage;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Dialogs.Conversations;

/// <summary>The my-sessions card: a host's upcoming sessions, each with Reschedule and Cancel.</summary>
public sealed class MySessionsCard
{
    private readonly CardTemplates _cards;
    private readonly SessionQueries _sessions;
    private readonly SessionCards _sessionCards;
    private readonly ChexsDatabase _db;

    public MySessionsCard(CardTemplates cards, SessionQueries sessions, SessionCards sessionCards, ChexsDatabase db)
    {
        _cards = cards;
        _sessions = sessions;
        _sessionCards = sessionCards;
        _db = db;
    }

    /// <param name="fullNames">Pupils in full in the host's 1:1 chat; by initials anywhere else (G6).</param>
    /// <param name="notice">A line shown above the list, e.g. what the last click did.</param>
    public JObject For(string hostId, bool fullNames, string? notice = null)
    {
        var sessions = _sessions.UpcomingForHost(hostId).Select(s =>
        {
            var item = new JObject
            {
                ["sessionId"] = s.Id,
                ["sessionRef"] = s.Id,
                ["programme"] = s.Programme.Display(),
                ["whenText"] = _sessionCards.WhenText(s),
                ["kind"] = s.Kind == SessionKind.Group ? "Group" : "One-to-one",
                ["participantsText"] = Participants(s, fullNames),
            };
            if (StatusText(s) is { } status) item["statusText"] = status;
            return item;
        });
        var card = _cards.Render(CardNames.MySessions, new JObject { ["sessions"] = new JArray(sessions) });
        if (notice is not null && card["body"] is JArray body)
        {
            body.Insert(1, new JObject { ["type"] = "TextBlock", ["text"] = notice, ["color"] = "Good", ["weight"] = "Bolder", ["wrap"] = true });
        }
        return card;
    }

    public string Participants(Session s, bool fullNames)
    {
        var names = s.PupilIds.Select(id => _db.Pupils.FindById(id)).Where(p => p is not null).Select(p => fullNames ? p!.FullName : p!.Initials);
        return PupilPicker.NaturalList(names);
    }

    private static string? StatusText(Session s) =>
        s.Flag is { Length: > 0 } flag ? $"Needs your attention: {flag}"
        : s.Status == SessionStatus.AwaitingApproval ? "Waiting for a manager's approval (P10)"
        : null;
}

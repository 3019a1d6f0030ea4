using Chexs.Bot.Cards;
using Chexs.Bot.Records;
using Chexs.Bot.Sessions;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Dialogs.Conversations;

/// <summary>The my-sessions card: a host's upcoming sessions, each with Reschedule and Cancel.</summary>
public sealed class MySessionsCard
{
    private readonly CardTemplates _cards;
    private readonly SessionQueries _sessions;
    private readonly SessionCards _sessionCards;
    private readonly IPupilRepository _pupils;
    private readonly MySeriesEntries _series;

    public MySessionsCard(CardTemplates cards, SessionQueries sessions, SessionCards sessionCards, IPupilRepository pupils, MySeriesEntries series)
    {
        _series = series;
        _cards = cards;
        _sessions = sessions;
        _sessionCards = sessionCards;
        _pupils = pupils;
    }

    /// <param name="fullNames">Pupils in full in the host's 1:1 chat; by initials anywhere else (G6).</param>
    /// <param name="notice">A line shown above the list, e.g. what the last click did.</param>
    public async Task<JObject> ForAsync(string hostId, bool fullNames, string? notice = null, CancellationToken ct = default)
    {
        var sessions = new List<JObject>();
        var (singles, series) = MySeriesEntries.Split(await _sessions.UpcomingForHostAsync(hostId, ct));
        foreach (var s in singles)
        {
            var item = new JObject
            {
                ["sessionId"] = s.Id,
                ["sessionRef"] = s.Id,
                ["programme"] = s.Programme.Display(),
                ["whenText"] = _sessionCards.WhenText(s),
                ["kind"] = s.Kind == SessionKind.Group ? "Group" : "One-to-one",
                ["participantsText"] = await ParticipantsAsync(s, fullNames, ct),
            };
            if (StatusText(s) is { } status) item["statusText"] = status;
            sessions.Add(item);
        }
        var card = _cards.Render(CardNames.MySessions, new JObject { ["sessions"] = new JArray(sessions) });
        await _series.AddToAsync(card, series, s => ParticipantsAsync(s, fullNames, ct), ct);
        if (notice is not null && card["body"] is JArray body)
        {
            body.Insert(1, new JObject { ["type"] = "TextBlock", ["text"] = notice, ["color"] = "Good", ["weight"] = "Bolder", ["wrap"] = true });
        }
        return card;
    }

    public async Task<string> ParticipantsAsync(Session s, bool fullNames, CancellationToken ct = default)
    {
        var names = new List<string>();
        foreach (var id in s.PupilIds)
        {
            if (await _pupils.FindAsync(id, ct) is { } p) names.Add(fullNames ? p.FullName : p.Initials);
        }
        return PupilPicker.NaturalList(names);
    }

    private static string? StatusText(Session s) =>
        s.Flag is { Length: > 0 } flag ? $"Needs your attention: {flag}"
        : s.Status == SessionStatus.AwaitingApproval ? "Waiting for a manager's approval (P10)"
        : null;
}

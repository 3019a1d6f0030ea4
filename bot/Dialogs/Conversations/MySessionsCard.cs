using Chexs.Bot.Cards;
using Chexs.Bot.Records;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Sessions;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Dialogs.Conversations;

/// <summary>
/// The my-sessions card: a host's sessions in progress, later today and upcoming, each with the buttons
/// <see cref="SessionButtons"/> allows (Start meeting until the end time; Reschedule and Cancel until it starts) and
/// the guardians its invitations go to. Empty, it offers "Book a session".
/// </summary>
public sealed class MySessionsCard
{
    private readonly CardTemplates _cards;
    private readonly SessionQueries _sessions;
    private readonly SessionCards _sessionCards;
    private readonly IPupilRepository _pupils;
    private readonly MySeriesEntries _series;
    private readonly TimeProvider _clock;
    private readonly SafeguardingOptions _policy;

    public MySessionsCard(CardTemplates cards, SessionQueries sessions, SessionCards sessionCards, IPupilRepository pupils, MySeriesEntries series,
        TimeProvider clock, SafeguardingOptions policy)
    {
        _series = series;
        _cards = cards;
        _sessions = sessions;
        _sessionCards = sessionCards;
        _pupils = pupils;
        _clock = clock;
        _policy = policy;
    }

    /// <param name="fullNames">Pupils in full in the host's 1:1 chat; by initials anywhere else (G6).</param>
    /// <param name="notice">A line shown above the list, e.g. what the last click did.</param>
    public async Task<JObject> ForAsync(string hostId, bool fullNames, string? notice = null, CancellationToken ct = default)
    {
        var sessions = new List<JObject>();
        var now = _clock.GetUtcNow();
        var (singles, series) = MySeriesEntries.Split(await _sessions.CurrentAndUpcomingForHostAsync(hostId, ct));
        foreach (var s in singles)
        {
            var guardians = await _sessionCards.GuardianLinesAsync(s, fullNames, ct);
            var item = new JObject
            {
                ["sessionRef"] = s.Id,
                ["programme"] = s.Programme.Display(),
                ["whenText"] = _sessionCards.WhenText(s),
                ["kind"] = s.Kind == SessionKind.Group ? "Group" : "One-to-one",
                ["participantsText"] = await ParticipantsAsync(s, fullNames, ct),
                // "Priya Patel (mother), for Sam Patel" → "Priya Patel (mother)": the pupils are named just above.
                ["guardiansText"] = string.Join("; ", guardians.Select(g => fullNames && g.IndexOf(", for ", StringComparison.Ordinal) is var i and > 0 ? g[..i] : g)),
                ["inProgress"] = SessionButtons.InProgress(s, now),
                ["endText"] = LocalTimes.TimeOfDay(s.End, _policy.Zone),
            };
            SessionButtons.AddTo(item, s, hostId, now, fullNames);
            if (StatusText(s) is { } status) item["statusText"] = status;
            sessions.Add(item);
        }
        var card = _cards.Render(CardNames.MySessions, new JObject { ["sessions"] = new JArray(sessions) });
        await _series.AddToAsync(card, series, s => ParticipantsAsync(s, fullNames, ct), ct);
        if (notice is not null && card["body"] is JArray body)
        {
            // A container style rather than coloured text: readable in every Teams theme.
            body.Insert(1, new JObject
            {
                ["type"] = "Container", ["style"] = "good",
                ["items"] = new JArray(new JObject { ["type"] = "TextBlock", ["text"] = notice, ["weight"] = "Bolder", ["wrap"] = true }),
            });
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

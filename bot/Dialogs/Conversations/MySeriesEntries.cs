using Chexs.Bot.CardActions;
using Chexs.Bot.Cards;
using Chexs.Bot.Records;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Sessions;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Dialogs.Conversations;

/// <summary>
/// The series part of the my-sessions card, kept in one place so the card can be redesigned around it: a series is
/// ONE entry with its remaining dates; each date has Move and Cancel (the single-session buttons, so one date is
/// moved or cancelled exactly like any session), and "Cancel the rest of the series" cancels every remaining date
/// (<see cref="SeriesCardActions"/>). Built in code and signed like <see cref="SessionActionCards"/>.
/// </summary>
public sealed class MySeriesEntries
{
    public const string CancelRest = "series.cancel";

    private readonly IBookingSeriesRepository _series;
    private readonly SafeguardingOptions _policy;
    private readonly CardActionSigner _signer;

    public MySeriesEntries(IBookingSeriesRepository series, SafeguardingOptions policy, CardActionSigner signer)
    {
        _series = series;
        _policy = policy;
        _signer = signer;
    }

    /// <summary>Splits upcoming sessions into single ones and series (by series id, in date order).</summary>
    public static (IReadOnlyList<Session> Singles, IReadOnlyList<IGrouping<string, Session>> Series) Split(IEnumerable<Session> upcoming)
    {
        var list = upcoming.ToList();
        return (list.Where(s => s.SeriesId is null).ToList(),
                list.Where(s => s.SeriesId is not null).OrderBy(s => s.Start).GroupBy(s => s.SeriesId!).ToList());
    }

    /// <summary>Adds one entry per series to a rendered my-sessions card (after its heading), signed.</summary>
    /// <param name="participants">How the pupils of a session are named here (full names in the host's 1:1 chat, else initials).</param>
    public async Task AddToAsync(JObject card, IReadOnlyList<IGrouping<string, Session>> series, Func<Session, Task<string>> participants, CancellationToken ct = default)
    {
        if (series.Count == 0 || card["body"] is not JArray body) return;
        // The card said "no upcoming sessions" because it was given no single sessions; there are series.
        foreach (var empty in body.OfType<JObject>().Where(b => ((string?)b["text"])?.StartsWith("You have no upcoming sessions", StringComparison.Ordinal) == true).ToList())
        {
            empty.Remove();
        }
        var at = 1;
        foreach (var group in series)
        {
            var dates = group.OrderBy(s => s.Start).ToList();
            var first = dates[0];
            var record = await _series.FindAsync(group.Key, ct);
            var often = record?.Frequency == SeriesFrequency.Fortnightly ? "Fortnightly" : "Weekly";
            var items = new JArray
            {
                Text($"**{first.Programme.Display()}** · {often} series {group.Key}", weight: null),
                Text($"{(first.Kind == SessionKind.Group ? "Group" : "One-to-one")} with {await participants(first)} · {dates.Count} date{(dates.Count == 1 ? "" : "s")} to come", subtle: true),
            };
            if (dates.Any(s => s.Status == SessionStatus.AwaitingApproval))
            {
                items.Add(Text("Waiting for a manager's approval (P10)", color: "Warning"));
            }
            foreach (var s in dates)
            {
                items.Add(new JObject
                {
                    ["type"] = "ColumnSet",
                    ["spacing"] = "Small",
                    ["columns"] = new JArray
                    {
                        new JObject
                        {
                            ["type"] = "Column", ["width"] = "stretch", ["verticalContentAlignment"] = "Center",
                            ["items"] = new JArray(Text($"{LocalTimes.ShortDateTime(s.Start, _policy.Zone)} ({s.Id}){(s.Flag is { Length: > 0 } flag ? $" · Needs your attention: {flag}" : "")}")),
                        },
                        new JObject
                        {
                            ["type"] = "Column", ["width"] = "auto",
                            ["items"] = new JArray(new JObject
                            {
                                ["type"] = "ActionSet",
                                ["actions"] = new JArray(
                                    Button("Move", CardVerbs.SessionReschedule, new JObject { ["sessionId"] = s.Id }),
                                    Button("Cancel", CardVerbs.SessionCancel, new JObject { ["sessionId"] = s.Id }, "destructive")),
                            }),
                        },
                    },
                });
            }
            items.Add(new JObject
            {
                ["type"] = "ActionSet",
                ["actions"] = new JArray(Button("Cancel the rest of the series", CancelRest, new JObject { ["seriesId"] = group.Key }, "destructive")),
            });
            body.Insert(at++, _signer.SignActions(new JObject { ["type"] = "Container", ["separator"] = true, ["spacing"] = "Medium", ["items"] = items }));
        }
    }

    /// <summary>"Cancel the remaining 4 dates of series R-…?" with an optional reason.</summary>
    public JObject ConfirmCancelRest(string seriesId, IReadOnlyList<Session> remaining) => _signer.SignActions(new JObject
    {
        ["type"] = "AdaptiveCard",
        ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
        ["version"] = "1.5",
        ["body"] = new JArray(
            Text($"Cancel the rest of series {seriesId}?", weight: "Bolder", size: "Large"),
            Text($"{remaining.Count} date{(remaining.Count == 1 ? "" : "s")}: {string.Join(", ", remaining.Select(s => $"{LocalTimes.ShortDateTime(s.Start, _policy.Zone)} ({s.Id})"))}"),
            Text("For each booked date the guardians get a cancellation e-mail, its Zoom meeting is deleted and your calendar updated. Dates already held stay as they are.", subtle: true),
            new JObject { ["type"] = "Input.Text", ["id"] = "reason", ["label"] = "Reason (optional, for the record)", ["placeholder"] = "e.g. programme ended early" }),
        ["actions"] = new JArray(
            Button("Cancel these dates", CancelRest, new JObject { ["seriesId"] = seriesId, [SessionActionCards.StepField] = SessionActionCards.Confirm }, "destructive"),
            Button("Keep them", CancelRest, new JObject { ["seriesId"] = seriesId, [SessionActionCards.StepField] = SessionActionCards.Keep }, associatedInputs: "none")),
    });

    private static JObject Button(string title, string verb, JObject data, string? style = null, string? associatedInputs = null)
    {
        data["verb"] = verb;
        var action = new JObject { ["type"] = "Action.Execute", ["title"] = title, ["verb"] = verb, ["data"] = data };
        if (style is not null) action["style"] = style;
        if (associatedInputs is not null) action["associatedInputs"] = associatedInputs;
        return action;
    }

    private static JObject Text(string text, string? weight = null, string? size = null, bool subtle = false, string? color = null)
    {
        var block = new JObject { ["type"] = "TextBlock", ["text"] = text, ["wrap"] = true, ["spacing"] = "None" };
        if (weight is not null) block["weight"] = weight;
        if (size is not null) block["size"] = size;
        if (subtle) block["isSubtle"] = true;
        if (color is not null) block["color"] = color;
        return block;
    }
}

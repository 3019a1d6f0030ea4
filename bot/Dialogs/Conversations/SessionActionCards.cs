using Chexs.Bot.CardActions;
using Chexs.Bot.Cards;
using Chexs.Bot.Records;
using Chexs.Bot.Sessions;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Dialogs.Conversations;

/// <summary>
/// The small cards that replace a my-sessions card after Cancel or Reschedule is clicked: "are you sure"
/// with an optional reason, and "when to?" with date and time inputs (or a typed new time) and who will be told;
/// and the confirmation of a typed "reschedule session …". Their buttons carry the same verbs
/// (with a "step") and are signed like every card the bot sends.
/// </summary>
public sealed class SessionActionCards
{
    public const string StepField = "step";
    public const string Confirm = "confirm";
    public const string Move = "move";
    public const string Keep = "keep";

    public const string DateInput = "newDate";
    public const string ClockInput = "newClock";
    public const string TypedInput = "newTime";

    private readonly CardActionSigner _signer;
    private readonly SessionCards _sessionCards;
    private readonly Safeguarding.SafeguardingRecords _records;
    private readonly Safeguarding.SafeguardingOptions _policy;
    private readonly PupilPicker _pupils;

    public SessionActionCards(CardActionSigner signer, SessionCards sessionCards, Safeguarding.SafeguardingRecords records, Safeguarding.SafeguardingOptions policy,
        PupilPicker pupils)
    {
        _signer = signer;
        _sessionCards = sessionCards;
        _records = records;
        _policy = policy;
        _pupils = pupils;
    }

    /// <summary>
    /// Who hears of a move: "Priya Patel and Arjun Patel (Sam Patel's guardians) will get the new time by email; the Zoom
    /// meeting moves and your calendar follows." For the 1:1 chat (names in full).
    /// </summary>
    public async Task<string> WhoIsToldAsync(Session s, CancellationToken ct = default)
    {
        if (s.Status != SessionStatus.Scheduled)
        {
            return "It is still waiting for a manager's approval, so nobody outside CHEXS has heard of it yet; the approver sees the new time.";
        }
        var all = new List<(string Pupil, List<string> Guardians)>();
        foreach (var id in s.PupilIds)
        {
            all.Add((await _pupils.FullNameAsync(id, ct), (await _records.GuardiansOfAsync(id, ct)).Select(g => g.Name).ToList()));
        }
        var families = all
            .Where(f => f.Guardians.Count > 0)
            .Select(f => $"{PupilPicker.NaturalList(f.Guardians)} ({f.Pupil}'s {(f.Guardians.Count == 1 ? "guardian" : "guardians")})")
            .ToList();
        var told = families.Count == 0 ? "The guardians" : PupilPicker.NaturalList(families);
        return $"{told} will get the new time by email; the Zoom meeting moves and your calendar follows.";
    }

    /// <summary>
    /// "Move S-M4D9W?": the old time → the new time, who will be told, the new day and time as date and time inputs
    /// (changeable), a box to type it instead, and Move it / Keep the old time. Like cancel, nothing moves before Move it.
    /// </summary>
    public async Task<JObject> ConfirmMoveAsync(Session s, DateTimeOffset newStart, string? problem = null, CancellationToken ct = default)
    {
        var local = TimeZoneInfo.ConvertTime(newStart, _policy.Zone);
        var body = new List<JObject>
        {
            Text($"Move session {s.Id}?", weight: "Bolder", size: "Large"),
            Text($"{s.Programme.Display()}, with {await _pupils.FullNamesAsync(s.PupilIds, ct)}", subtle: true),
            new()
            {
                ["type"] = "FactSet",
                ["facts"] = new JArray(
                    new JObject { ["title"] = "Now", ["value"] = _sessionCards.WhenText(s) },
                    new JObject { ["title"] = "New time", ["value"] = Safeguarding.LocalTimes.Describe(newStart, s.DurationMinutes, _policy.Zone) }),
            },
            Text(await WhoIsToldAsync(s, ct), subtle: true),
        };
        if (problem is not null) body.Add(Text(problem, color: "Attention"));
        body.AddRange(TimeInputs(DateOnly.FromDateTime(local.DateTime), TimeOnly.FromDateTime(local.DateTime)));
        return Card(body,
        [
            Button("Move it", CardVerbs.SessionMoveConfirm, s.Id, Move, "positive"),
            Button("Keep the old time", CardVerbs.SessionMoveKeep, s.Id, Keep),
        ]);
    }

    /// <summary>Input.Date and Input.Time (filled in), and a box to type the day and time instead.</summary>
    private static IEnumerable<JObject> TimeInputs(DateOnly? date, TimeOnly? time)
    {
        var dateInput = new JObject { ["type"] = "Input.Date", ["id"] = DateInput, ["label"] = "New day" };
        if (date is { } d) dateInput["value"] = d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var timeInput = new JObject { ["type"] = "Input.Time", ["id"] = ClockInput, ["label"] = "New time" };
        if (time is { } t) timeInput["value"] = t.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        yield return new JObject
        {
            ["type"] = "ColumnSet",
            ["columns"] = new JArray(
                new JObject { ["type"] = "Column", ["width"] = "stretch", ["items"] = new JArray(dateInput) },
                new JObject { ["type"] = "Column", ["width"] = "stretch", ["items"] = new JArray(timeInput) }),
        };
        yield return new JObject
        {
            ["type"] = "Input.Text", ["id"] = TypedInput, ["label"] = "Or type it",
            ["placeholder"] = "e.g. Friday at half four, tomorrow 4pm or 28/11 10:00",
        };
    }

    /// <summary>
    /// The new start a submitted card asks for: the typed box when filled in (read like any typed time; a day alone
    /// keeps the old time, a time alone the old day), else the date and time inputs. Null with a sentence when unusable.
    /// </summary>
    /// <param name="shown">The time the card proposed: used when its inputs came back empty or not at all.</param>
    public (DateTimeOffset? Start, string? Problem) NewStartFrom(JObject data, Session s, Parsing.UkDateTimeParser parser, DateTimeOffset? shown = null)
    {
        var typed = ((string?)data[TypedInput])?.Trim();
        if (!string.IsNullOrEmpty(typed))
        {
            return NewStart(parser.ReadAnswer(typed), shown ?? s.Start, parser);
        }
        if (DateOnly.TryParseExact((string?)data[DateInput], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date)
            && TimeOnly.TryParseExact((string?)data[ClockInput], ["HH:mm", "HH:mm:ss"], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var time))
        {
            return Future(parser.At(date, time), parser);
        }
        return shown is { } proposed && string.IsNullOrEmpty((string?)data[DateInput]) && string.IsNullOrEmpty((string?)data[ClockInput])
            ? (proposed, null)
            : (null, "Please give the new day and time (or type them, like \"Friday at half four\").");
    }

    /// <summary>A typed new time: a day alone keeps the time of day of <paramref name="basis"/>, a time alone its day.</summary>
    public (DateTimeOffset? Start, string? Problem) NewStart(Parsing.DateTimeReading reading, DateTimeOffset basis, Parsing.UkDateTimeParser parser) =>
        !reading.IsValid ? (null, reading.Error)
        : NewStart(reading.DateGiven ? reading.Date : null, reading.TimeGiven ? reading.Time : null, basis, parser);

    /// <summary>The new start from a new day and/or time of day; what is not given is kept from <paramref name="basis"/> (the session's time, or the one proposed).</summary>
    public (DateTimeOffset? Start, string? Problem) NewStart(DateOnly? date, TimeOnly? time, DateTimeOffset basis, Parsing.UkDateTimeParser parser)
    {
        var old = TimeZoneInfo.ConvertTime(basis, _policy.Zone);
        if (date is null && time is null)
        {
            return (null, "Please give the new day and time.");
        }
        return Future(parser.At(date ?? DateOnly.FromDateTime(old.DateTime), time ?? TimeOnly.FromDateTime(old.DateTime)), parser);
    }

    private static (DateTimeOffset?, string?) Future(Parsing.DateTimeReading reading, Parsing.UkDateTimeParser parser) =>
        !reading.IsValid ? (null, reading.Error)
        : reading.Start is not { } start ? (null, "Please give a time as well as the day, like \"Tue 16:30\".")
        : start <= parser.UtcNow ? (null, $"{Parsing.UkDates.Short(start, parser.Zone)} has already passed. Please give a time that's still to come.")
        : (start, null);

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
    public async Task<JObject> AskNewTimeAsync(Session s, IEnumerable<string>? problems = null, CancellationToken ct = default)
    {
        var body = new List<JObject>
        {
            Text($"Move session {s.Id}", weight: "Bolder", size: "Large"),
            Text($"{s.Programme.Display()}, now {_sessionCards.WhenText(s)}"),
        };
        body.Add(Text(await WhoIsToldAsync(s, ct), subtle: true));
        body.AddRange((problems ?? []).Select(p => Text(p, color: "Attention")));
        var local = TimeZoneInfo.ConvertTime(s.Start, _policy.Zone);
        body.AddRange(TimeInputs(DateOnly.FromDateTime(local.DateTime), TimeOnly.FromDateTime(local.DateTime)));
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

using Chexs.Bot.Cards;
using Chexs.Bot.Records;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Safeguarding.Rules;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Sessions;

/// <summary>
/// Turns sessions into the data our card templates expect (see cards/samples) and renders them.
/// Who may see what is decided here: full names and the passcode only for the host's personal chat;
/// initials everywhere else (G6); never a join link on any card (P3).
/// </summary>
public sealed class SessionCards
{
    private readonly CardTemplates _cards;
    private readonly IPupilRepository _pupils;
    private readonly IStaffRepository _staff;
    private readonly SafeguardingOptions _policy;

    public SessionCards(CardTemplates cards, IPupilRepository pupils, IStaffRepository staff, SafeguardingOptions policy)
    {
        _cards = cards;
        _pupils = pupils;
        _staff = staff;
        _policy = policy;
    }

    public TimeZoneInfo Zone => _policy.Zone;

    public string WhenText(Session s) => LocalTimes.Describe(s.Start, s.DurationMinutes, _policy.Zone);

    public static string LengthText(int minutes) => minutes == 60 ? "1 hour" : minutes % 60 == 0 ? $"{minutes / 60} hours" : $"{minutes} minutes";

    public async Task<string> StaffNameAsync(string id, CancellationToken ct = default) => (await _staff.FindAsync(id, ct))?.DisplayName ?? "a staff member";

    public async Task<List<Pupil>> PupilsAsync(Session s, CancellationToken ct = default)
    {
        var pupils = new List<Pupil>();
        foreach (var id in s.PupilIds)
        {
            if (await _pupils.FindAsync(id, ct) is { } p) pupils.Add(p);
        }
        return pupils;
    }

    /// <param name="inHostsPersonalChat">True only when the card goes to the host's own 1:1 chat with the bot.</param>
    /// <param name="includePasscode">Show the passcode (host's 1:1 chat only; never on the stored copy).</param>
    public async Task<JObject> ConfirmationAsync(Session s, bool inHostsPersonalChat, bool includePasscode, CancellationToken ct = default)
    {
        var pupils = await PupilsAsync(s, ct);
        var data = new JObject
        {
            ["sessionRef"] = s.Id,
            ["programme"] = s.Programme.Display(),
            ["whenText"] = WhenText(s),
            ["lengthText"] = LengthText(s.DurationMinutes),
            ["kind"] = s.Kind == SessionKind.Group ? "Group" : "One-to-one",
            ["participants"] = new JArray(pupils.Select(p => new JObject { ["name"] = inHostsPersonalChat ? p.FullName : p.Initials })),
            ["checklist"] = new JArray(HostChecklist.For(s).Select(i => new JObject { ["text"] = i.Text })),
            ["isSimulated"] = s.Meeting?.Simulated == true,
        };
        if (includePasscode && inHostsPersonalChat && s.Meeting is { Passcode.Length: > 0 } m)
        {
            data["passcode"] = m.Passcode;
        }
        return _cards.Render(CardNames.BookingConfirmation, data);
    }

    public async Task<JObject> ApprovalRequestAsync(Session s, PolicyVerdict verdict, CancellationToken ct = default)
    {
        var pupils = await PupilsAsync(s, ct);
        var checks = verdict.Findings.Select(f => new JObject { ["ruleId"] = f.RuleId, ["text"] = f.RedactedMessage }).ToList();
        checks.Insert(0, new JObject { ["ruleId"] = RuleCatalogue.Consent.Id, ["text"] = $"All {pupils.Count} have a consent covering the date, recording and group sessions." });
        var data = new JObject
        {
            ["sessionId"] = s.Id,
            ["sessionRef"] = s.Id,
            ["requester"] = await StaffNameAsync(s.CreatedBy, ct),
            ["programme"] = s.Programme.Display(),
            ["whenText"] = WhenText(s),
            ["lengthText"] = LengthText(s.DurationMinutes),
            ["participants"] = new JArray(pupils.Select(p => new JObject { ["initials"] = p.Initials })),
            ["checks"] = new JArray(checks),
        };
        return _cards.Render(CardNames.ApprovalRequest, data);
    }

    /// <summary>
    /// The approval request for a group series: the single-session card for the first date, retitled, with every date
    /// listed and the dates that will not run (and the rule that stops each). Approve decides all of them (P10).
    /// </summary>
    public async Task<JObject> SeriesApprovalRequestAsync(BookingSeries series, IReadOnlyList<Session> sessions, SeriesVerdict verdict, CancellationToken ct = default)
    {
        var card = await ApprovalRequestAsync(sessions[0], verdict.Passing[0].Verdict, ct);
        if (card["body"] is not JArray body) return card;
        body[0]["text"] = $"Group series needs approval: {sessions.Count} dates";
        body[1]["text"] = $"{await StaffNameAsync(series.CreatedBy, ct)} asks to run this group session on {sessions.Count} dates. One approval covers every date; a manager must approve before any meeting is created or any invitation is sent (P10).";
        if (body[2]["facts"] is JArray facts)
        {
            facts[0]["value"] = $"{series.Id} ({string.Join(", ", sessions.Select(s => s.Id))})";
            facts[2]["value"] = string.Join("; ", sessions.Select(s => LocalTimes.ShortDateTime(s.Start, _policy.Zone)));
        }
        if (verdict.Blocked.Count > 0)
        {
            body.Insert(3, new JObject
            {
                ["type"] = "TextBlock",
                ["wrap"] = true,
                ["text"] = "Not included: " + string.Join("; ", verdict.Blocked.Select(d =>
                    $"{LocalTimes.ShortDate(d.Start, _policy.Zone)} ({string.Join(", ", d.Verdict.Blocks.Select(f => f.RuleId).Distinct())})")),
            });
        }
        return card;
    }

    public async Task<JObject> ApprovalOutcomeAsync(Session s, CancellationToken ct = default)
    {
        var decision = s.Approval;
        var data = new JObject
        {
            ["approved"] = decision?.Approved == true,
            ["sessionRef"] = s.Id,
            ["requester"] = await StaffNameAsync(s.CreatedBy, ct),
            ["programme"] = s.Programme.Display(),
            ["whenText"] = WhenText(s),
            ["participants"] = new JArray((await PupilsAsync(s, ct)).Select(p => new JObject { ["initials"] = p.Initials })),
            ["decidedBy"] = decision?.DecidedByName ?? "",
            ["decidedAtText"] = decision is null ? "" : $"{LocalTimes.ShortDate(decision.DecidedAt, _policy.Zone)}, {LocalTimes.TimeOfDay(decision.DecidedAt, _policy.Zone)}",
        };
        if (!string.IsNullOrWhiteSpace(decision?.Reason))
        {
            data["reason"] = decision.Reason;
        }
        return _cards.Render(CardNames.ApprovalOutcome, data);
    }
}

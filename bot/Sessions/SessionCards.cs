using Chexs.Bot.Cards;
using Chexs.Bot.Records;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Safeguarding.Rules;
using Chexs.Bot.Storage;
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
    private readonly ChexsDatabase _db;
    private readonly SafeguardingOptions _policy;

    public SessionCards(CardTemplates cards, ChexsDatabase db, SafeguardingOptions policy)
    {
        _cards = cards;
        _db = db;
        _policy = policy;
    }

    public string WhenText(Session s) => LocalTimes.Describe(s.Start, s.DurationMinutes, _policy.Zone);

    public static string LengthText(int minutes) => minutes == 60 ? "1 hour" : minutes % 60 == 0 ? $"{minutes / 60} hours" : $"{minutes} minutes";

    public string StaffName(string id) => _db.Staff.FindById(id)?.DisplayName ?? "a staff member";

    private List<Pupil> Pupils(Session s) => s.PupilIds.Select(id => _db.Pupils.FindById(id)).Where(p => p is not null).ToList()!;

    /// <param name="inHostsPersonalChat">True only when the card goes to the host's own 1:1 chat with the bot.</param>
    /// <param name="includePasscode">Show the passcode (host's 1:1 chat only; never on the stored copy).</param>
    public JObject Confirmation(Session s, bool inHostsPersonalChat, bool includePasscode)
    {
        var pupils = Pupils(s);
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

    public JObject ApprovalRequest(Session s, PolicyVerdict verdict)
    {
        var pupils = Pupils(s);
        var checks = verdict.Findings.Select(f => new JObject { ["ruleId"] = f.RuleId, ["text"] = f.RedactedMessage }).ToList();
        checks.Insert(0, new JObject { ["ruleId"] = RuleCatalogue.Consent.Id, ["text"] = $"All {pupils.Count} have a consent covering the date, recording and group sessions." });
        var data = new JObject
        {
            ["sessionId"] = s.Id,
            ["sessionRef"] = s.Id,
            ["requester"] = StaffName(s.CreatedBy),
            ["programme"] = s.Programme.Display(),
            ["whenText"] = WhenText(s),
            ["lengthText"] = LengthText(s.DurationMinutes),
            ["participants"] = new JArray(pupils.Select(p => new JObject { ["initials"] = p.Initials })),
            ["checks"] = new JArray(checks),
        };
        return _cards.Render(CardNames.ApprovalRequest, data);
    }

    public JObject ApprovalOutcome(Session s)
    {
        var decision = s.Approval;
        var data = new JObject
        {
            ["approved"] = decision?.Approved == true,
            ["sessionRef"] = s.Id,
            ["requester"] = StaffName(s.CreatedBy),
            ["programme"] = s.Programme.Display(),
            ["whenText"] = WhenText(s),
            ["participants"] = new JArray(Pupils(s).Select(p => new JObject { ["initials"] = p.Initials })),
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

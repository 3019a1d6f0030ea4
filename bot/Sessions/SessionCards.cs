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
    private readonly IGuardianRepository _guardians;
    private readonly TimeProvider _clock;

    public SessionCards(CardTemplates cards, IPupilRepository pupils, IStaffRepository staff, SafeguardingOptions policy, IGuardianRepository guardians, TimeProvider clock)
    {
        _cards = cards;
        _pupils = pupils;
        _staff = staff;
        _policy = policy;
        _guardians = guardians;
        _clock = clock;
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

    /// <summary>
    /// Who the guardians' invitations go to, one line each (P3): "Priya Patel (mother), for Sam Patel" in the host's
    /// 1:1 chat; "Mother of S.P." anywhere else (G6). Read from the records linked both ways, as the invitations are.
    /// </summary>
    public async Task<List<string>> GuardianLinesAsync(Session s, bool inPrivateChat, CancellationToken ct = default)
    {
        var lines = new List<string>();
        foreach (var pupil in await PupilsAsync(s, ct))
        {
            foreach (var g in await _guardians.OfPupilAsync(pupil.Id, ct))
            {
                if (Invitations.GuardianRecipients.WhyNot(pupil, g) is not null) continue;
                var relationship = string.IsNullOrWhiteSpace(g.Relationship) ? "guardian" : g.Relationship.Trim().ToLowerInvariant();
                lines.Add(inPrivateChat
                    ? $"{g.Name} ({relationship}), for {pupil.FullName}"
                    : $"{char.ToUpperInvariant(relationship[0])}{relationship[1..]} of {pupil.Initials}");
            }
        }
        return lines;
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
            ["guardians"] = new JArray((await GuardianLinesAsync(s, inHostsPersonalChat, ct)).Select(t => new JObject { ["text"] = t })),
        };
        // The buttons carry only the session id; the start link is fetched when Start is pressed, never kept here.
        SessionButtons.AddTo(data, s, s.HostId, _clock.GetUtcNow(), inHostsPersonalChat);
        if (includePasscode && inHostsPersonalChat && s.Meeting is { Passcode.Length: > 0 } m)
        {
            data["passcode"] = m.Passcode;
        }
        return _cards.Render(CardNames.BookingConfirmation, data);
    }

    /// <summary>
    /// The approval request (P10). <paramref name="inPrivateChat"/>: the approver's own 1:1 chat, where pupils are named in
    /// full with their age and school year on the session date so the manager knows exactly who; initials in the managers'
    /// channel (G6). One line per rule, saying what was found (the fixes are written for the booker, so they stay out).
    /// </summary>
    public async Task<JObject> ApprovalRequestAsync(Session s, PolicyVerdict verdict, bool inPrivateChat, CancellationToken ct = default)
    {
        var pupils = await PupilsAsync(s, ct);
        var audience = inPrivateChat ? Audience.Personal : Audience.Shared;
        var checks = new List<JObject>
        {
            new() { ["ruleId"] = RuleCatalogue.Consent.Id, ["text"] = $"{(pupils.Count == 1 ? "The pupil has" : $"All {pupils.Count} have")} a consent covering the date, recording and group sessions." },
        };
        // P10 is what this card is; P15 is shown once a day on its own banner, not on every card.
        var skip = new HashSet<string>(StringComparer.Ordinal) { RuleCatalogue.GroupSessions.Id, RuleCatalogue.PolicyReview.Id };
        foreach (var rule in verdict.Findings.Where(f => !skip.Contains(f.RuleId)).GroupBy(f => f.RuleId))
        {
            checks.Add(new JObject { ["ruleId"] = rule.Key, ["text"] = string.Join(" ", rule.Select(f => Sentence(f.ProblemFor(audience))).Distinct()) });
        }
        var date = LocalTimes.LocalDate(s.Start, _policy.Zone);
        var requester = await StaffNameAsync(s.CreatedBy, ct);
        var data = new JObject
        {
            ["sessionId"] = s.Id,
            ["sessionRef"] = s.Id,
            ["summary"] = $"{requester} asks for {("AEIOU".Contains(s.Programme.Display()[0]) ? "an" : "a")} {s.Programme.Display()} group session with {pupils.Count} pupil{(pupils.Count == 1 ? "" : "s")}, {WhenText(s)}.",
            ["requester"] = requester,
            ["programme"] = s.Programme.Display(),
            ["whenText"] = WhenText(s),
            ["lengthText"] = LengthText(s.DurationMinutes),
            ["participants"] = new JArray(pupils.Select(p => new JObject
            {
                ["name"] = inPrivateChat
                    ? $"{p.FullName} ({PupilAge.YearsOn(p.DateOfBirth, date)}, {PupilAge.SchoolYear(p.DateOfBirth, date)}{(string.IsNullOrWhiteSpace(p.School) ? "" : ", " + p.School)})"
                    : p.Initials,
            })),
            ["checks"] = new JArray(checks),
        };
        return _cards.Render(CardNames.ApprovalRequest, data);
    }

    /// <summary>
    /// The approval request for a group series: the single-session card for the first date, retitled, with every date
    /// listed and the dates that will not run (and the rule that stops each). Approve decides all of them (P10).
    /// </summary>
    public async Task<JObject> SeriesApprovalRequestAsync(BookingSeries series, IReadOnlyList<Session> sessions, SeriesVerdict verdict, bool inPrivateChat, CancellationToken ct = default)
    {
        var card = await ApprovalRequestAsync(sessions[0], verdict.Passing[0].Verdict, inPrivateChat, ct);
        if (card["body"] is not JArray body) return card;
        body[0]["text"] = $"Group series needs approval: {sessions.Count} dates";
        body[1]["text"] = $"{await StaffNameAsync(series.CreatedBy, ct)} asks to run this group session on {sessions.Count} dates. One approval covers every date; a manager must approve before any meeting is created or any invitation is sent (P10).";
        if (body[2]["facts"] is JArray facts)
        {
            // The template's facts: Requested by, Reference, Programme, When, Length.
            foreach (var fact in facts)
            {
                switch ((string?)fact["title"])
                {
                    case "Reference": fact["value"] = $"{series.Id} ({string.Join(", ", sessions.Select(s => s.Id))})"; break;
                    case "When": fact["value"] = string.Join("; ", sessions.Select(s => LocalTimes.ShortDateTime(s.Start, _policy.Zone))); break;
                }
            }
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

    /// <summary>"the policy … was due" → "The policy … was due": a finding's problem as a sentence of its own.</summary>
    private static string Sentence(string text) =>
        text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>
    /// What the requester gets when a manager says no (their own 1:1 chat, so full names): who decided, why, that
    /// nothing was booked, and "Change and resend", which opens the booking again filled in with this request.
    /// </summary>
    public async Task<JObject> RejectedAsync(Session s, CancellationToken ct = default)
    {
        var decision = s.Approval;
        return _cards.Render(CardNames.BookingRejected, new JObject
        {
            ["sessionId"] = s.Id,
            ["sessionRef"] = s.Id,
            ["programme"] = s.Programme.Display(),
            ["whenText"] = WhenText(s),
            ["participants"] = new JArray((await PupilsAsync(s, ct)).Select(p => new JObject { ["name"] = p.FullName })),
            ["decidedBy"] = decision?.DecidedByName ?? "a manager",
            ["reason"] = decision?.Reason ?? "",
        });
    }

    /// <summary>
    /// The card a host sees after pressing Start meeting: the fresh start link as a button. Returned to the click only
    /// (the invoke response), never posted as a message or stored, and only ever for the host (P2, P3).
    /// </summary>
    public async Task<JObject> StartAsync(Session s, string startUrl, CancellationToken ct = default) =>
        _cards.Render(CardNames.SessionStart, new JObject
        {
            ["sessionId"] = s.Id,
            ["sessionRef"] = s.Id,
            ["programme"] = s.Programme.Display(),
            ["whenText"] = WhenText(s),
            ["participants"] = new JArray((await PupilsAsync(s, ct)).Select(p => new JObject { ["name"] = p.FullName })),
            ["hasUnder14"] = s.AdultPresenceRequired,
            ["isSimulated"] = s.Meeting?.Simulated == true,
            ["startUrl"] = startUrl,
        });

    /// <param name="inPrivateChat">The card was in a manager's own 1:1 chat (full names); else initials (G6).</param>
    public async Task<JObject> ApprovalOutcomeAsync(Session s, bool inPrivateChat = false, CancellationToken ct = default)
    {
        var decision = s.Approval;
        var data = new JObject
        {
            ["approved"] = decision?.Approved == true,
            ["sessionRef"] = s.Id,
            ["requester"] = await StaffNameAsync(s.CreatedBy, ct),
            ["programme"] = s.Programme.Display(),
            ["whenText"] = WhenText(s),
            ["participants"] = new JArray((await PupilsAsync(s, ct)).Select(p => new JObject { ["name"] = inPrivateChat ? p.FullName : p.Initials })),
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

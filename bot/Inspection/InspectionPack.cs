using System.Globalization;
using Chexs.Bot.Concerns;
using Chexs.Bot.Records;
using Chexs.Bot.Reminders;
using Chexs.Bot.RightsRequests;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Safeguarding.Rules;
using Chexs.Bot.Storage;

namespace Chexs.Bot.Inspection;

/// <summary>
/// <c>export inspection --from --to</c>: the evidence an inspector (or a funder, or the trustees) asks for, for the
/// sessions that started in a date range: the policy the bot enforced; per session who booked and who approved, each
/// pupil's consent, the safe Zoom settings, the recording, attendance, reminders, checklist ticks and how many
/// concerns were raised; and a one-page summary with the exceptions first. Pupils appear by reference and initials
/// only (G6). The document depends only on the stored data and the range (no "generated at"), so the same data gives
/// the same bytes: a golden-file test holds it to that.
/// </summary>
public sealed class InspectionPack(
    ISessionRepository sessions, IPupilRepository pupils, IConsentRepository consents, IStaffRepository staff, IReminderRepository reminders,
    IAuditTrail audit, IConcernCounts concerns, OrgCalendar calendar, SafeguardingOptions policy)
{
    public static string FileName(DateOnly from, DateOnly to) => $"inspection-{from:yyyy-MM-dd}-to-{to:yyyy-MM-dd}.md";

    public async Task<string> BuildAsync(DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        if (to < from) throw new ArgumentException("The end date is before the start date.");
        var start = calendar.StartOfLocalDay(from);
        var end = calendar.StartOfLocalDay(to.AddDays(1));
        var inRange = (await sessions.StartingBetweenAsync(start, end, ct))
            .Where(s => s.Start < end && s.Status != SessionStatus.Draft)
            .OrderBy(s => s.Start).ThenBy(s => s.Id, StringComparer.Ordinal).ToList();
        var names = (await staff.AllAsync(ct)).ToDictionary(s => s.Id, s => s.DisplayName, StringComparer.Ordinal);
        string Name(string? id) => id is null ? "" : names.TryGetValue(id, out var n) && n.Length > 0 ? n : id;
        var initials = (await pupils.AllAsync(ct)).ToDictionary(p => p.Id, p => p.Initials, StringComparer.Ordinal);
        var auditBySession = (await audit.AllAsync(ct)).Where(a => a.Records.Count > 0)
            .GroupBy(a => a.Records[0], StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);

        var pages = new List<SessionPage>();
        foreach (var s in inRange)
        {
            var page = new SessionPage(s);
            pages.Add(page);
            await DescribeAsync(page, Name, initials, auditBySession.GetValueOrDefault(s.Id) ?? [], ct);
        }
        return Render(from, to, pages);
    }

    private sealed class SessionPage(Session session)
    {
        public Session Session { get; } = session;
        public List<(string Field, string Value)> Facts { get; } = new();
        public List<string> Exceptions { get; } = new();
        public bool Held { get; set; }
        public int Concerns { get; set; }
    }

    private string When(DateTimeOffset? at) => at is { } a ? calendar.LocalDateTime(a).ToString("ddd d MMM yyyy HH:mm", CultureInfo.InvariantCulture) : "";

    private async Task DescribeAsync(SessionPage page, Func<string?, string> name, IReadOnlyDictionary<string, string> initials, List<AuditEvent> lines, CancellationToken ct)
    {
        var s = page.Session;
        var a = s.Activity;
        var held = s.Status == SessionStatus.Completed || a?.StartedAt is not null;
        page.Held = held;
        void Fact(string field, string value) => page.Facts.Add((field, value));

        Fact("when", $"{When(s.Start)}, {s.DurationMinutes} min");
        Fact("programme / kind", $"{s.Programme.Display()}, {(s.Kind == SessionKind.OneToOne ? "one-to-one" : "group")}");
        Fact("status", s.Status + (s.CancelledReason is { } r ? $" ({r})" : ""));
        Fact("host", name(s.HostId) + (s.CoHostId is { } co ? $"; co-host {name(co)}" : ""));
        Fact("booked by", $"{name(s.CreatedBy)}, {When(s.CreatedAt)}");
        if (s.Approval is { } ap)
            Fact("approval (P10)", $"{(ap.Approved ? "approved" : "rejected")} by {(ap.DecidedByName.Length > 0 ? ap.DecidedByName : name(ap.DecidedBy))}, {When(ap.DecidedAt)}{(ap.Reason is { Length: > 0 } why ? $" ({why})" : "")}");
        else
        {
            Fact("approval (P10)", s.Kind == SessionKind.Group ? "none recorded" : "not needed (one-to-one)");
            if (s.Kind == SessionKind.Group && s.Status is SessionStatus.Scheduled or SessionStatus.Completed) page.Exceptions.Add("group session without a recorded approval (P10)");
        }

        // Consent (P4): the consent that covered each pupil on the day, as recorded.
        if (s.PupilIds.Count == 0)
            Fact("pupils and consent (P4)", s.ParticipantCount is { } n ? $"{n} pupil(s), names removed by retention (G3)" : "none");
        foreach (var pupilId in s.PupilIds)
        {
            var who = $"{(initials.TryGetValue(pupilId, out var i) ? i : "?")} ({pupilId})";
            var day = calendar.LocalDate(s.Start);
            var c = (await consents.OfPupilAsync(pupilId, ct))
                .Where(c => c.Kind == ConsentKind.Session ? c.SessionId == s.Id : c.AcademicYearStart == calendar.AcademicYearOf(day))
                .OrderBy(c => c.Withdrawal is null ? 0 : 1).ThenBy(c => c.Id, StringComparer.Ordinal).FirstOrDefault();
            if (c is null)
            {
                Fact($"consent: {who}", "no consent record covering this session");
                if (s.Status is SessionStatus.Scheduled or SessionStatus.Completed) page.Exceptions.Add($"no consent on record for {who} (P4)");
                continue;
            }
            var covers = string.Join(", ", new[] { ConsentScope.Participation, ConsentScope.Recording, ConsentScope.Group }.Where(f => c.Covers.HasFlag(f)).Select(f => f.ToString().ToLowerInvariant()));
            var withdrawn = c.Withdrawal is { } w ? $"; withdrawn {When(w.At)}" : "";
            Fact($"consent: {who}", $"{c.Id}, form {c.Evidence}, {(c.Kind == ConsentKind.Annual ? $"annual {OrgCalendar.AcademicYearLabel(c.AcademicYearStart ?? 0)}" : "this session")}, given {c.GivenOn:yyyy-MM-dd}, covers {covers}{withdrawn}");
            if (c.Withdrawal is { } wd && wd.At <= s.Start && s.Status is SessionStatus.Scheduled or SessionStatus.Completed)
                page.Exceptions.Add($"consent for {who} was withdrawn before the session (P4)");
            if (!c.Covers.HasFlag(ConsentScope.Recording) && s.Status is SessionStatus.Scheduled or SessionStatus.Completed)
                page.Exceptions.Add($"consent for {who} does not cover recording (P4, P5)");
        }

        // Safe settings (P5–P7, P13): the bot books only a meeting whose settings it read back from Zoom.
        var refused = lines.Count(l => l.Action == "zoom.meeting.settings_refused");
        if (s.Meeting is null)
            Fact("Zoom safe settings", s.Status is SessionStatus.Cancelled or SessionStatus.Rejected or SessionStatus.AwaitingApproval ? "no meeting (not booked)" : "no meeting recorded");
        else if (s.Meeting.Simulated)
        {
            Fact("Zoom safe settings", $"meeting {s.Meeting.MeetingId} was simulated (development), not a real Zoom meeting");
            page.Exceptions.Add("simulated Zoom meeting, not a real one");
        }
        else
            Fact("Zoom safe settings", $"meeting {s.Meeting.MeetingId}, created {When(s.Meeting.CreatedAt)}: cloud recording, passcode, waiting room for everyone, no join before host, no Zoom sign-in, read back from Zoom and confirmed before booking");
        if (refused > 0) Fact("Zoom settings refused", $"{refused} time(s) Zoom did not keep a safe setting; those meetings were deleted and not used");

        // Recording (P5) and attendance, as Zoom reported them.
        if (!held)
            Fact("recording (P5)", "session not held");
        else if (a?.RecordingCompletedAt is { } done)
            Fact("recording (P5)", $"found: Zoom reported the recording complete at {When(done)}");
        else
        {
            Fact("recording (P5)", "missing: Zoom reported no completed recording" + (lines.Any(l => l.Action == "recording.missing") ? " (managers were alerted)" : ""));
            page.Exceptions.Add("recording missing (P5)");
        }
        Fact("attendance", a is null
            ? "no Zoom events received"
            : $"started {When(a.StartedAt)}, ended {When(a.EndedAt)}; host {(a.HostPresent ? "present" : "not seen")}; {a.ParticipantsJoined} joined, {a.ParticipantsLeft} left (besides the host)");

        // Reminders (G5).
        var sent = (await reminders.ForSessionAsync(s.Id, ct)).OrderBy(x => x.DueAt).ThenBy(x => x.Audience).ToList();
        Fact("reminders (G5)", sent.Count == 0 ? "none"
            : string.Join("; ", sent.Select(x => $"{x.Audience.ToString().ToLowerInvariant()} {Offset(x.OffsetMinutes)} before: {x.Status.ToString().ToLowerInvariant()}{(x.SentAt is { } at ? $" {When(at)}" : "")}{(x.SentLate ? " (late)" : "")}")));
        if (held && sent.Any(x => x.Status != ReminderStatus.Sent)) page.Exceptions.Add("a reminder was not sent (G5)");

        // The host's checklist (P5, P7, P8, P9).
        var tick = s.Checklist;
        Fact("host checklist", tick is null ? "not ticked"
            : $"waiting room {YesNo(tick.WaitingRoom)}, locked {YesNo(tick.Locked)}, recording {YesNo(tick.Recording)}, adult present {YesNo(tick.AdultPresent)}{(s.AdultPresenceRequired ? " (required, P9)" : "")}; by {(tick.UpdatedBy is null ? "" : name(tick.UpdatedBy))} {When(tick.UpdatedAt)}");
        if (held && (tick is null || !tick.WaitingRoom || !tick.Locked || !tick.Recording || s.AdultPresenceRequired && !tick.AdultPresent))
            page.Exceptions.Add("host checklist incomplete (P5, P7, P8, P9)");

        page.Concerns = await concerns.CountForSessionAsync(s.Id, ct);
        Fact("concerns raised (P14)", page.Concerns.ToString(CultureInfo.InvariantCulture));
    }

    private static string YesNo(bool b) => b ? "yes" : "no";

    private static string Offset(int minutes) => minutes % 60 == 0 ? $"{minutes / 60} h" : $"{minutes} min";

    private string Render(DateOnly from, DateOnly to, List<SessionPage> pages)
    {
        var md = new MarkdownWriter();
        md.Heading(1, $"CHEXS video sessions: inspection pack, {from:d MMM yyyy} to {to:d MMM yyyy}");
        md.Paragraph($"Sessions that started between {from:dddd d MMMM yyyy} and {to:dddd d MMMM yyyy} inclusive, UK time ({calendar.Zone.Id}). " +
                     "Pupils appear by initials and reference only. Built from the CHEXS booking bot's records.");
        md.Heading(2, "Summary");
        var review = to > policy.PolicyReviewDate ? $" Its review date, {policy.PolicyReviewDate:d MMM yyyy}, had passed by the end of the period (P15)." : $" Review date: {policy.PolicyReviewDate:d MMM yyyy}.";
        md.Paragraph($"Policy in force: {policy.PolicyVersion}.{review}");
        var booked = pages.Count(p => p.Session.Status is SessionStatus.Scheduled or SessionStatus.Completed);
        md.Table(["", "sessions"], [
            ["booked (scheduled or held)", booked.ToString(CultureInfo.InvariantCulture)],
            ["held", pages.Count(p => p.Held).ToString(CultureInfo.InvariantCulture)],
            ["cancelled", pages.Count(p => p.Session.Status == SessionStatus.Cancelled).ToString(CultureInfo.InvariantCulture)],
            ["rejected", pages.Count(p => p.Session.Status == SessionStatus.Rejected).ToString(CultureInfo.InvariantCulture)],
            ["awaiting approval", pages.Count(p => p.Session.Status == SessionStatus.AwaitingApproval).ToString(CultureInfo.InvariantCulture)],
            ["with exceptions", pages.Count(p => p.Exceptions.Count > 0).ToString(CultureInfo.InvariantCulture)],
            ["concerns raised", pages.Sum(p => p.Concerns).ToString(CultureInfo.InvariantCulture)],
        ], "");
        md.Heading(3, "Exceptions");
        var exceptions = pages.SelectMany(p => p.Exceptions.Select(e => (IReadOnlyList<string>)[p.Session.Id, When(p.Session.Start), e])).ToList();
        md.Table(["session", "when", "exception"], exceptions, "None: every session in the period met the checks below.");
        md.Heading(3, "Sessions");
        md.Table(["session", "when", "kind", "status", "host", "pupils", "exceptions"],
            pages.Select(p => (IReadOnlyList<string>)[
                p.Session.Id, When(p.Session.Start), p.Session.Kind == SessionKind.OneToOne ? "one-to-one" : "group", p.Session.Status.ToString(),
                p.Facts.First(f => f.Field == "host").Value, (p.Session.PupilIds.Count > 0 ? p.Session.PupilIds.Count : p.Session.ParticipantCount ?? 0).ToString(CultureInfo.InvariantCulture),
                p.Exceptions.Count.ToString(CultureInfo.InvariantCulture),
            ]), "No sessions in this period.");
        md.Heading(2, "The rules the bot enforced");
        md.Table(["rule", "title"], RuleCatalogue.All.Select(r => (IReadOnlyList<string>)[r.Id, r.Title]), "");
        foreach (var p in pages)
        {
            md.Heading(2, $"Session {p.Session.Id}");
            md.Table(["", ""], p.Facts.Select(f => (IReadOnlyList<string>)[f.Field, f.Value]), "");
            md.Paragraph(p.Exceptions.Count == 0 ? "Exceptions: none." : "Exceptions: " + string.Join("; ", p.Exceptions) + ".");
        }
        return md.ToString();
    }
}

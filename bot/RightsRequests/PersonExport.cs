using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Chexs.Bot.Records;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Storage;

namespace Chexs.Bot.RightsRequests;

/// <summary>A person's data as files: one readable document and the same facts as JSON.</summary>
public sealed record PersonFiles(PersonRef Person, string FileStem, string Markdown, string Json);

/// <summary>
/// <c>export person</c>: everything the bot holds about a pupil or a guardian, for a subject access request (UK GDPR
/// Art. 15; answer within one month). Left out, and said so in the document:
/// join links and passcodes (a key to a children's meeting, not information about the person; cleared once sent anyway),
/// other pupils' names (initials only), a pupil's guardians' contact details (the guardians' own data).
/// Safeguarding concern records are not in the file: whether any of them can be disclosed is the Designated
/// Safeguarding Lead's decision (DPA 2018 Sch. 3 exemptions), so only the manager is told how many exist.
/// The export itself is audited, naming the person only by reference.
/// </summary>
public sealed class PersonExport(PersonHoldingsReader reader, OrgCalendar calendar, SafeguardingOptions policy, IAuditTrail audit, TimeProvider clock)
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Builds the files without handing them to anyone (e.g. to offer them in Teams); null when the record has gone.</summary>
    public async Task<PersonFiles?> BuildAsync(PersonRef person, CancellationToken ct = default)
    {
        var h = await reader.ReadAsync(person, ct);
        if (h is null) return null;
        var now = clock.GetUtcNow();
        return new PersonFiles(person, FileStem(person, calendar.LocalDate(now)), Markdown(h, now), Json(h, now));
    }

    /// <summary>Builds the files and audits the export (the data leaves the bot); null when the person's record has gone meanwhile.</summary>
    public async Task<PersonFiles?> ExportAsync(PersonRef person, string actor, CancellationToken ct = default)
    {
        var h = await reader.ReadAsync(person, ct);
        if (h is null) return null;
        var now = clock.GetUtcNow();
        var files = new PersonFiles(person, FileStem(person, calendar.LocalDate(now)), Markdown(h, now), Json(h, now));
        await audit.AppendAsync(now, actor, "person.exported", [person.Kind == PersonKind.Pupil ? person.Id : AuditName(person)],
            $"Subject access export of a {person.Kind.ToString().ToLowerInvariant()}: {h.Consents.Count} consent(s), {h.Sessions.Count} session(s), {h.Emails.Count} e-mail(s), {h.AuditLines.Count} audit line(s)", ct);
        return files;
    }

    /// <summary>Audit lines name a guardian by record id, which is their e-mail address, as every other line about them does.</summary>
    private static string AuditName(PersonRef person) => person.Id;

    public static string FileStem(PersonRef person, DateOnly on) =>
        $"person-{Safe(person.Kind == PersonKind.Pupil ? person.Id : "guardian")}-{on:yyyy-MM-dd}";

    private static string Safe(string s) => new(s.Select(c => char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '-').ToArray());

    private string When(DateTimeOffset? at) => at is { } a ? calendar.LocalDateTime(a).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "";

    private string Markdown(PersonHoldings h, DateTimeOffset now)
    {
        var md = new MarkdownWriter();
        md.Heading(1, $"Personal data held by CHEXS Bot about {h.Person.Name}");
        md.Paragraph($"Exported {calendar.LocalDate(now):d MMMM yyyy} from the CHEXS booking bot, for a request under UK GDPR. " +
                     $"Times are UK time ({calendar.Zone.Id}). This covers what the bot itself stores; spreadsheets, e-mail and Zoom are separate.");
        if (h.Pupil is { } p)
        {
            md.Heading(2, "Pupil record");
            md.Table(["field", "value"], [
                ["reference", p.Id], ["first name", p.FirstName], ["last name", p.LastName],
                ["date of birth", p.DateOfBirth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)],
                ["programmes", string.Join(", ", p.Programmes.Select(x => x.Display()))], ["school or group", p.School],
            ], "");
            md.Heading(2, "Parents and guardians on the record");
            md.Table(["name", "relationship"], h.LinkedGuardians.Select(g => (IReadOnlyList<string>)[g.Name, g.Relationship]), "None.");
        }
        if (h.Guardian is { } g0)
        {
            md.Heading(2, "Guardian record");
            md.Table(["field", "value"], [
                ["name", g0.Name], ["relationship", g0.Relationship], ["e-mail", g0.Email], ["phone", g0.Phone ?? ""],
            ], "");
            md.Heading(2, "Children linked to this guardian");
            md.Table(["reference", "name"], h.LinkedPupils.Select(x => (IReadOnlyList<string>)[x.Id, x.FullName]), "None.");
        }
        md.Heading(2, h.Pupil is not null ? "Consents" : "Consents given by this guardian");
        md.Table(["reference", "pupil", "kind", "covers", "given on", "form reference", "recorded by", "recorded at", "withdrawn"],
            h.Consents.Select(c => (IReadOnlyList<string>)[
                c.Id, c.PupilId, Covering(c), c.Covers.ToString(), c.GivenOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), c.Evidence,
                h.StaffName(c.RecordedBy), When(c.RecordedAt),
                c.Withdrawal is { } w ? $"{When(w.At)} ({w.Reason})" : "",
            ]), "None.");
        md.Heading(2, h.Pupil is not null ? "Sessions they were in" : "Sessions they were e-mailed about");
        md.Paragraph("Other pupils in a session are shown by initials only.");
        md.Table(["session", "start", "minutes", "programme", "kind", "status", "host", "pupils", "Zoom meeting"],
            h.Sessions.Select(s => (IReadOnlyList<string>)[
                s.Id, When(s.Start), s.DurationMinutes.ToString(CultureInfo.InvariantCulture), s.Programme.Display(),
                s.Kind == SessionKind.OneToOne ? "one-to-one" : "group", s.Status + (s.CancelledReason is { } r ? $" ({r})" : ""),
                h.StaffName(s.HostId), PupilsOf(h, s), s.Meeting is { } m ? m.MeetingId.ToString(CultureInfo.InvariantCulture) : "",
            ]), "None.");
        md.Heading(2, "E-mails sent");
        md.Paragraph("Join links and passcodes are not included: they open a meeting with children in it, and the bot deletes its copy once an e-mail has gone.");
        md.Table(["session", "what", "to", "about pupil", "status", "queued", "sent"],
            h.Emails.Select(e => (IReadOnlyList<string>)[
                e.SessionId, e.Kind.ToString(), h.Pupil is not null ? "a parent or guardian" : e.ToAddress,
                h.Pupil is not null ? e.PupilId : e.PupilId, e.Status.ToString(), When(e.CreatedAt), When(e.SentAt),
            ]), "None.");
        md.Heading(2, "Audit trail lines naming them");
        if (h.Pupil is not null) md.Paragraph("A parent's or guardian's e-mail address in these lines is shown as \"a guardian\".");
        md.Table(["when", "who", "what", "records", "detail"],
            h.AuditLines.Select(a => (IReadOnlyList<string>)[When(a.At), a.Actor == "system" ? "the bot" : h.StaffName(a.Actor), a.Action, string.Join(", ", a.Records.Select(r => Hide(h, r))), Hide(h, a.Detail ?? "")]),
            "None.");
        md.Heading(2, "Messages to staff that mention them");
        md.Table(["when", "to", "sent"], h.Notices.Select(n => (IReadOnlyList<string>)[When(n.CreatedAt), n.Recipient == Notices.StaffNotice.Managers ? "the managers" : h.StaffName(n.Recipient), When(n.SentAt)]), "None.");
        md.Heading(2, "Kept elsewhere");
        md.Bullets([
            $"Zoom keeps the recordings of the sessions above (every session is recorded, P5) for {policy.RecordingRetentionMonths} months; ask CHEXS for a copy of a recording.",
            "Join e-mails are also in the CHEXS shared mailbox's Sent Items; the host's calendar has an entry per session (initials only).",
        ]);
        return md.ToString();
    }

    /// <summary>In a pupil's export, the guardians' record ids (their e-mail addresses) are the guardians' data, not the pupil's.</summary>
    private static string Hide(PersonHoldings h, string text)
    {
        if (h.Pupil is null) return text;
        foreach (var g in h.LinkedGuardians.Select(g => g.Id).Concat(h.Emails.Select(e => e.GuardianId)).Concat(h.Consents.Select(c => c.GuardianId)).Distinct())
            if (g.Length > 0) text = text.Replace(g, "a guardian", StringComparison.OrdinalIgnoreCase);
        return text;
    }

    private static string PupilsOf(PersonHoldings h, Session s)
    {
        if (s.PupilIds.Count == 0) return s.ParticipantCount is { } n ? $"{n} (removed by retention)" : "";
        return string.Join(", ", s.PupilIds.Select(id => id == h.Pupil?.Id ? h.Pupil.FullName
            : h.LinkedPupils.FirstOrDefault(x => x.Id == id) is { } child ? child.FullName
            : h.Initials(id)));
    }

    private string Covering(Consent c) => c.Kind == ConsentKind.Annual && c.AcademicYearStart is int y
        ? $"annual {OrgCalendar.AcademicYearLabel(y)}"
        : $"session {c.SessionId}";

    private string Json(PersonHoldings h, DateTimeOffset now)
    {
        var doc = new
        {
            exportedOn = calendar.LocalDate(now).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            timeZone = calendar.Zone.Id,
            person = new { kind = h.Person.Kind, id = h.Person.Id },
            pupil = h.Pupil is { } p ? new { p.Id, p.FirstName, p.LastName, DateOfBirth = p.DateOfBirth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Programmes = p.Programmes.Select(x => x.ToString()), p.School } : null,
            guardians = h.Pupil is not null ? h.LinkedGuardians.Select(g => new { g.Name, g.Relationship }) : null,
            guardian = h.Guardian is { } g0 ? new { g0.Name, g0.Relationship, g0.Email, g0.Phone } : null,
            children = h.Guardian is not null ? h.LinkedPupils.Select(x => new { x.Id, Name = x.FullName }) : null,
            consents = h.Consents.Select(c => new
            {
                c.Id, c.PupilId, c.Kind, c.AcademicYearStart, c.SessionId, Covers = c.Covers.ToString(), GivenOn = c.GivenOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                FormReference = c.Evidence, RecordedBy = h.StaffName(c.RecordedBy), c.RecordedAt,
                Withdrawn = c.Withdrawal is { } w ? new { w.At, w.Reason } : null,
            }),
            sessions = h.Sessions.Select(s => new
            {
                s.Id, s.Start, s.DurationMinutes, Programme = s.Programme.ToString(), s.Kind, s.Status, s.CancelledReason, Host = h.StaffName(s.HostId),
                Pupils = PupilsOf(h, s), ZoomMeetingId = s.Meeting?.MeetingId,
            }),
            emails = h.Emails.Select(e => new
            {
                e.SessionId, e.Kind, To = h.Pupil is not null ? null : e.ToAddress, e.PupilId, e.Status, e.CreatedAt, e.SentAt,
            }),
            audit = h.AuditLines.Select(a => new { a.At, Actor = a.Actor == "system" ? "the bot" : h.StaffName(a.Actor), a.Action, Records = a.Records.Select(r => Hide(h, r)), Detail = a.Detail is null ? null : Hide(h, a.Detail) }),
        };
        return JsonSerializer.Serialize(doc, JsonOptions) + "\n";
    }
}

using Chexs.Bot.Invitations.Calendar;
using Chexs.Bot.Invitations.Languages;
using Chexs.Bot.Records;
using Chexs.Bot.Safeguarding;
using Microsoft.Extensions.Options;

namespace Chexs.Bot.Invitations;

/// <summary>
/// Writes the email one guardian receives about one pupil's session, in the guardian's language (English, Welsh, or
/// both with Welsh first; templates in <c>bot/Invitations/Templates</c>). Pure: no clock, no I/O; the same inputs always
/// give the same email. Every policy line it must carry is here, with its rule id, and each template's key names it:
/// P3 (to the guardian only, keep the link private), P9 (adult present, under-14s only), P11 (quiet space,
/// supervised; internet and a device), P12 (Zoom terms and privacy), P13 (no Zoom account), P14 (contact).
/// </summary>
public sealed class InvitationComposer
{
    public const string ZoomTermsUrl = "http://zoom.us/terms";
    public const string ZoomPrivacyUrl = "http://zoom.us/privacy";

    /// <summary>
    /// The template keys every email carrying join details must include, by policy rule (P9 only when the pupil is
    /// under the threshold on the day). Tests check every language's template has them and every email shows them.
    /// </summary>
    public static readonly IReadOnlyList<(string Rule, string Key)> JoinDetailPolicyLines =
    [
        ("P3", "policy.P3.private"),
        ("P11", "policy.P11.quietSpace"),
        ("P11", "policy.P13.noAccount"),
        ("P12", "policy.P12.terms"),
        ("P12", "policy.P12.privacy"),
        ("P13", "policy.P13.noAccount"),
        ("P14", "policy.P14.contact"),
    ];

    private readonly SafeguardingOptions _safeguarding;

    public InvitationComposer(IOptions<SafeguardingOptions> safeguarding)
    {
        _safeguarding = safeguarding.Value;
    }

    private TimeZoneInfo Zone => _safeguarding.Zone;

    internal SafeguardingOptions Safeguarding => _safeguarding;

    /// <summary>
    /// The email for <paramref name="guardian"/> about <paramref name="pupil"/>'s part in <paramref name="session"/>, in
    /// the guardian's language. For <see cref="InvitationKind.Rescheduled"/>, <paramref name="previous"/> is the session
    /// as it was before the change (its time and meeting), when known. No calendar part: see <see cref="CalendarFor"/>.
    /// </summary>
    /// <exception cref="InvalidRecipientException">The guardian may not receive this pupil's join details (P3).</exception>
    public GuardianEmail Compose(Session session, Pupil pupil, Guardian guardian, InvitationKind kind, Session? previous = null)
    {
        if (!session.PupilIds.Contains(pupil.Id, StringComparer.Ordinal))
            throw new InvalidRecipientException($"Pupil {pupil.Id} is not in session {session.Id}.");
        if (GuardianRecipients.WhyNot(pupil, guardian) is { } why)
            throw new InvalidRecipientException($"Guardian {guardian.Id} cannot receive pupil {pupil.Id}'s join details: {why}.");
        if (!_safeguarding.HasConcernsContact)
            throw new InvalidOperationException($"P14: no CHEXS concerns contact is configured ({string.Join(", ", ConcernsContactSettings.Missing(_safeguarding))}).");
        if (kind is not (InvitationKind.Invitation or InvitationKind.Rescheduled or InvitationKind.Cancelled))
            throw new ArgumentOutOfRangeException(nameof(kind), kind, null);

        var language = GuardianLanguage.Normalise(guardian.Language);
        var parts = GuardianLanguage.Parts(language);
        var blocks = parts.Select(p => Block(EmailTemplate.For(p), session, pupil, guardian, kind, previous, bilingual: parts.Count > 1)).ToList();
        var subject = string.Join(" / ", parts.Select(p => Subject(EmailTemplate.For(p), session, pupil, kind)));
        return new GuardianEmail(guardian.Email.Trim(), GuardianRecipients.SafeDisplayName(guardian.Name), subject, blocks, language);
    }

    /// <summary>
    /// The calendar entry that goes with <see cref="Compose"/>'s email: same UID for the session's whole life,
    /// <paramref name="sequence"/> from the outbox (it only grows), the join link and passcode in the description for
    /// an invitation or a new time, METHOD:CANCEL for a cancellation.
    /// </summary>
    public SessionCalendarEntry CalendarFor(Session session, Pupil pupil, Guardian guardian, InvitationKind kind, int sequence, DateTimeOffset stamp, string organizerEmail)
    {
        var parts = GuardianLanguage.Parts(guardian.Language);
        var templates = parts.Select(EmailTemplate.For).ToList();
        var cancelled = kind == InvitationKind.Cancelled;
        var summary = string.Join(" / ", templates.Select(t => t.Text("calendar.summary", ("child", ChildName(t, pupil)), ("programme", t.Programme(session.Programme)))));
        var description = string.Join("\n\n", templates.Select(t => CalendarDescription(t, session, pupil, cancelled)));
        var reminder = string.Join(" / ", templates.Select(t => t.Text("calendar.reminder", ("child", ChildName(t, pupil)), ("minutes", SessionCalendarEntry.DefaultReminderMinutes.ToString(System.Globalization.CultureInfo.InvariantCulture)))));
        return new SessionCalendarEntry(
            SessionCalendarEntry.UidFor(session.Id), sequence, session.Start, session.DurationMinutes, summary, description,
            cancelled ? null : session.Meeting?.JoinUrl, organizerEmail, "CHEXS",
            guardian.Email.Trim(), GuardianRecipients.SafeDisplayName(guardian.Name), stamp, cancelled, ReminderText: reminder);
    }

    /// <summary>P9: is this pupil younger than the threshold on the session's date (in the organisation's time zone)?</summary>
    public bool NeedsAdultPresent(Session session, Pupil pupil)
    {
        var day = LocalTimes.LocalDate(session.Start, Zone);
        return PupilAge.IsUnder(_safeguarding.AdultPresenceAgeThreshold, pupil.DateOfBirth, day);
    }

    /// <summary>"Thursday 3 December 2026, 4:00pm to 4:45pm (UK time)" — for staff, always English.</summary>
    public string When(Session session) => LocalTimes.Describe(session.Start, session.DurationMinutes, Zone);

    private string Subject(EmailTemplate t, Session session, Pupil pupil, InvitationKind kind) =>
        t.Text($"subject.{Key(kind)}", ("child", ChildName(t, pupil)), ("programme", t.Programme(session.Programme)), ("short", t.ShortDateTime(session.Start, Zone)));

    private EmailBlock Block(EmailTemplate t, Session session, Pupil pupil, Guardian guardian, InvitationKind kind, Session? previous, bool bilingual)
    {
        var child = ChildName(t, pupil);
        var programme = t.Programme(session.Programme);
        var when = t.Describe(session.Start, session.DurationMinutes, Zone);
        var sections = new List<EmailSection>();
        var opening = new List<EmailLine>();
        if (bilingual && t.Text("bilingualNote") is { Length: > 0 } note) opening.Add(new(note));
        opening.Add(new(t.Text("greeting", ("guardian", Greeting(t, guardian)))));

        switch (kind)
        {
            case InvitationKind.Invitation:
                opening.Add(new(t.Text("invitation.intro", ("child", child), ("programme", programme))));
                opening.Add(new(t.Text("when", ("when", when))));
                opening.Add(new(t.Text("calendar.added", ("minutes", Minutes))));
                sections.Add(new(null, opening));
                AddJoinDetails(t, sections, session, pupil, child);
                break;

            case InvitationKind.Rescheduled:
                opening.Add(new(t.Text("rescheduled.intro", ("child", child), ("programme", programme))));
                if (previous is not null && previous.Start != session.Start)
                    opening.Add(new(t.Text("rescheduled.was", ("when", t.Describe(previous.Start, previous.DurationMinutes, Zone)))));
                opening.Add(new(t.Text("rescheduled.now", ("when", when))));
                var sameLink = previous?.Meeting is { } before && session.Meeting is { } after &&
                               before.JoinUrl == after.JoinUrl && before.Passcode == after.Passcode;
                opening.Add(new(t.Text(sameLink ? "rescheduled.sameLink" : "rescheduled.newLink")));
                opening.Add(new(t.Text("calendar.added", ("minutes", Minutes))));
                sections.Add(new(null, opening));
                AddJoinDetails(t, sections, session, pupil, child);
                break;

            case InvitationKind.Cancelled:
                opening.Add(new(t.Text("cancelled.intro", ("child", child), ("programme", programme), ("when", when))));
                opening.Add(new(t.Text("cancelled.doNotUse")));
                opening.Add(new(t.Text("calendar.removed")));
                sections.Add(new(null, opening));
                break;
        }

        sections.Add(new(t.Text("heading.contact"), [new(ConcernsLine(t)), new(t.Text("reference", ("reference", session.Id)))]));
        sections.Add(new(null, [new(t.Text("signOff")), new(t.Text("signature"))]));
        var title = t.Text($"title.{Key(kind)}", ("child", child), ("programme", programme));
        return new EmailBlock(t.Language, title, sections);
    }

    private void AddJoinDetails(EmailTemplate t, List<EmailSection> sections, Session session, Pupil pupil, string child)
    {
        var meeting = session.Meeting ?? throw new InvalidOperationException($"Session {session.Id} has no Zoom meeting yet, so there is nothing to join.");
        sections.Add(new(t.Text("heading.join"),
        [
            new(t.Text("join.label"), meeting.JoinUrl, t.Text("join.linkText", ("child", child))),
            new(t.Text("join.passcode", ("passcode", meeting.Passcode))),
            new(t.Text("policy.P3.private", ("child", child))),
            new(t.Text("join.waitingRoom")),
        ]));
        sections.Add(SafetySection(t, child, NeedsAdultPresent(session, pupil)));
    }

    /// <summary>The lines every e-mail with join details carries after them (P5, P9, P11–P13); shared with <see cref="SeriesInvitationComposer"/>.</summary>
    /// <param name="adultPresent">P9: the pupil is under the threshold on (one of) the session dates.</param>
    internal EmailSection SafetySection(EmailTemplate t, string child, bool adultPresent)
    {
        var safety = new List<EmailLine> { new(t.Text("policy.P11.quietSpace", ("child", child))) };
        if (adultPresent)
        {
            safety.Add(new(t.Text("policy.P9.adultPresent", ("child", child), ("age", _safeguarding.AdultPresenceAgeThreshold.ToString(System.Globalization.CultureInfo.InvariantCulture)))));
        }
        safety.Add(new(t.Text("policy.P13.noAccount")));
        safety.Add(new(t.Text("policy.P5.recording")));
        safety.Add(new(t.Text("policy.P12.terms"), ZoomTermsUrl, t.Text("policy.P12.termsLinkText")));
        safety.Add(new(t.Text("policy.P12.privacy"), ZoomPrivacyUrl, t.Text("policy.P12.privacyLinkText")));
        return new EmailSection(t.Text("heading.safety", ("child", child)), safety);
    }

    private string CalendarDescription(EmailTemplate t, Session session, Pupil pupil, bool cancelled)
    {
        var child = ChildName(t, pupil);
        var programme = t.Programme(session.Programme);
        var when = t.Describe(session.Start, session.DurationMinutes, Zone);
        var lines = new List<string>();
        if (cancelled || session.Meeting is not { } meeting)
        {
            lines.Add(t.Text("cancelled.intro", ("child", child), ("programme", programme), ("when", when)));
        }
        else
        {
            lines.Add(t.Text("when", ("when", when)));
            lines.Add(t.Text("join.label") + " " + meeting.JoinUrl);
            lines.Add(t.Text("join.passcode", ("passcode", meeting.Passcode)));
            lines.Add(t.Text("policy.P3.private", ("child", child)));
        }
        lines.Add(ConcernsLine(t));
        lines.Add(t.Text("reference", ("reference", session.Id)));
        return string.Join("\n", lines);
    }

    private static string Minutes => SessionCalendarEntry.DefaultReminderMinutes.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Key(InvitationKind kind) => kind switch
    {
        InvitationKind.Invitation => "invitation",
        InvitationKind.Rescheduled => "rescheduled",
        _ => "cancelled",
    };

    internal string ConcernsLine(EmailTemplate t)
    {
        var ways = new List<string>();
        if (!string.IsNullOrWhiteSpace(_safeguarding.ConcernsContactEmail)) ways.Add(t.Text("policy.P14.byEmail", ("email", _safeguarding.ConcernsContactEmail.Trim())));
        if (!string.IsNullOrWhiteSpace(_safeguarding.ConcernsContactPhone)) ways.Add(t.Text("policy.P14.byPhone", ("phone", _safeguarding.ConcernsContactPhone.Trim())));
        return t.Text("policy.P14.contact", ("name", _safeguarding.ConcernsContactName.Trim()), ("ways", string.Join(t.Text("policy.P14.or"), ways)));
    }

    internal static string Greeting(EmailTemplate t, Guardian guardian)
    {
        var name = GuardianRecipients.SafeDisplayName(guardian.Name);
        return name.Length > 0 ? name : t.Text("guardianFallback");
    }

    internal static string ChildName(EmailTemplate t, Pupil pupil)
    {
        var name = GuardianRecipients.SafeDisplayName(pupil.FirstName);
        return name.Length > 0 ? name : t.Text("childFallback");
    }
}

/// <summary>P3: an attempt to send a pupil's join details to someone who is not their linked guardian.</summary>
public sealed class InvalidRecipientException(string message) : Exception(message);

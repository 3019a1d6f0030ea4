using Chexs.Bot.Records;
using Chexs.Bot.Safeguarding;
using Microsoft.Extensions.Options;

namespace Chexs.Bot.Invitations;

/// <summary>
/// Writes the email one guardian receives about one pupil's session. Pure: no clock, no I/O; the same
/// inputs always give the same email. Every policy line it must carry is here, with its rule id:
/// P3 (to the guardian only, keep the link private), P9 (adult present, under-14s only), P11 (quiet space,
/// supervised; internet and a device), P12 (Zoom terms and privacy), P13 (no Zoom account), P14 (contact).
/// </summary>
public sealed class InvitationComposer
{
    public const string ZoomTermsUrl = "http://zoom.us/terms";
    public const string ZoomPrivacyUrl = "http://zoom.us/privacy";


    private readonly SafeguardingOptions _safeguarding;

    internal SafeguardingOptions Safeguarding => _safeguarding;

    public InvitationComposer(IOptions<SafeguardingOptions> safeguarding)
    {
        _safeguarding = safeguarding.Value;
    }

    /// <summary>
    /// The email for <paramref name="guardian"/> about <paramref name="pupil"/>'s part in <paramref name="session"/>.
    /// For <see cref="InvitationKind.Rescheduled"/>, <paramref name="previous"/> is the session as it was before the
    /// change (its time and meeting), when known.
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

        var child = ChildName(pupil);
        var programme = session.Programme.Display();
        var when = When(session);
        var lines = new List<EmailLine> { new($"Dear {Greeting(guardian)},") };
        string subject;

        switch (kind)
        {
            case InvitationKind.Invitation:
                subject = $"{child}'s CHEXS {programme} session: {ShortWhen(session)}";
                lines.Add(new($"{child} is invited to a CHEXS {programme} video session on Zoom."));
                lines.Add(new($"When: {when}"));
                AddJoinDetails(lines, session, pupil, child);
                break;

            case InvitationKind.Rescheduled:
                subject = $"New time for {child}'s CHEXS {programme} session: {ShortWhen(session)}";
                lines.Add(new($"{child}'s CHEXS {programme} video session on Zoom has moved to a new time."));
                if (previous is not null && previous.Start != session.Start) lines.Add(new($"It was: {When(previous)}"));
                lines.Add(new($"It is now: {when}"));
                var sameLink = previous?.Meeting is { } before && session.Meeting is { } after &&
                               before.JoinUrl == after.JoinUrl && before.Passcode == after.Passcode;
                lines.Add(new(sameLink
                    ? "The join link and passcode have not changed; here they are again."
                    : "Please use the join link and passcode below; they replace any we sent before."));
                AddJoinDetails(lines, session, pupil, child);
                break;

            case InvitationKind.Cancelled:
                subject = $"Cancelled: {child}'s CHEXS {programme} session on {ShortWhen(session)}";
                lines.Add(new($"{child}'s CHEXS {programme} video session on {when} has been cancelled."));
                lines.Add(new("Please do not use the join link we sent for it. We will be in touch if a new time is arranged."));
                break;

            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }

        lines.Add(new(ConcernsLine()));
        lines.Add(new($"Session reference: {session.Id}"));
        lines.Add(new("With best wishes,"));
        lines.Add(new("CHEXS"));

        return new GuardianEmail(guardian.Email.Trim(), GuardianRecipients.SafeDisplayName(guardian.Name), subject, lines);
    }

    /// <summary>P9: is this pupil younger than the threshold on the session's date (in the organisation's time zone)?</summary>
    public bool NeedsAdultPresent(Session session, Pupil pupil)
    {
        var day = LocalTimes.LocalDate(session.Start, _safeguarding.Zone);
        return PupilAge.IsUnder(_safeguarding.AdultPresenceAgeThreshold, pupil.DateOfBirth, day);
    }

    /// <summary>"Thursday 3 December 2026, 4:00pm to 4:45pm (UK time)".</summary>
    public string When(Session session) => LocalTimes.Describe(session.Start, session.DurationMinutes, _safeguarding.Zone);

    private void AddJoinDetails(List<EmailLine> lines, Session session, Pupil pupil, string child)
    {
        var meeting = session.Meeting ?? throw new InvalidOperationException($"Session {session.Id} has no Zoom meeting yet, so there is nothing to join.");
        lines.Add(new("Join link:", meeting.JoinUrl));
        lines.Add(new($"Passcode: {meeting.Passcode}"));
        AddJoiningGuidance(lines, child, NeedsAdultPresent(session, pupil));
    }

    /// <summary>The lines every e-mail with join details carries after them (P3, P7, P9, P11–P13); shared with <see cref="SeriesInvitationComposer"/>.</summary>
    /// <param name="adultPresent">P9: the pupil is under the threshold on (one of) the session dates.</param>
    internal void AddJoiningGuidance(List<EmailLine> lines, string child, bool adultPresent)
    {
        lines.Add(new($"These details are for you as {child}'s parent or guardian. Please keep them private: CHEXS only ever sends them to parents and guardians, never to pupils directly."));
        lines.Add(new("When you join, you will wait in a waiting room until the CHEXS host lets you in."));
        lines.Add(new($"Please make sure {child} joins from a quiet space where they can be supervised by an adult."));
        if (adultPresent)
        {
            lines.Add(new($"Because {child} is under {_safeguarding.AdultPresenceAgeThreshold}, an adult must be present or close by for the whole session."));
        }
        lines.Add(new("No Zoom account is needed, for you or for your child: just an internet connection and a computer, phone or tablet."));
        lines.Add(new("CHEXS records all Zoom sessions, as explained in the consent form."));
        lines.Add(new("Zoom's terms of service:", ZoomTermsUrl));
        lines.Add(new("Zoom's privacy statement:", ZoomPrivacyUrl));
    }

    internal string ConcernsLine()
    {
        var ways = new List<string>();
        if (!string.IsNullOrWhiteSpace(_safeguarding.ConcernsContactEmail)) ways.Add($"by email at {_safeguarding.ConcernsContactEmail.Trim()}");
        if (!string.IsNullOrWhiteSpace(_safeguarding.ConcernsContactPhone)) ways.Add($"by phone on {_safeguarding.ConcernsContactPhone.Trim()}");
        return $"If you have any questions or concerns, please contact {_safeguarding.ConcernsContactName.Trim()} at CHEXS {string.Join(" or ", ways)}.";
    }

    internal static string Greeting(Guardian guardian)
    {
        var name = GuardianRecipients.SafeDisplayName(guardian.Name);
        return name.Length > 0 ? name : "parent or guardian";
    }

    internal static string ChildName(Pupil pupil)
    {
        var name = GuardianRecipients.SafeDisplayName(pupil.FirstName);
        return name.Length > 0 ? name : "Your child";
    }

    private string ShortWhen(Session session) => LocalTimes.ShortDateTime(session.Start, _safeguarding.Zone);
}

/// <summary>P3: an attempt to send a pupil's join details to someone who is not their linked guardian.</summary>
public sealed class InvalidRecipientException(string message) : Exception(message);

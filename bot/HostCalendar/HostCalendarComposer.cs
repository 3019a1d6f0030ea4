using System.Net;
using Chexs.Bot.Records;

namespace Chexs.Bot.HostCalendar;

/// <summary>Writes the host's calendar entry for a session. Pure.</summary>
public static class HostCalendarComposer
{
    public static HostCalendarEntry Compose(Session session, IEnumerable<Pupil> pupils)
    {
        var initials = string.Join(", ", pupils.Select(p => p.Initials).Where(i => i.Length > 0));
        if (initials.Length == 0) initials = $"{session.PupilIds.Count} pupil(s)";
        var programme = session.Programme.Display();
        var kind = session.Kind == SessionKind.Group ? "Group session" : "1:1 session";

        var lines = new List<string>
        {
            $"CHEXS {programme}, {kind.ToLowerInvariant()} with {initials}. Session reference {session.Id}.",
            session.Meeting is { } m
                ? $"Start it from the CHEXS bot's private reminder: Zoom start links expire, so none is kept in this calendar. " +
                  $"You can also sign in to the CHEXS Zoom account and start meeting {m.MeetingId}."
                : "The Zoom meeting is not created yet; the CHEXS bot will send you the details privately.",
            "The waiting room is on: admit only the expected participants, and lock the meeting once everyone has joined (P8).",
        };
        if (session.AdultPresenceRequired)
            lines.Add("P9: a participant is under 14, so check that an adult is present or close by.");
        lines.Add("Join details go to parents and guardians only (P3): please do not forward them to anyone.");

        var html = "<html><body>" + string.Concat(lines.Select(l => $"<p>{WebUtility.HtmlEncode(l)}</p>")) + "</body></html>";
        return new HostCalendarEntry($"CHEXS {session.Id}: {programme} with {initials}", html, session.Start, session.End, "Zoom (CHEXS account)");
    }
}

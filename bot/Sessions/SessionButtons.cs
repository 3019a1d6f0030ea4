using Chexs.Bot.Records;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Sessions;

/// <summary>
/// The one place that decides which buttons a session offers wherever it is shown (the confirmation card and
/// `my sessions`): Start meeting for its host from booking until its end time, Reschedule and Cancel until it
/// starts. The templates hold the buttons themselves, each behind the flag set here; a new per-session button
/// (e.g. "Raise a concern") is one more flag here and one more action in those templates' session ActionSet.
/// Buttons appear only in the host's own 1:1 chat: in a channel the card is for reading.
/// </summary>
public static class SessionButtons
{
    public const string CanStart = "canStart";
    public const string CanChange = "canChange";

    /// <summary>The host may start it: booked with a Zoom meeting, and its end time has not passed.</summary>
    public static bool StartAllowed(Session s, string viewerId, DateTimeOffset now) =>
        s.Status == SessionStatus.Scheduled && s.Meeting is { MeetingId: > 0 } && s.HostId == viewerId && now < s.End;

    /// <summary>Moving or cancelling is for sessions that have not begun.</summary>
    public static bool ChangeAllowed(Session s, DateTimeOffset now) => s.IsLive && now < s.Start;

    /// <summary>Between its start and end time.</summary>
    public static bool InProgress(Session s, DateTimeOffset now) => s.Status == SessionStatus.Scheduled && s.Start <= now && now < s.End;

    /// <summary>Writes the session's button flags onto <paramref name="item"/> (the card data for that session).</summary>
    public static JObject AddTo(JObject item, Session s, string viewerId, DateTimeOffset now, bool inPrivateChat)
    {
        item["sessionId"] = s.Id;
        item[CanStart] = inPrivateChat && StartAllowed(s, viewerId, now);
        item[CanChange] = inPrivateChat && ChangeAllowed(s, now);
        return item;
    }
}

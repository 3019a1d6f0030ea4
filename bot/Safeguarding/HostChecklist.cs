using Chexs.Bot.Records;

namespace Chexs.Bot.Safeguarding;

/// <summary>One thing the host must do during a session, with the rule it comes from.</summary>
public sealed record ChecklistItem(string Key, string RuleId, string Text);

/// <summary>
/// The host's safeguarding checklist for a session: the same list on the confirmation card, the
/// reminders and the channel, derived from the policy here and nowhere else.
/// </summary>
public static class HostChecklist
{
    public static IReadOnlyList<ChecklistItem> For(Session session)
    {
        var items = new List<ChecklistItem>
        {
            new("passcode", RuleIds.Passcode, "P6: the meeting has a passcode — share it with nobody but the guardians (the bot already has)."),
            new("waitingRoom", RuleIds.WaitingRoom, "P7: the waiting room is on — admit each person yourself, and only those expected."),
            new("locked", RuleIds.LockMeeting, "P8: lock the meeting once everyone expected is in."),
            new("recording", RuleIds.Recording, "P5: check that the recording is running."),
        };
        if (session.AdultPresenceRequired)
        {
            items.Add(new("adultPresent", RuleIds.AdultPresence, "P9: a participant is under 14 — make sure an adult is present or close by."));
        }
        if (session.Kind == SessionKind.Group)
        {
            items.Add(new("group", RuleIds.GroupSessions, "P10: group session — only the approved participants may be admitted."));
        }
        return items;
    }
}

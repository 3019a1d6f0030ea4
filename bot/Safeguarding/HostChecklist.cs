using Chexs.Bot.Records;
using Chexs.Bot.Safeguarding.Rules;

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
            Item("passcode", RuleCatalogue.Passcode, "the meeting has a passcode — share it with nobody but the guardians (the bot already has)."),
            Item("waitingRoom", RuleCatalogue.WaitingRoom, "the waiting room is on — admit each person yourself, and only those expected."),
            Item("locked", RuleCatalogue.LockMeeting, "lock the meeting once everyone expected is in."),
            Item("recording", RuleCatalogue.Recording, "check that the recording is running."),
        };
        if (session.AdultPresenceRequired)
        {
            items.Add(Item("adultPresent", RuleCatalogue.AdultPresence, "a participant is under 14 — make sure an adult is present or close by."));
        }
        if (session.Kind == SessionKind.Group)
        {
            items.Add(Item("group", RuleCatalogue.GroupSessions, "group session — only the approved participants may be admitted."));
        }
        return items;
    }

    /// <summary>The item's text starts with the rule it serves ("P6: …"), so hosts see why they are asked.</summary>
    private static ChecklistItem Item(string key, PolicyRule rule, string text) => new(key, rule.Id, $"{rule.Id}: {text}");
}

using Chexs.Bot.CardActions;
using Chexs.Bot.Cards;
using Chexs.Bot.Records;
using Chexs.Bot.Roles;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Storage;
using Microsoft.Extensions.Options;

namespace Chexs.Bot.Reminders;

/// <summary>
/// "Save checklist" on the channel reminder and "I have locked it" on the lock nudge (P8). Only the
/// session's host or a manager may tick; anyone else is told so and nothing changes. A saved
/// checklist replaces the reminder card for everyone in the channel, showing the saved ticks.
/// </summary>
public sealed class ChecklistActions : ICardActionHandler
{
    private readonly ISessionRepository _sessions;
    private readonly IStaffRepository _staff;
    private readonly IAuditTrail _audit;
    private readonly HostChecklistTicks _ticks;
    private readonly ReminderStore _reminders;
    private readonly ReminderComposer _composer;
    private readonly IStaffDirectory _directory;
    private readonly SafeguardingOptions _policy;
    private readonly TimeProvider _clock;

    public ChecklistActions(ISessionRepository sessions, IStaffRepository staff, IAuditTrail audit, HostChecklistTicks ticks, ReminderStore reminders, ReminderComposer composer, IStaffDirectory directory,
        IOptions<SafeguardingOptions> policy, TimeProvider clock)
    {
        _sessions = sessions;
        _staff = staff;
        _audit = audit;
        _ticks = ticks;
        _reminders = reminders;
        _composer = composer;
        _directory = directory;
        _policy = policy.Value;
        _clock = clock;
    }

    public IEnumerable<string> Verbs => new[] { CardVerbs.ChecklistSave, CardVerbs.ChecklistLocked };

    public async Task<CardActionResult> HandleAsync(CardActionContext context, CancellationToken ct)
    {
        var sessionId = (string?)context.Data["sessionId"] ?? "";
        var session = await _sessions.FindAsync(sessionId, ct);
        if (session is null)
        {
            return CardActionResult.Say($"I can't find session {sessionId}, so nothing was saved.");
        }
        if (session.Status is SessionStatus.Cancelled or SessionStatus.Rejected)
        {
            return CardActionResult.Say($"Session {session.Id} was {session.Status.ToString().ToLowerInvariant()}, so there is no checklist to tick. Nothing was saved.");
        }
        if (await RefusalAsync(session, context, ct) is { } refusal)
        {
            return refusal;
        }

        if (context.Verb == CardVerbs.ChecklistLocked)
        {
            await _ticks.SaveAsync(session.Id, new Dictionary<string, bool> { ["locked"] = true }, context.UserAadObjectId, context.UserName, ct);
            var at = LocalTimes.TimeOfDay(_clock.GetUtcNow(), _policy.Zone);
            return CardActionResult.Say($"Thank you. I've recorded that the meeting for {session.Programme.Display()} ({session.Id}) was locked at {at} (P8).");
        }

        var saved = (await _ticks.SaveAsync(session.Id, ReadToggles(context), context.UserAadObjectId, context.UserName, ct))!;
        // Keep the "sent late" banner of the card that was clicked, if it had one.
        var reminder = await _reminders.BySentActivityAsync(session.Id, context.CardActivityId, ct);
        var card = await _composer.ChannelCardAsync(saved, reminder is { SentLate: true } ? reminder.DueAt : null, ct);
        return new CardActionResult(card, "Checklist saved.", UpdateForEveryone: true);
    }

    private async Task<CardActionResult?> RefusalAsync(Session session, CardActionContext context, CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(context.UserAadObjectId) && context.UserAadObjectId == session.HostId)
        {
            return null;
        }
        StaffRole? role;
        try
        {
            role = string.IsNullOrEmpty(context.UserAadObjectId) ? null : await _directory.GetRoleAsync(context.UserAadObjectId, ct);
        }
        catch (StaffDirectoryUnavailableException)
        {
            return CardActionResult.Say("I couldn't check your role just now, so nothing was saved. Please try again in a minute.");
        }
        if (role == StaffRole.Manager)
        {
            return null;
        }
        var host = (await _staff.FindAsync(session.HostId, ct))?.DisplayName ?? "the host";
        await _audit.AppendAsync(_clock.GetUtcNow(), context.UserAadObjectId, "checklist.refused", new[] { session.Id },
            $"{(string.IsNullOrEmpty(context.UserName) ? "Someone" : context.UserName)} tried to tick the host checklist and is neither the host nor a manager", ct);
        return CardActionResult.Say($"Only the session's host ({host}) or a manager can tick this checklist. Nothing was saved.");
    }

    /// <summary>The toggles the card sent ("true"/"false"); an item the card did not show is left as it was.</summary>
    private static Dictionary<string, bool> ReadToggles(CardActionContext context)
    {
        var ticks = new Dictionary<string, bool>();
        foreach (var item in HostChecklistTicks.Items)
        {
            var value = context.Data[item.Key];
            if (value is null || value.Type == Newtonsoft.Json.Linq.JTokenType.Null) continue;
            ticks[item.Key] = string.Equals(value.ToString(), "true", StringComparison.OrdinalIgnoreCase);
        }
        return ticks;
    }
}

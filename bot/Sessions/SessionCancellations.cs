using Chexs.Bot.HostCalendar;
using Chexs.Bot.Invitations;
using Chexs.Bot.Records;
using Chexs.Bot.Reminders;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Storage;

namespace Chexs.Bot.Sessions;

/// <summary>
/// Cancels a session completely, as database writes only (so it can sit inside a caller's transaction,
/// e.g. a consent withdrawal): status and reason, the guardians' cancellation emails, the host's calendar
/// event, the reminders, the Zoom meeting's deletion — each queued for its worker — and the audit entry.
/// </summary>
public sealed class SessionCancellations : ISessionCancellation
{
    private readonly ChexsDatabase _db;
    private readonly GuardianInvitations _invitations;
    private readonly HostCalendarUpdates _calendar;
    private readonly ReminderStore _reminders;
    private readonly MeetingRemovals _removals;
    private readonly TimeProvider _clock;

    public SessionCancellations(ChexsDatabase db, GuardianInvitations invitations, HostCalendarUpdates calendar, ReminderStore reminders, MeetingRemovals removals, TimeProvider clock)
    {
        _db = db;
        _invitations = invitations;
        _calendar = calendar;
        _reminders = reminders;
        _removals = removals;
        _clock = clock;
    }

    public Task CancelAsync(Session session, string reason, string actor)
    {
        Cancel(session, reason, actor);
        return Task.CompletedTask;
    }

    /// <summary>Cancels; returns false when the session was no longer live (nothing changed).</summary>
    public bool Cancel(Session session, string reason, string actor)
    {
        return _db.InTransaction(() =>
        {
            var current = _db.Sessions.FindById(session.Id);
            if (current is null || !current.IsLive)
            {
                return false;
            }
            var wasScheduled = current.Status == SessionStatus.Scheduled;
            // Keep what the caller set on the session (e.g. the verdict that led to the cancellation).
            current = session;
            current.Status = SessionStatus.Cancelled;
            current.CancelledReason = reason;
            _db.Sessions.Update(current);
            if (wasScheduled)
            {
                // Guardians only ever heard of scheduled sessions; an unapproved request never reached them.
                _invitations.Enqueue(current, InvitationKind.Cancelled);
                _calendar.Enqueue(current);
            }
            _reminders.Withdraw(current.Id, "cancelled");
            if (current.Meeting is not null)
            {
                _removals.Enqueue(current.Id, current.Meeting);
            }
            _db.AppendAudit(_clock.GetUtcNow(), actor, "session.cancelled", new[] { current.Id }.Concat(current.PupilIds), reason);
            return true;
        });
    }

    /// <summary>Wakes the workers after the transaction that queued their work has committed.</summary>
    public void WakeWorkers()
    {
        _invitations.Wakeup.Wake();
        _calendar.Wakeup.Wake();
        _removals.Wakeup.Wake();
    }
}

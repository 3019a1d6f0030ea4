using Chexs.Bot.HostCalendar;
using Chexs.Bot.Invitations;
using Chexs.Bot.Records;
using Chexs.Bot.Reminders;
using Chexs.Bot.Safeguarding;

namespace Chexs.Bot.Sessions;

/// <summary>
/// What a session owes the world after a change, queued in the caller's transaction: the guardians'
/// e-mails, the host's calendar event, the channel reminders, the Zoom deletion. Workers send them after
/// the commit (<see cref="WakeWorkers"/>). One place, so booking, moving and cancelling cannot disagree.
/// </summary>
public sealed class SessionOutboxes
{
    private readonly GuardianInvitations _invitations;
    private readonly HostCalendarUpdates _calendar;
    private readonly ReminderStore _reminders;
    private readonly MeetingRemovals _removals;
    private readonly SafeguardingOptions _policy;

    public SessionOutboxes(GuardianInvitations invitations, HostCalendarUpdates calendar, ReminderStore reminders, MeetingRemovals removals, SafeguardingOptions policy)
    {
        _invitations = invitations;
        _calendar = calendar;
        _reminders = reminders;
        _removals = removals;
        _policy = policy;
    }

    /// <summary>A scheduled session, new or moved: guardians told, calendar event written, reminders for its start.</summary>
    public async Task<InvitationBatch> ScheduledAsync(Session session, InvitationKind kind, Session? previous, CancellationToken ct)
    {
        var batch = await _invitations.EnqueueAsync(session, kind, previous, ct);
        await _calendar.EnqueueAsync(session, ct);
        await _reminders.ScheduleAsync(session, _policy.ReminderOffsets, _policy.Zone, ct: ct);
        return batch;
    }

    /// <summary>
    /// A series just booked: per date, the host's calendar event and the reminders (G5) exactly as for a single
    /// session; for the guardians, one e-mail per guardian listing every date (and the skipped ones) instead of one
    /// per date. Later changes to one date (moved, cancelled) go through <see cref="ScheduledAsync"/> /
    /// <see cref="CancelledAsync"/> like any session.
    /// </summary>
    public async Task<InvitationBatch> SeriesScheduledAsync(BookingSeries series, IReadOnlyList<Session> sessions, CancellationToken ct)
    {
        foreach (var session in sessions)
        {
            await _calendar.EnqueueAsync(session, ct);
            await _reminders.ScheduleAsync(session, _policy.ReminderOffsets, _policy.Zone, ct: ct);
        }
        return await _invitations.EnqueueSeriesAsync(series, sessions, ct);
    }

    /// <param name="wasScheduled">Guardians only ever heard of scheduled sessions; an unapproved request never reached them.</param>
    public async Task CancelledAsync(Session session, bool wasScheduled, CancellationToken ct)
    {
        if (wasScheduled)
        {
            await _invitations.EnqueueAsync(session, InvitationKind.Cancelled, previous: null, ct);
            await _calendar.EnqueueAsync(session, ct);
        }
        await _reminders.WithdrawAsync(session.Id, "cancelled", ct);
        if (session.Meeting is not null)
        {
            await _removals.EnqueueAsync(session.Id, session.Meeting, ct);
        }
    }

    /// <summary>Wakes the workers after the transaction that queued their work has committed.</summary>
    public void WakeWorkers()
    {
        _invitations.Wakeup.Wake();
        _calendar.Wakeup.Wake();
        _removals.Wakeup.Wake();
    }
}

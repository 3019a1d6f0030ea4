using Chexs.Bot.FollowUp;
using Chexs.Bot.HostCalendar;
using Chexs.Bot.Invitations;
using Chexs.Bot.Notices;
using Chexs.Bot.Records;
using Chexs.Bot.Reminders;
using Chexs.Bot.Sessions;
using Chexs.Bot.Teams;
using Chexs.Bot.Zoom;
using NpgsqlTypes;

namespace Chexs.Bot.Storage.PostgreSql;

// Each feature's repository port over its table (PgSchema); the queries use the indexed columns each table
// declares here, copied out of the record on every write. Results come in the order LiteDB's indexes give.

internal sealed class PgPupils(PgDatabase db) : PgRepository<Pupil>(db, new("pupils",
    new PgColumn<Pupil>("last_name", "text", p => p.LastName))), IPupilRepository;

internal sealed class PgStaff(PgDatabase db) : PgRepository<StaffMember>(db, new("staff")), IStaffRepository;

internal sealed class PgGuardians(PgDatabase db) : PgRepository<Guardian>(db, new("guardians",
    new PgColumn<Guardian>("email", "text", g => g.Email),
    new PgColumn<Guardian>("pupil_ids", "text[]", g => g.PupilIds))), IGuardianRepository
{
    public ValueTask<IReadOnlyList<Guardian>> OfPupilAsync(string pupilId, CancellationToken ct = default) =>
        WhereAsync("pupil_ids @> ARRAY[@pupil]::text[]", p => p.AddWithValue("pupil", pupilId), ct: ct);

    public ValueTask<int> DeleteUnlinkedAsync(CancellationToken ct = default) =>
        ExecuteAsync("DELETE FROM guardians WHERE cardinality(pupil_ids) = 0", _ => { }, ct);
}

internal sealed class PgConsents(PgDatabase db) : PgRepository<Consent>(db, new("consents",
    new PgColumn<Consent>("pupil_id", "text", c => c.PupilId),
    new PgColumn<Consent>("session_id", "text", c => c.SessionId),
    new PgColumn<Consent>("guardian_id", "text", c => c.GuardianId))), IConsentRepository
{
    public ValueTask<IReadOnlyList<Consent>> OfPupilAsync(string pupilId, CancellationToken ct = default) =>
        WhereAsync("pupil_id = @pupil", p => p.AddWithValue("pupil", pupilId), ct: ct);
}

internal sealed class PgSessions(PgDatabase db) : PgRepository<Session>(db, new("sessions",
    new PgColumn<Session>("start_at", "timestamptz", s => s.Start),
    new PgColumn<Session>("host_id", "text", s => s.HostId),
    new PgColumn<Session>("co_host_id", "text", s => s.CoHostId),
    new PgColumn<Session>("status", "text", s => s.Status),
    new PgColumn<Session>("pupil_ids", "text[]", s => s.PupilIds),
    new PgColumn<Session>("meeting_id", "bigint", s => s.Meeting?.MeetingId),
    new PgColumn<Session>("series_id", "text", s => s.SeriesId))), ISessionRepository
{
    public ValueTask<IReadOnlyList<Session>> InSeriesAsync(string seriesId, CancellationToken ct = default) =>
        WhereAsync("series_id = @series", p => p.AddWithValue("series", seriesId), "start_at, id", ct: ct);

    public ValueTask<IReadOnlyList<Session>> StartingBetweenAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default) =>
        WhereAsync("start_at BETWEEN @from AND @to", p => { p.AddWithValue("from", from.ToUniversalTime()); p.AddWithValue("to", to.ToUniversalTime()); }, "start_at, id", ct: ct);

    public ValueTask<IReadOnlyList<Session>> StartingAfterAsync(DateTimeOffset instant, CancellationToken ct = default) =>
        WhereAsync("start_at > @at", p => p.AddWithValue("at", instant.ToUniversalTime()), "start_at, id", ct: ct);

    public ValueTask<IReadOnlyList<Session>> StartingBeforeAsync(DateTimeOffset instant, CancellationToken ct = default) =>
        WhereAsync("start_at < @at", p => p.AddWithValue("at", instant.ToUniversalTime()), "start_at, id", ct: ct);

    public ValueTask<IReadOnlyList<Session>> HostedByAsync(string hostId, CancellationToken ct = default) =>
        WhereAsync("host_id = @host", p => p.AddWithValue("host", hostId), ct: ct);

    public ValueTask<IReadOnlyList<Session>> WithPupilAsync(string pupilId, CancellationToken ct = default) =>
        WhereAsync("pupil_ids @> ARRAY[@pupil]::text[]", p => p.AddWithValue("pupil", pupilId), ct: ct);

    public ValueTask<bool> AnyWithPupilAsync(string pupilId, CancellationToken ct = default) =>
        ExistsAsync("pupil_ids @> ARRAY[@pupil]::text[]", p => p.AddWithValue("pupil", pupilId), ct);

    public async ValueTask<Session?> ByMeetingAsync(long meetingId, CancellationToken ct = default) =>
        (await WhereAsync("meeting_id = @meeting", p => p.AddWithValue("meeting", meetingId), limit: 1, ct: ct)).FirstOrDefault();

    // Only the Checklist key of the document changes, so a Zoom event or a reschedule stored in the same moment keeps its own changes.
    public ValueTask<bool> SaveChecklistAsync(string sessionId, HostChecklistRecord checklist, CancellationToken ct = default) =>
        ExecuteAsync("UPDATE sessions SET doc = jsonb_set(doc, '{Checklist}', @checklist) WHERE id = @id", p =>
        {
            p.AddWithValue("id", sessionId);
            p.AddWithValue("checklist", NpgsqlDbType.Jsonb, PgJson.Serialize(checklist));
        }, ct).Then(n => n > 0);
}

internal sealed class PgSeries(PgDatabase db) : PgRepository<BookingSeries>(db, new("series")), IBookingSeriesRepository;

internal sealed class PgInstallations(PgDatabase db) : PgRepository<InstallationRecord>(db, new("installations",
    new PgColumn<InstallationRecord>("scope", "text", i => i.Scope),
    new PgColumn<InstallationRecord>("team_id", "text", i => i.TeamId),
    new PgColumn<InstallationRecord>("user_aad_object_id", "text", i => i.UserAadObjectId))), IInstallationRepository
{
    public ValueTask<int> DeleteForTeamAsync(string teamId, CancellationToken ct = default) =>
        ExecuteAsync("DELETE FROM installations WHERE team_id = @team", p => p.AddWithValue("team", teamId), ct);

    public async ValueTask<InstallationRecord?> PersonalChatOfAsync(string aadObjectId, CancellationToken ct = default) =>
        (await WhereAsync("scope = 'personal' AND user_aad_object_id = @user", p => p.AddWithValue("user", aadObjectId), limit: 1, ct: ct)).FirstOrDefault();
}

internal sealed class PgNotices(PgDatabase db) : PgRepository<StaffNotice>(db, new("notices",
    new PgColumn<StaffNotice>("created_at", "timestamptz", n => n.CreatedAt),
    new PgColumn<StaffNotice>("sent_at", "timestamptz", n => n.SentAt),
    new PgColumn<StaffNotice>("attempts", "int", n => n.Attempts))), IStaffNoticeOutbox
{
    public ValueTask<IReadOnlyList<StaffNotice>> UnsentAsync(int maxAttempts, CancellationToken ct = default) =>
        WhereAsync("sent_at IS NULL AND attempts < @max", p => p.AddWithValue("max", maxAttempts), "created_at, id", ct: ct);
}

internal sealed class PgReminders(PgDatabase db) : PgRepository<Reminder>(db, new("reminders",
    new PgColumn<Reminder>("session_id", "text", r => r.SessionId),
    new PgColumn<Reminder>("status", "text", r => r.Status),
    new PgColumn<Reminder>("outstanding_due", "timestamptz", r => r.OutstandingDueUtc))), IReminderRepository
{
    public ValueTask<IReadOnlyList<Reminder>> ForSessionAsync(string sessionId, CancellationToken ct = default) =>
        WhereAsync("session_id = @session", p => p.AddWithValue("session", sessionId), ct: ct);

    public ValueTask<IReadOnlyList<Reminder>> DueAsync(DateTimeOffset now, int max, CancellationToken ct = default) =>
        WhereAsync("outstanding_due <= @now", p => p.AddWithValue("now", now.ToUniversalTime()), "outstanding_due, id", max, ct);

    public ValueTask<IReadOnlyList<Reminder>> InStatusAsync(ReminderStatus status, CancellationToken ct = default) =>
        WhereAsync("status = @status", p => p.AddWithValue("status", status.ToString()), ct: ct);
}

internal sealed class PgFollowUps(PgDatabase db) : PgRepository<FollowUpItem>(db, new("follow_ups",
    new PgColumn<FollowUpItem>("session_id", "text", f => f.SessionId),
    new PgColumn<FollowUpItem>("status", "text", f => f.Status),
    new PgColumn<FollowUpItem>("outstanding_due", "timestamptz", f => f.OutstandingDueUtc))), IFollowUpRepository
{
    public ValueTask<IReadOnlyList<FollowUpItem>> DueAsync(DateTimeOffset now, int max, CancellationToken ct = default) =>
        WhereAsync("outstanding_due <= @now", p => p.AddWithValue("now", now.ToUniversalTime()), "outstanding_due, id", max, ct);

    public ValueTask<IReadOnlyList<FollowUpItem>> InStatusAsync(FollowUpStatus status, CancellationToken ct = default) =>
        WhereAsync("status = @status", p => p.AddWithValue("status", status.ToString()), ct: ct);
}

internal sealed class PgScheduledJobs(PgDatabase db) : PgRepository<ScheduledJobState>(db, new("scheduled_jobs")), IScheduledJobRepository;

internal sealed class PgZoomIntents(PgDatabase db) : PgRepository<ZoomMeetingIntent>(db, new("zoom_intents",
    new PgColumn<ZoomMeetingIntent>("session_id", "text", i => i.SessionId),
    new PgColumn<ZoomMeetingIntent>("state", "text", i => i.State))), IZoomIntentRepository
{
    public ValueTask<IReadOnlyList<ZoomMeetingIntent>> ForSessionAsync(string sessionId, CancellationToken ct = default) =>
        WhereAsync("session_id = @session", p => p.AddWithValue("session", sessionId), ct: ct);

    public ValueTask<IReadOnlyList<ZoomMeetingIntent>> InStateAsync(ZoomIntentState state, CancellationToken ct = default) =>
        WhereAsync("state = @state", p => p.AddWithValue("state", state.ToString()), ct: ct);
}

internal sealed class PgZoomDeliveries(PgDatabase db) : PgRepository<ZoomDelivery>(db, new("zoom_deliveries",
    new PgColumn<ZoomDelivery>("received_at", "timestamptz", d => d.ReceivedAt))), IZoomDeliveryRepository
{
    public ValueTask<int> DeleteReceivedBeforeAsync(DateTimeOffset cutoff, CancellationToken ct = default) =>
        ExecuteAsync("DELETE FROM zoom_deliveries WHERE received_at < @cutoff", p => p.AddWithValue("cutoff", cutoff.ToUniversalTime()), ct);
}

internal sealed class PgGuardianEmails(PgDatabase db) : PgRepository<GuardianEmailRow, long>(db, new("guardian_emails",
    new PgColumn<GuardianEmailRow>("session_id", "text", r => r.SessionId),
    new PgColumn<GuardianEmailRow>("status", "text", r => r.Status))), IGuardianEmailOutbox
{
    public ValueTask<IReadOnlyList<GuardianEmailRow>> PendingAsync(CancellationToken ct = default) =>
        WhereAsync("status = @status", p => p.AddWithValue("status", OutboxStatus.Pending.ToString()), ct: ct);

    public ValueTask<IReadOnlyList<GuardianEmailRow>> FailedAsync(CancellationToken ct = default) =>
        WhereAsync("status = @status", p => p.AddWithValue("status", OutboxStatus.Failed.ToString()), "id", ct: ct);

    public ValueTask<IReadOnlyList<GuardianEmailRow>> ForSessionAsync(string sessionId, CancellationToken ct = default) =>
        WhereAsync("session_id = @session", p => p.AddWithValue("session", sessionId), ct: ct);
}

internal sealed class PgHostCalendarEvents(PgDatabase db) : PgRepository<HostCalendarEvent>(db, new("host_calendar_events")), IHostCalendarEvents;

internal sealed class PgHostCalendarChanges(PgDatabase db) : PgRepository<HostCalendarChange>(db, new("host_calendar_changes",
    new PgColumn<HostCalendarChange>("status", "text", c => c.Status))), IHostCalendarChanges
{
    public ValueTask<IReadOnlyList<HostCalendarChange>> PendingAsync(CancellationToken ct = default) =>
        WhereAsync("status = @status", p => p.AddWithValue("status", CalendarChangeStatus.Pending.ToString()), ct: ct);

    public ValueTask<IReadOnlyList<HostCalendarChange>> FailedAsync(CancellationToken ct = default) =>
        WhereAsync("status = @status", p => p.AddWithValue("status", CalendarChangeStatus.Failed.ToString()), ct: ct);
}

internal sealed class PgMeetingRemovals(PgDatabase db) : PgRepository<MeetingRemoval, long>(db, new("meeting_removals",
    new PgColumn<MeetingRemoval>("done_at", "timestamptz", r => r.DoneAt))), IMeetingRemovalOutbox
{
    public ValueTask<IReadOnlyList<MeetingRemoval>> PendingAsync(CancellationToken ct = default) =>
        WhereAsync("done_at IS NULL", _ => { }, ct: ct);
}

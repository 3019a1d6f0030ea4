using Chexs.Bot.Invitations;
using Chexs.Bot.Records;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Storage;
using Chexs.Bot.Zoom;

namespace Chexs.Bot.Sessions;

/// <summary>What scheduling a series did: every session booked with the guardians' e-mails, or why nothing was.</summary>
/// <param name="Blocked">Set when a date, judged again as the series was stored, is now refused.</param>
public sealed record ScheduledSeries(IReadOnlyList<Session>? Sessions, InvitationBatch? Invitations, string? Error, SeriesVerdict? Blocked = null);

/// <summary>
/// Books every date of a series, or none (the brief's "fully made or not made"): the Zoom meetings first, one per
/// date, outside any transaction; then one transaction that checks nothing moved on, judges every date again and
/// stores all the sessions with what they owe — reminders and a host calendar event per date, one e-mail per
/// guardian for the whole series. If Zoom fails on a date (say the 4th of 6), the meetings already made for the
/// earlier dates are deleted again and the person is told nothing was booked and why; if the write fails or is
/// overtaken, every meeting is deleted. Each create has its own Zoom intent, so after a crash mid-way the reconciler
/// deletes whatever meetings were made for sessions that were never stored.
/// <para>
/// One Zoom meeting per date rather than one recurring meeting (Zoom type 8): every date then goes through the same
/// create-and-read-back of the safe settings (P5–P7, P13) as a single booking; moving or cancelling one date moves or
/// deletes exactly its meeting; the reconciler and the webhooks keep mapping one meeting id to one session (a
/// recurring meeting shares one id across its dates, so Zoom's "meeting started/ended" events could not say which
/// session they are about); skipped dates simply have no meeting; and a passcode that leaks opens one date only.
/// The cost is that guardians get a join link per date, listed in their one e-mail.
/// </para>
/// </summary>
public sealed class SeriesScheduler
{
    private readonly ISessionRepository _sessions;
    private readonly IBookingSeriesRepository _series;
    private readonly IStaffRepository _staff;
    private readonly IStoreTransactions _transactions;
    private readonly IAuditTrail _audit;
    private readonly SafeguardingRecords _records;
    private readonly SafeguardingOptions _policy;
    private readonly IZoomMeetings _zoom;
    private readonly ZoomMeetingIntents _intents;
    private readonly SessionOutboxes _outboxes;
    private readonly SessionScheduler _single;
    private readonly TimeProvider _clock;
    private readonly ILogger<SeriesScheduler> _log;

    public SeriesScheduler(ISessionRepository sessions, IBookingSeriesRepository series, IStaffRepository staff, IStoreTransactions transactions, IAuditTrail audit,
        SafeguardingRecords records, SafeguardingOptions policy, IZoomMeetings zoom, ZoomMeetingIntents intents, SessionOutboxes outboxes, SessionScheduler single,
        TimeProvider clock, ILogger<SeriesScheduler> log)
    {
        _sessions = sessions;
        _series = series;
        _staff = staff;
        _transactions = transactions;
        _audit = audit;
        _records = records;
        _policy = policy;
        _zoom = zoom;
        _intents = intents;
        _outboxes = outboxes;
        _single = single;
        _clock = clock;
        _log = log;
    }

    /// <param name="storedStatus">What must still be stored for every session: null (a new series) or AwaitingApproval (an approval).</param>
    /// <param name="prepare">Renders what else the booking owes, outside the transaction, and returns the writes that join it.</param>
    public async Task<ScheduledSeries> ScheduleAsync(BookingSeries series, IReadOnlyList<Session> sessions, SessionStatus? storedStatus, string actor, CancellationToken ct,
        Func<IReadOnlyList<Session>, Task<Func<Task>>>? prepare = null)
    {
        var host = await _staff.FindAsync(series.HostId, ct);
        if (string.IsNullOrWhiteSpace(host?.ZoomUserId))
        {
            return new ScheduledSeries(null, null, "P2: the host has no Zoom user on the CHEXS account, so nothing was booked. Ask a manager to add one.");
        }

        var made = new List<(Session Session, ZoomMeetingRecord Meeting)>();
        for (var i = 0; i < sessions.Count; i++)
        {
            var s = sessions[i];
            try
            {
                var meeting = await _zoom.CreateSafeMeetingAsync(new ZoomMeetingRequest(
                    s.Id, host.ZoomUserId!, $"CHEXS {s.Programme.Display()} session {s.Id}", s.Start, _policy.TimeZone, s.DurationMinutes), ct);
                made.Add((s, meeting));
            }
            catch (ZoomException e)
            {
                var date = LocalTimes.ShortDate(s.Start, _policy.Zone);
                var why = $"Zoom could not make the meeting for {date} (date {i + 1} of {sessions.Count}): {e.Message}";
                await _audit.AppendAsync(_clock.GetUtcNow(), actor, "booking.not_made", new[] { series.Id, s.Id }, why, ct);
                await UndoAllAsync(made, actor, "another date of the series could not be made at Zoom");
                return new ScheduledSeries(null, null,
                    $"{why} So nothing was booked: a series is booked whole or not at all" +
                    (made.Count > 0 ? $", and the {made.Count} Zoom meeting{(made.Count == 1 ? "" : "s")} already made for it {(made.Count == 1 ? "is" : "are")} being deleted." : ".") +
                    " Please try again in a few minutes.");
            }
        }

        string? overtaken = null;
        SeriesVerdict? blockedNow = null;
        var booked = made.Select(m =>
        {
            var copy = m.Session.Copy();
            copy.Book(m.Meeting);
            return copy;
        }).ToList();
        (IReadOnlyList<Session> Sessions, InvitationBatch Invitations)? stored;
        try
        {
            var alsoStore = prepare is null ? null : await prepare(booked);
            stored = await _transactions.RunAsync<(IReadOnlyList<Session>, InvitationBatch)?>(async () =>
            {
                var verdicts = new List<OccurrenceVerdict>();
                foreach (var s in sessions)
                {
                    var now = await _sessions.FindAsync(s.Id, ct);
                    if (now?.Status != storedStatus)
                    {
                        overtaken = $"Session {s.Id} of series {series.Id} was {(now is null ? "removed" : now.Status.ToString().ToLowerInvariant())} while the Zoom meetings were being made, so nothing was booked and the new meetings are being deleted.";
                        return null;
                    }
                    verdicts.Add(new OccurrenceVerdict(s.Start, await _records.JudgeAsync(SessionProposal.FromSession(s), ct)));
                }
                if (verdicts.Any(v => v.Verdict.Outcome != PolicyOutcome.Allowed))
                {
                    blockedNow = new SeriesVerdict(verdicts);
                    return null;
                }
                foreach (var s in booked) await _sessions.UpsertAsync(s, ct);
                await _series.UpsertAsync(series, ct);
                var queued = await _outboxes.SeriesScheduledAsync(series, booked, ct);
                foreach (var (s, meeting) in made) await _intents.CompleteAsync(s.Id, meeting.MeetingId, ct);
                await _audit.AppendAsync(_clock.GetUtcNow(), actor, "series.booked", new[] { series.Id }.Concat(booked.Select(s => s.Id)).Concat(booked[0].PupilIds),
                    $"{series.Kind} {series.Programme.Display()} series of {booked.Count} date(s) booked ({string.Join(", ", booked.Select(s => LocalTimes.ShortDate(s.Start, _policy.Zone)))})" +
                    $"{(series.Skipped.Count > 0 ? $", {series.Skipped.Count} date(s) skipped" : "")}; {queued.Queued.Count} guardian e-mail(s) queued", ct);
                if (alsoStore is not null) await alsoStore();
                return (booked, queued);
            }, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _log.LogError(e, "Storing series {SeriesId} failed; deleting its new Zoom meetings", series.Id);
            await UndoAllAsync(made, actor, "storing the series failed");
            return new ScheduledSeries(null, null, "Something went wrong saving the series, so nothing was booked and no e-mails were sent. Please try again.");
        }
        if (stored is not { } done)
        {
            var why = overtaken ?? string.Join(" ", blockedNow!.Blocked.SelectMany(d => d.Verdict.Blocks).Select(f => f.RedactedMessage).Distinct());
            _log.LogWarning("Series {SeriesId} was overtaken while Zoom made its meetings; deleting them", series.Id);
            await UndoAllAsync(made, actor, why);
            return new ScheduledSeries(null, null, overtaken ?? $"Nothing was booked: {why}", blockedNow);
        }
        _outboxes.WakeWorkers();
        return new ScheduledSeries(done.Sessions, done.Invitations, null);
    }

    private async Task UndoAllAsync(IEnumerable<(Session Session, ZoomMeetingRecord Meeting)> made, string actor, string why)
    {
        foreach (var (s, meeting) in made) await _single.UndoMeetingAsync(s.Id, meeting, actor, why);
    }
}

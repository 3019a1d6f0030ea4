using Chexs.Bot.Outbox;
using Chexs.Bot.Notices;
using Chexs.Bot.Records;
using Chexs.Bot.Retention;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Storage;
using Chexs.Bot.Teams;
using Microsoft.Extensions.Options;

namespace Chexs.Bot.FollowUp;

/// <summary>
/// The scheduled-jobs worker, driven by <see cref="TimeProvider"/>. Each pass:
/// - sends due lock nudges (P8) to the host's personal chat — while the meeting is still on;
/// - settles due recording checks (P5): a meeting with no completed recording by then is raised with
///   the managers (missing-recording alert, queued in the StaffNotices outbox with the check's closing);
/// - queues the weekly digest to the managers' channel, once per week;
/// - runs G3 retention once per day (RetentionJob audits what it removed).
/// Lock nudges, like reminders, are marked "Sending" before Teams is asked and "Done" after; a crash in
/// between sends the nudge again on restart if the meeting is still going.
/// </summary>
public sealed class FollowUpWorker : PollingWorker
{
    public const string DigestJob = "weekly-digest";
    public const string RetentionJobName = "retention";

    private readonly FollowUpChecks _checks;
    private readonly ChexsDatabase _db;
    private readonly FollowUpCards _cards;
    private readonly WeeklyDigest _digest;
    private readonly RetentionJob _retention;
    private readonly TeamsMessenger _teams;
    private readonly InstallationStore _installations;
    private readonly OrgCalendar _calendar;
    private readonly TimeProvider _clock;
    private readonly FollowUpOptions _options;
    private readonly ILogger<FollowUpWorker> _log;
    private readonly ScheduledJobRunner _jobs;
    private readonly SemaphoreSlim _pass = new(1, 1);
    private bool _started;

    public FollowUpWorker(FollowUpChecks checks, ChexsDatabase db, FollowUpCards cards, WeeklyDigest digest, RetentionJob retention, TeamsMessenger teams,
        InstallationStore installations, IOptions<SafeguardingOptions> policy, TimeProvider clock, IOptions<FollowUpOptions> options,
        ILogger<FollowUpWorker> log)
        : base(clock, log)
    {
        _checks = checks;
        _db = db;
        _cards = cards;
        _digest = digest;
        _retention = retention;
        _teams = teams;
        _installations = installations;
        _calendar = new OrgCalendar(policy.Value);
        _clock = clock;
        _options = options.Value;
        _log = log;
        _jobs = new ScheduledJobRunner(db, clock, _options, log);
    }

    /// <summary>The recurring jobs, in the order a pass runs them.</summary>
    public IReadOnlyList<ScheduledJob> Jobs => new[]
    {
        new ScheduledJob(RetentionJobName, now => ScheduleTimes.MostRecentDaily(now, _options.RetentionTime, _calendar), _ => _retention.Run()),
        new ScheduledJob(DigestJob, now => ScheduleTimes.MostRecentWeekly(now, _options.DigestDay, _options.DigestTime, _calendar), QueueDigest),
    };

    protected override TimeSpan PollInterval => _options.PollInterval;
    protected override OutboxWakeup? Wakeup => _checks.Wakeup;
    protected override string Name => "Follow-up";

    /// <summary>One pass: due checks, then the recurring jobs. Returns how many checks were settled or sent.</summary>
    public override async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await _pass.WaitAsync(ct);
        try
        {
            if (!_started)
            {
                foreach (var item in _checks.RecoverInterrupted())
                {
                    _log.LogWarning("Follow-up {Id} was interrupted mid-send by a restart; trying again", item.Id);
                }
                _started = true;
            }
            var done = 0;
            foreach (var item in _checks.Due(_clock.GetUtcNow(), max: 100))
            {
                ct.ThrowIfCancellationRequested();
                var settled = item.Kind switch
                {
                    FollowUpKind.LockNudge => await LockNudgeAsync(item, ct),
                    FollowUpKind.RecordingCheck => CheckRecording(item),
                    _ => false,
                };
                if (settled) done++;
            }
            foreach (var job in Jobs)
            {
                _jobs.RunIfDue(job);
            }
            return done;
        }
        finally
        {
            _pass.Release();
        }
    }

    private async Task<bool> LockNudgeAsync(FollowUpItem item, CancellationToken ct)
    {
        var session = _db.Sessions.FindById(item.SessionId);
        var now = _clock.GetUtcNow();
        if (session is null || session.Status is not (SessionStatus.Scheduled or SessionStatus.Completed))
        {
            _checks.Skip(item, "session no longer scheduled");
            return false;
        }
        // A nudge to lock a meeting that is over helps nobody (and would puzzle the host later).
        if (session.Activity?.EndedAt is not null || now > session.End.AddHours(1))
        {
            _checks.Skip(item, "the meeting ended before the nudge could be sent");
            return false;
        }
        var chat = _installations.PersonalChatOf(session.HostId);
        if (chat is null)
        {
            if (item.LastError is null)
            {
                _log.LogWarning("Lock nudge for session {SessionId} waits: the host has no personal chat with the bot", session.Id);
                _checks.MarkFailed(item, "the host has no personal chat with the bot");
            }
            return false;
        }
        _checks.MarkSending(item);
        try
        {
            await _teams.PostCardAsync(chat, _cards.LockNudge(session), $"Lock the meeting for session {session.Id}", ct);
            var sentAt = _clock.GetUtcNow();
            _db.InTransaction(() =>
            {
                _checks.Complete(item, "host nudged");
                _db.AppendAudit(sentAt, "system", "lock_nudge.sent", new[] { session.Id },
                    $"Everyone expected had joined ({MeetingFollowUp.JoinedCount(session)} of {MeetingFollowUp.ExpectedCount(session)}); the host was asked to lock the meeting (P8)");
            });
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            _log.LogWarning(e, "Lock nudge for session {SessionId} not sent (attempt {Attempt})", session.Id, item.Attempts);
            if (item.Attempts >= _options.MaxAttempts)
            {
                _db.InTransaction(() =>
                {
                    _checks.Skip(item, "Teams refused it repeatedly");
                    _db.AppendAudit(_clock.GetUtcNow(), "system", "lock_nudge.failed", new[] { session.Id }, $"Lock nudge gave up after {item.Attempts} attempts");
                });
            }
            else
            {
                _checks.MarkFailed(item, e.GetType().Name);
            }
            return false;
        }
    }

    /// <summary>P5: settles a due recording check; no completed recording → alert the managers (queued with the closing, once).</summary>
    private bool CheckRecording(FollowUpItem item)
    {
        var session = _db.Sessions.FindById(item.SessionId);
        if (session is null)
        {
            _checks.Skip(item, "session not found");
            return false;
        }
        if (session.Activity?.RecordingCompletedAt is { } completed)
        {
            _checks.Complete(item, $"recording completed at {completed:u}");
            return true;
        }
        var now = _clock.GetUtcNow();
        var endedAt = session.Activity?.EndedAt ?? item.DueAt - _options.RecordingWait;
        var card = _cards.MissingRecording(session, endedAt, now - endedAt);
        _db.InTransaction(() =>
        {
            _db.Notices.Insert(new StaffNotice
            {
                Id = $"missing-recording:{session.Id}",
                Recipient = StaffNotice.Managers,
                Text = $"No recording for session {session.Id}",
                CardJson = card.ToString(Newtonsoft.Json.Formatting.None),
                Records = { session.Id },
                CreatedAt = now,
            });
            _checks.Complete(item, "managers alerted: no completed recording");
            _db.AppendAudit(now, "system", "recording.missing", new[] { session.Id },
                $"No completed recording reported by Zoom {Durations.Text(now - endedAt)} after the meeting ended; managers alerted (P5). Attendance recorded besides the host: {session.Activity?.ParticipantsJoined ?? 0} joined, {session.Activity?.ParticipantsLeft ?? 0} left.");
        });
        _log.LogWarning("No recording for session {SessionId}; managers alerted (P5)", session.Id);
        return true;
    }

    /// <summary>Queues the digest for <paramref name="occurrence"/> in the StaffNotices outbox (inside the job's transaction).</summary>
    private void QueueDigest(DateTimeOffset occurrence)
    {
        var now = _clock.GetUtcNow();
        var card = _digest.Card(occurrence, now);
        var key = _calendar.LocalDate(occurrence).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        _db.Notices.Insert(new StaffNotice
        {
            Id = $"weekly-digest:{key}",
            Recipient = StaffNotice.Managers,
            Text = "Weekly safeguarding digest",
            CardJson = card.ToString(Newtonsoft.Json.Formatting.None),
            CreatedAt = now,
        });
        _db.AppendAudit(now, "system", "digest.queued", Array.Empty<string>(), $"Weekly safeguarding digest for the week before {key} queued for the managers' channel");
    }
}

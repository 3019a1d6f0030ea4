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
/// between sends the nudge again on restart if the meeting is still going. Every check is claimed
/// (<see cref="WorkClaims"/>) and read again before it is worked on, and each recurring job runs under a claim
/// of its own, so when several bot instances share one database each is done by one of them.
/// </summary>
public sealed class FollowUpWorker : PollingWorker
{
    public const string DigestJob = "weekly-digest";
    public const string RetentionJobName = "retention";

    private readonly FollowUpChecks _checks;
    private readonly ISessionRepository _sessions;
    private readonly IStaffNoticeOutbox _notices;
    private readonly IStoreTransactions _transactions;
    private readonly IAuditTrail _audit;
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
    private readonly WorkClaims _claims;
    private readonly SemaphoreSlim _pass = new(1, 1);

    public FollowUpWorker(FollowUpChecks checks, ISessionRepository sessions, IStaffNoticeOutbox notices, IStoreTransactions transactions, IAuditTrail audit,
        IScheduledJobRepository jobs, FollowUpCards cards, WeeklyDigest digest, RetentionJob retention, TeamsMessenger teams,
        InstallationStore installations, WorkClaims claims, IOptions<SafeguardingOptions> policy, TimeProvider clock, IOptions<FollowUpOptions> options,
        ILogger<FollowUpWorker> log)
        : base(clock, log)
    {
        _checks = checks;
        _sessions = sessions;
        _notices = notices;
        _transactions = transactions;
        _audit = audit;
        _cards = cards;
        _digest = digest;
        _retention = retention;
        _teams = teams;
        _installations = installations;
        _calendar = new OrgCalendar(policy.Value);
        _clock = clock;
        _options = options.Value;
        _log = log;
        _claims = claims;
        _jobs = new ScheduledJobRunner(jobs, transactions, audit, claims, clock, _options, log);
    }

    /// <summary>The recurring jobs, in the order a pass runs them.</summary>
    public IReadOnlyList<ScheduledJob> Jobs => new[]
    {
        new ScheduledJob(RetentionJobName, now => ScheduleTimes.MostRecentDaily(now, _options.RetentionTime, _calendar), _ => _retention.RunAsync()),
        new ScheduledJob(DigestJob, now => ScheduleTimes.MostRecentWeekly(now, _options.DigestDay, _options.DigestTime, _calendar), QueueDigestAsync),
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
            var done = 0;
            foreach (var due in await _checks.DueAsync(_clock.GetUtcNow(), max: 100, ct))
            {
                ct.ThrowIfCancellationRequested();
                var settled = await _claims.DoOnceAsync($"follow-up:{due.Id}",
                    async () => await _checks.FindAsync(due.Kind, due.SessionId, ct),
                    fresh => fresh.Status is FollowUpStatus.Pending or FollowUpStatus.Sending && fresh.OutstandingDueUtc is not null,
                    async item =>
                    {
                        if (item.Status == FollowUpStatus.Sending)
                        {
                            _log.LogWarning("Follow-up {Id} was interrupted mid-send (a restart, or an instance that stopped); trying again", item.Id);
                        }
                        return item.Kind switch
                        {
                            FollowUpKind.LockNudge => await LockNudgeAsync(item, ct),
                            FollowUpKind.RecordingCheck => await CheckRecordingAsync(item, ct),
                            _ => false,
                        };
                    },
                    ct);
                if (settled) done++;
            }
            foreach (var job in Jobs)
            {
                await _jobs.RunIfDueAsync(job, ct);
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
        var session = await _sessions.FindAsync(item.SessionId, ct);
        var now = _clock.GetUtcNow();
        if (session is null || session.Status is not (SessionStatus.Scheduled or SessionStatus.Completed))
        {
            await _checks.SkipAsync(item, "session no longer scheduled", ct);
            return false;
        }
        // A nudge to lock a meeting that is over helps nobody (and would puzzle the host later).
        if (session.Activity?.EndedAt is not null || now > session.End.AddHours(1))
        {
            await _checks.SkipAsync(item, "the meeting ended before the nudge could be sent", ct);
            return false;
        }
        var chat = await _installations.PersonalChatOfAsync(session.HostId, ct);
        if (chat is null)
        {
            if (item.LastError is null)
            {
                _log.LogWarning("Lock nudge for session {SessionId} waits: the host has no personal chat with the bot", session.Id);
                await _checks.MarkFailedAsync(item, "the host has no personal chat with the bot", ct);
            }
            return false;
        }
        await _checks.MarkSendingAsync(item, ct);
        try
        {
            await _teams.PostCardAsync(chat, _cards.LockNudge(session), $"Lock the meeting for session {session.Id}", ct);
            var sentAt = _clock.GetUtcNow();
            await _transactions.RunAsync(async () =>
            {
                await _checks.CompleteAsync(item, "host nudged");
                await _audit.AppendAsync(sentAt, "system", "lock_nudge.sent", new[] { session.Id },
                    $"Everyone expected had joined ({MeetingFollowUp.JoinedCount(session)} of {MeetingFollowUp.ExpectedCount(session)}); the host was asked to lock the meeting (P8)");
            });
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            _log.LogWarning(e, "Lock nudge for session {SessionId} not sent (attempt {Attempt})", session.Id, item.Attempts);
            if (item.Attempts >= _options.MaxAttempts)
            {
                await _transactions.RunAsync(async () =>
                {
                    await _checks.SkipAsync(item, "Teams refused it repeatedly");
                    await _audit.AppendAsync(_clock.GetUtcNow(), "system", "lock_nudge.failed", new[] { session.Id }, $"Lock nudge gave up after {item.Attempts} attempts");
                });
            }
            else
            {
                await _checks.MarkFailedAsync(item, e.GetType().Name);
            }
            return false;
        }
    }

    /// <summary>P5: settles a due recording check; no completed recording → alert the managers (queued with the closing, once).</summary>
    private async Task<bool> CheckRecordingAsync(FollowUpItem item, CancellationToken ct)
    {
        var session = await _sessions.FindAsync(item.SessionId, ct);
        if (session is null)
        {
            await _checks.SkipAsync(item, "session not found", ct);
            return false;
        }
        if (session.Activity?.RecordingCompletedAt is { } completed)
        {
            await _checks.CompleteAsync(item, $"recording completed at {completed:u}", ct);
            return true;
        }
        var now = _clock.GetUtcNow();
        var endedAt = session.Activity?.EndedAt ?? item.DueAt - _options.RecordingWait;
        var card = await _cards.MissingRecordingAsync(session, endedAt, now - endedAt, ct);
        await _transactions.RunAsync(async () =>
        {
            await _notices.InsertAsync(new StaffNotice
            {
                Id = $"missing-recording:{session.Id}",
                Recipient = StaffNotice.Managers,
                Text = $"No recording for session {session.Id}",
                CardJson = card.ToString(Newtonsoft.Json.Formatting.None),
                Records = { session.Id },
                CreatedAt = now,
            }, ct);
            await _checks.CompleteAsync(item, "managers alerted: no completed recording", ct);
            await _audit.AppendAsync(now, "system", "recording.missing", new[] { session.Id },
                $"No completed recording reported by Zoom {Durations.Text(now - endedAt)} after the meeting ended; managers alerted (P5). Attendance recorded besides the host: {session.Activity?.ParticipantsJoined ?? 0} joined, {session.Activity?.ParticipantsLeft ?? 0} left.", ct);
        }, ct);
        _log.LogWarning("No recording for session {SessionId}; managers alerted (P5)", session.Id);
        return true;
    }

    /// <summary>Queues the digest for <paramref name="occurrence"/> in the StaffNotices outbox (inside the job's transaction).</summary>
    private async Task QueueDigestAsync(DateTimeOffset occurrence)
    {
        var now = _clock.GetUtcNow();
        var card = await _digest.CardAsync(occurrence, now);
        var key = _calendar.LocalDate(occurrence).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await _notices.InsertAsync(new StaffNotice
        {
            Id = $"weekly-digest:{key}",
            Recipient = StaffNotice.Managers,
            Text = "Weekly safeguarding digest",
            CardJson = card.ToString(Newtonsoft.Json.Formatting.None),
            CreatedAt = now,
        });
        await _audit.AppendAsync(now, "system", "digest.queued", Array.Empty<string>(), $"Weekly safeguarding digest for the week before {key} queued for the managers' channel");
    }
}

using Chexs.Bot.Outbox;
using Chexs.Bot.Graph;
using Chexs.Bot.Notices;
using Chexs.Bot.Records;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Storage;
using Chexs.Bot.Teams;
using Microsoft.Extensions.Options;

namespace Chexs.Bot.Reminders;

public sealed class ReminderOptions
{
    public const string Section = "Reminders";

    /// <summary>How often the worker looks for due reminders.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(20);
    /// <summary>A reminder sent later than this after it was due says when it was due.</summary>
    public TimeSpan LateAfter { get; set; } = TimeSpan.FromMinutes(2);
    /// <summary>Give up on a reminder Teams keeps refusing after this many attempts (and tell the managers).</summary>
    public int MaxAttempts { get; set; } = 5;
    /// <summary>
    /// How long one post to Teams may take. A stopping bot lets a post in flight finish (within this, which is
    /// under the host's 30-second shutdown allowance) instead of cancelling it, because a cancelled post may
    /// already be in Teams and would be sent again after the restart.
    /// </summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(20);
}

/// <summary>
/// Sends due reminders (G5): into the staff channel (initials only, no join link or passcode — P3, G6)
/// and to the host's personal chat (with a fresh start link). Driven by <see cref="TimeProvider"/>, so
/// tests move the clock instead of waiting.
///
/// Exactly once as far as staff can tell:
/// - everything that can take time or fail without Teams (reading the session, asking Zoom for the host's
///   start link, rendering the card) happens first; then the reminder is written "Sending", handed to Teams,
///   and written "Sent" straight after Teams answers. The Bot Connector has no idempotency key and the bot
///   cannot read a channel back, so the one window is from the post leaving to that "Sent" write: Teams'
///   round trip plus one local write. A hard kill (SIGKILL, power loss) exactly there leaves it "Sending",
///   and the next start sends it again — at most one repeat per kill, as passes send one reminder at a
///   time. A lost safeguarding reminder is worse than that rare repeat, so the repeat is the choice;
/// - when several bot instances share one PostgreSQL database, each reminder is claimed for one lease
///   (<see cref="WorkClaims"/>, Storage:ClaimLease) and read again before it is sent, so one instance sends it. A
///   reminder found "Sending" when claimed was interrupted (its instance was killed, or this one restarted): the
///   claim it was sent under has lapsed, and it is sent again, as above. On PostgreSQL that happens once the
///   killed instance's lease has passed; on LiteDB (one process) at once after the restart;
/// - a graceful stop (SIGTERM, a redeploy) never opens the window: the post in flight is not cancelled but
///   finishes (within <see cref="ReminderOptions.SendTimeout"/>) and is recorded, and no new one starts;
/// - a reminder missed while the bot was down is sent when it comes back, saying when it was due —
///   unless the session has started by then (scheduled start passed, or Zoom said it started): a
///   reminder after the start helps nobody, so it is skipped and the skip audited;
/// - cancellation and rescheduling change the stored reminders in the same transaction as the session,
///   and the session's status is checked again just before sending.
/// At start-up the worker also gives every future scheduled session the reminders the current G5
/// offsets call for (sessions imported or booked while offsets were different).
/// </summary>
public sealed class ReminderWorker : PollingWorker
{
    private readonly ReminderStore _store;
    private readonly ISessionRepository _sessions;
    private readonly IStoreTransactions _transactions;
    private readonly IAuditTrail _audit;
    private readonly ReminderComposer _composer;
    private readonly TeamsMessenger _teams;
    private readonly InstallationStore _installations;
    private readonly StaffNotices _notices;
    private readonly WorkClaims _claims;
    private readonly SafeguardingOptions _policy;
    private readonly TimeProvider _clock;
    private readonly ReminderOptions _options;
    private readonly ILogger<ReminderWorker> _log;
    // One pass at a time, whether from the loop or a caller (tests, a wake-up).
    private readonly SemaphoreSlim _pass = new(1, 1);
    private bool _started;

    public ReminderWorker(ReminderStore store, ISessionRepository sessions, IStoreTransactions transactions, IAuditTrail audit, ReminderComposer composer, TeamsMessenger teams, InstallationStore installations,
        StaffNotices notices, WorkClaims claims, IOptions<SafeguardingOptions> policy, TimeProvider clock, IOptions<ReminderOptions> options, ILogger<ReminderWorker> log)
        : base(clock, log)
    {
        _store = store;
        _sessions = sessions;
        _transactions = transactions;
        _audit = audit;
        _composer = composer;
        _teams = teams;
        _installations = installations;
        _notices = notices;
        _claims = claims;
        _policy = policy.Value;
        _clock = clock;
        _options = options.Value;
        _log = log;
    }

    /// <summary>Wake the worker now instead of at its next poll.</summary>

    protected override TimeSpan PollInterval => _options.PollInterval;
    protected override string Name => "Reminder";

    /// <summary>One pass: everything due now. Returns how many reminders were sent.</summary>
    public override async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await _pass.WaitAsync(ct);
        try
        {
            if (!_started)
            {
                await StartUpAsync(ct);
                _started = true;
            }
            var sent = 0;
            foreach (var due in await _store.DueAsync(_clock.GetUtcNow(), max: 200, ct))
            {
                ct.ThrowIfCancellationRequested();
                if (await _claims.DoOnceAsync($"reminder:{due.Id}",
                        async () => await _store.FindAsync(due.Id, ct),
                        fresh => fresh.Status is ReminderStatus.Pending or ReminderStatus.Sending && fresh.OutstandingDueUtc is not null,
                        fresh => HandleClaimedAsync(fresh, ct),
                        ct))
                {
                    sent++;
                }
            }
            return sent;
        }
        finally
        {
            _pass.Release();
        }
    }

    private Task<bool> HandleClaimedAsync(Reminder reminder, CancellationToken ct)
    {
        if (reminder.Status == ReminderStatus.Sending)
        {
            // Teams may have shown it already; sending again is the lesser harm (see the class comment).
            _log.LogWarning("Reminder {ReminderId} was interrupted mid-send (a restart, or an instance that stopped); sending it again", reminder.Id);
        }
        return HandleAsync(reminder, ct);
    }

    private async Task StartUpAsync(CancellationToken ct)
    {
        var now = _clock.GetUtcNow();
        var future = (await _sessions.StartingAfterAsync(now, ct)).Where(s => s.Status == SessionStatus.Scheduled).ToList();
        foreach (var session in future)
        {
            await _store.ScheduleAsync(session, _policy.ReminderOffsets, _policy.Zone, withdrawnReason: "reminder times changed", ct);
        }
    }

    private async Task<bool> HandleAsync(Reminder reminder, CancellationToken ct)
    {
        var now = _clock.GetUtcNow();
        var session = await _sessions.FindAsync(reminder.SessionId, ct);
        if (session is null || session.Status != SessionStatus.Scheduled)
        {
            await _store.SkipAsync(reminder, session is null ? "session not found" : $"session {session.Status.ToString().ToLowerInvariant()}");
            return false;
        }
        if (now >= session.Start || session.Activity?.StartedAt is not null)
        {
            await _transactions.RunAsync(async () =>
            {
                await _store.SkipAsync(reminder, "session already started", ct);
                await _audit.AppendAsync(now, "system", "reminder.skipped", new[] { session.Id },
                    $"{reminder.Audience} reminder due {Local(reminder.DueAt)} not sent: the session had already started", ct);
            }, ct);
            return false;
        }

        var where = reminder.Audience == ReminderAudience.Channel ? await _teams.StaffChannelAsync(ct) : await _installations.PersonalChatOfAsync(session.HostId, ct);
        if (where is null)
        {
            // Not installed there yet: stays due, and goes as soon as it is (or is skipped once the session starts).
            var why = reminder.Audience == ReminderAudience.Channel ? "the app is not installed in a team" : "the host has no personal chat with the bot";
            if (reminder.LastError != why)
            {
                _log.LogWarning("Reminder {ReminderId} waits: {Why}", reminder.Id, why);
                await _store.MarkFailedAsync(reminder, why, ct);
            }
            return false;
        }

        var late = now - reminder.DueAt > _options.LateAfter ? reminder.DueAt : (DateTimeOffset?)null;
        var marked = false;
        try
        {
            // Composed before the reminder is marked "Sending": a Zoom call or a stop here sends nothing twice.
            Newtonsoft.Json.Linq.JObject card;
            var note = "";
            if (reminder.Audience == ReminderAudience.Channel)
            {
                card = await _composer.ChannelCardAsync(session, late, ct);
            }
            else
            {
                var host = await _composer.HostCardAsync(session, late, ct);
                card = host.Card;
                note = host.HasStartLink ? "" : ", without a start link (Zoom did not give one)";
            }
            await _store.MarkSendingAsync(reminder, ct);
            marked = true;
            // Not the stopping token: see ReminderOptions.SendTimeout.
            using var sendLimit = new CancellationTokenSource(_options.SendTimeout, _clock);
            var posted = await _teams.PostCardAsync(where, card, $"Reminder: {session.Programme.Display()} session {session.Id}", sendLimit.Token);
            var sentAt = _clock.GetUtcNow();
            // Recorded even while the bot stops: Teams has the post, so "sent" must not be lost (no token).
            await _transactions.RunAsync(async () =>
            {
                await _store.MarkSentAsync(reminder, sentAt, late is not null, posted.ConversationId, posted.ActivityId);
                if (late is not null) Telemetry.ChexsTelemetry.RecordLateReminder(reminder.Audience.ToString());
                await _audit.AppendAsync(sentAt, "system", "reminder.sent", new[] { session.Id },
                    $"{reminder.Audience} reminder ({OffsetText(reminder.OffsetMinutes)} before){(late is null ? "" : $", sent late (due {Local(reminder.DueAt)})")}{note}");
            });
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            if (!marked) reminder.Attempts++;   // a failure before the post counts as an attempt too
            _log.LogWarning(e, "Reminder {ReminderId} could not be sent (attempt {Attempt})", reminder.Id, reminder.Attempts);
            if (reminder.Attempts >= _options.MaxAttempts)
            {
                await _transactions.RunAsync(async () =>
                {
                    await _store.SkipAsync(reminder, "Teams refused it repeatedly", ct);
                    await _audit.AppendAsync(_clock.GetUtcNow(), "system", "reminder.failed", new[] { session.Id },
                        $"{reminder.Audience} reminder ({OffsetText(reminder.OffsetMinutes)} before) gave up after {reminder.Attempts} attempts", ct);
                    await _notices.EnqueueAsync(StaffNotice.Managers,
                        $"I could not post the {OffsetText(reminder.OffsetMinutes)} reminder for {session.Programme.Display()} session {session.Id} " +
                        $"({LocalTimes.Describe(session.Start, session.DurationMinutes, _policy.Zone)}) to {(reminder.Audience == ReminderAudience.Channel ? "the staff channel" : "the host")}: Teams refused it {reminder.Attempts} times. Please remind the host yourselves.",
                        new[] { session.Id }, ct: ct);
                }, CancellationToken.None);
            }
            else
            {
                await _store.MarkFailedAsync(reminder, e.GetType().Name, CancellationToken.None);
            }
            return false;
        }
    }

    private string Local(DateTimeOffset at) => $"{LocalTimes.ShortDate(at, _policy.Zone)} {LocalTimes.TimeOfDay(at, _policy.Zone)}";

    /// <summary>"24 hours", "15 minutes", "2 days".</summary>
    public static string OffsetText(int minutes) => minutes switch
    {
        _ when minutes % (24 * 60) == 0 && minutes >= 2 * 24 * 60 => $"{minutes / (24 * 60)} days",
        _ when minutes % 60 == 0 => minutes == 60 ? "1 hour" : $"{minutes / 60} hours",
        1 => "1 minute",
        _ => $"{minutes} minutes",
    };
}

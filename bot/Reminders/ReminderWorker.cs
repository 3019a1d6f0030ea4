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
}

/// <summary>
/// Sends due reminders: into the staff channel (no join link or passcode, initials only) and to the
/// host's personal chat (with the start link). Driven by <see cref="TimeProvider"/> so tests move the clock.
/// Exactly once as far as staff can tell: a reminder is marked Sent in the same breath as Teams accepts
/// it; one interrupted mid-send is sent again at start-up (a lost safeguarding reminder is worse than
/// the rare repeat in that millisecond window). A reminder missed while the bot was down is sent late
/// and says when it was due — unless the session has already started, then it is skipped and audited.
/// </summary>
public sealed class ReminderWorker : BackgroundService
{
    private readonly ReminderStore _store;
    private readonly ChexsDatabase _db;
    private readonly ReminderComposer _composer;
    private readonly TeamsMessenger _teams;
    private readonly TimeProvider _clock;
    private readonly ReminderOptions _options;
    private readonly ILogger<ReminderWorker> _log;

    public ReminderWorker(ReminderStore store, ChexsDatabase db, ReminderComposer composer, TeamsMessenger teams, TimeProvider clock,
        IOptions<ReminderOptions> options, ILogger<ReminderWorker> log)
    {
        _store = store;
        _db = db;
        _composer = composer;
        _teams = teams;
        _clock = clock;
        _options = options.Value;
        _log = log;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var recovered = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!recovered)
                {
                    var count = _store.RecoverInterrupted();
                    recovered = true;
                    if (count > 0)
                    {
                        _log.LogWarning("{Count} reminder(s) were interrupted mid-send by a restart; sending them again", count);
                    }
                }
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _log.LogError(e, "Reminder pass failed; will try again");
            }
            await Task.Delay(_options.PollInterval, _clock, stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
        }
    }

    /// <summary>One pass: everything due now. Returns how many reminders were sent.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = _clock.GetUtcNow();
        var sent = 0;
        foreach (var reminder in _store.Due(now, max: 200))
        {
            var session = _db.Sessions.FindById(reminder.SessionId);
            if (session is null || session.Status != SessionStatus.Scheduled)
            {
                _store.Skip(reminder, session is null ? "session not found" : $"session {session.Status.ToString().ToLowerInvariant()}");
                continue;
            }
            if (now >= session.Start)
            {
                _store.Skip(reminder, "session already started");
                _db.AppendAudit(now, "system", "reminder.skipped", new[] { session.Id }, $"{reminder.Audience} reminder due {reminder.DueAt:u} not sent: the session had already started");
                continue;
            }
            if (await SendAsync(reminder, session, now, ct))
            {
                sent++;
            }
        }
        return sent;
    }

    private async Task<bool> SendAsync(Reminder reminder, Session session, DateTimeOffset now, CancellationToken ct)
    {
        var late = now - reminder.DueAt > _options.LateAfter ? reminder.DueAt : (DateTimeOffset?)null;
        var where = reminder.Audience == ReminderAudience.Channel
            ? _teams.StaffChannel()
            : _db.Installations.FindOne(i => i.Scope == "personal" && i.UserAadObjectId == session.HostId);
        if (where is null)
        {
            // Not installed there (yet): keep it outstanding so it goes as soon as the app is installed.
            _store.MarkFailed(reminder, reminder.Audience == ReminderAudience.Channel ? "the app is not installed in a team" : "the host has no personal chat with the bot");
            return false;
        }
        _store.MarkSending(reminder);
        try
        {
            var card = reminder.Audience == ReminderAudience.Channel
                ? _composer.ChannelCard(session, late)
                : await _composer.HostCardAsync(session, late, ct);
            var posted = await _teams.PostCardAsync(where, card, $"Reminder: session {session.Id}", ct);
            _store.MarkSent(reminder, _clock.GetUtcNow(), posted.ConversationId, posted.ActivityId);
            _db.AppendAudit(_clock.GetUtcNow(), "system", "reminder.sent", new[] { session.Id },
                $"{reminder.Audience} reminder ({reminder.OffsetMinutes} min before){(late is null ? "" : ", sent late")}");
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _log.LogWarning(e, "Reminder {ReminderId} could not be sent (attempt {Attempt})", reminder.Id, reminder.Attempts);
            if (reminder.Attempts >= _options.MaxAttempts)
            {
                _store.Skip(reminder, "Teams refused it repeatedly");
                _db.AppendAudit(_clock.GetUtcNow(), "system", "reminder.failed", new[] { session.Id }, $"{reminder.Audience} reminder gave up after {reminder.Attempts} attempts");
            }
            else
            {
                _store.MarkFailed(reminder, e.GetType().Name);
            }
            return false;
        }
    }
}

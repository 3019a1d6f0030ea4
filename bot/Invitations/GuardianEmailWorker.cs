using Chexs.Bot.Graph;
using Chexs.Bot.Notices;
using Chexs.Bot.Outbox;
using Chexs.Bot.Storage;
using Microsoft.Extensions.Options;

namespace Chexs.Bot.Invitations;

/// <summary>
/// Sends the guardian-email outbox. One pass (<see cref="RunOnceAsync"/>) takes every due row in order:
/// <list type="number">
/// <item>If an earlier attempt may have gone through (<see cref="GuardianEmailRow.MaybeSent"/>), it first asks
/// the sender whether the message is already in Sent Items, and marks it sent if so.</item>
/// <item>Otherwise it records the attempt (MaybeSent = true) BEFORE calling Microsoft 365, then sends.</item>
/// <item>429 → retry after Retry-After; 5xx/timeouts → retry with backoff (checking Sent Items first);
/// other 4xx or too many attempts → failed, and the host gets a StaffNotice (no join details in it).</item>
/// </list>
/// Each row is claimed (<see cref="WorkClaims"/>) and read again before it is worked on, so when several bot
/// instances share one database exactly one of them sends it; an instance killed mid-send leaves the row "maybe sent",
/// and whoever takes it over after the claim's lease looks in Sent Items before sending again.
/// Between passes it waits for a wake-up (<see cref="GuardianInvitations.Wakeup"/>) or Graph:OutboxPollSeconds
/// on the injected clock. Logs never include bodies, join links or passcodes: only row and session ids.
/// </summary>
public sealed class GuardianEmailWorker : PollingWorker
{
    private readonly IGuardianEmailOutbox _outbox;
    private readonly IStoreTransactions _transactions;
    private readonly IAuditTrail _audit;
    private readonly IMailSender _sender;
    private readonly WorkClaims _claims;
    private readonly StaffNotices _notices;
    private readonly GuardianInvitations _invitations;
    private readonly GraphOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<GuardianEmailWorker> _log;

    public GuardianEmailWorker(IGuardianEmailOutbox outbox, IStoreTransactions transactions, IAuditTrail audit, IMailSender sender, WorkClaims claims, StaffNotices notices, GuardianInvitations invitations,
        IOptions<GraphOptions> options, TimeProvider clock, ILogger<GuardianEmailWorker> log)
        : base(clock, log)
    {
        _outbox = outbox;
        _transactions = transactions;
        _audit = audit;
        _sender = sender;
        _claims = claims;
        _notices = notices;
        _invitations = invitations;
        _options = options.Value;
        _clock = clock;
        _log = log;
    }

    private int MaxAttempts => Math.Max(1, _options.OutboxMaxAttempts);

    protected override TimeSpan PollInterval => TimeSpan.FromSeconds(Math.Max(1, _options.OutboxPollSeconds));
    protected override OutboxWakeup? Wakeup => _invitations.Wakeup;
    protected override string Name => "Guardian email outbox";

    /// <summary>Processes every row that is due now. Returns how many rows it looked at.</summary>
    public override async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var now = _clock.GetUtcNow();
        var due = (await _outbox.PendingAsync(cancellationToken))
            .Where(r => r.NextAttemptAt <= now)
            .OrderBy(r => r.Id)
            .ToList();
        foreach (var row in due)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await _claims.DoOnceAsync($"guardian-email:{row.Id}",
                async () => await _outbox.FindAsync(row.Id, cancellationToken),
                fresh => fresh.Status == OutboxStatus.Pending && fresh.NextAttemptAt <= now,
                async fresh => { await ProcessAsync(fresh, cancellationToken); return true; },
                cancellationToken);
        }
        return due.Count;
    }

    private async Task ProcessAsync(GuardianEmailRow row, CancellationToken ct)
    {
        var mail = OutgoingMail.From(row, _options.SharedMailbox.Length > 0 ? _options.SharedMailbox : PickupFolderMailSender.DefaultMailbox);
        var now = _clock.GetUtcNow();

        if (row.MaybeSent)
        {
            // Give Exchange time to file the Sent Items copy of a message it accepted just before we lost track.
            var lookAfter = (row.LastAttemptAt ?? now) + OutboxTiming.ConfirmDelay;
            if (now < lookAfter)
            {
                row.NextAttemptAt = lookAfter;
                await _outbox.UpdateAsync(row, ct);
                return;
            }
            bool alreadySent;
            try
            {
                alreadySent = await _sender.WasSentAsync(mail, ct);
            }
            catch (DeliveryException failure) when (!ct.IsCancellationRequested)
            {
                // Could not look: leave it unsent-but-maybe and ask again later. Never send blind.
                row.LastError = $"Checking Sent Items: {failure.Message}";
                row.NextAttemptAt = now + OutboxTiming.NextDelay(row.Attempts, failure.RetryAfter);
                await _outbox.UpdateAsync(row, ct);
                _log.LogWarning("Guardian email {RowId} (session {SessionId}): could not check Sent Items ({Status}); retrying later.", row.Id, row.SessionId, failure.StatusCode);
                return;
            }
            if (alreadySent)
            {
                await MarkSentAsync(row, foundInSentItems: true);
                return;
            }
            row.MaybeSent = false;
        }

        if (row.Attempts >= MaxAttempts)
        {
            await FailAsync(row, row.LastError ?? "too many attempts");
            return;
        }

        // Record the attempt before making it: if we die during the call, the next run knows to check first.
        row.Attempts++;
        row.MaybeSent = true;
        row.LastAttemptAt = now;
        await _outbox.UpdateAsync(row, ct);

        try
        {
            await _sender.SendAsync(mail, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw; // shutting down mid-send: the row stays "maybe sent" and is checked on the next start
        }
        catch (Exception e)
        {
            var failure = e as DeliveryException ?? DeliveryException.Unexpected(e);
            row.LastError = failure.Message;
            switch (failure.Kind)
            {
                case DeliveryFailure.Permanent:
                    row.MaybeSent = false;
                    await FailAsync(row, failure.Message);
                    return;
                case DeliveryFailure.Throttled:
                    row.MaybeSent = false; // 429: Graph did not take the message
                    break;
            }
            var delay = OutboxTiming.NextDelay(row.Attempts, failure.RetryAfter);
            if (row.MaybeSent && delay < OutboxTiming.ConfirmDelay) delay = OutboxTiming.ConfirmDelay;
            row.NextAttemptAt = _clock.GetUtcNow() + delay;
            await _outbox.UpdateAsync(row, ct);
            _log.LogWarning("Guardian email {RowId} (session {SessionId}) attempt {Attempt} failed ({Kind} {Status}); next try in {Delay}.",
                row.Id, row.SessionId, row.Attempts, failure.Kind, failure.StatusCode, delay);
            return;
        }

        await MarkSentAsync(row, foundInSentItems: false);
    }

    // Not cancellable: once Graph has taken the message, recording that must not be abandoned half-way.
    private async Task MarkSentAsync(GuardianEmailRow row, bool foundInSentItems)
    {
        var now = _clock.GetUtcNow();
        await _transactions.RunAsync(async () =>
        {
            row.Status = OutboxStatus.Sent;
            row.SentAt = now;
            row.MaybeSent = false;
            row.FoundInSentItems = foundInSentItems;
            row.LastError = null;
            // The sent copy lives in the shared mailbox; we keep no join link or passcode once it has gone.
            row.ClearContent();
            await _outbox.UpdateAsync(row);
            await _audit.AppendAsync(now, "system", $"guardian-email.sent", [row.SessionId, row.PupilId, row.GuardianId],
                $"{row.Kind.Describe()} sent to guardian {row.GuardianId}{(foundInSentItems ? " (confirmed in Sent Items after an unclear attempt)" : "")}");
        });
        _log.LogInformation("Guardian email {RowId} ({Kind}, session {SessionId}) sent.", row.Id, row.Kind, row.SessionId);
    }

    private async Task FailAsync(GuardianEmailRow row, string reason)
    {
        var now = _clock.GetUtcNow();
        await _transactions.RunAsync(async () =>
        {
            row.Status = OutboxStatus.Failed;
            row.FailedAt = now;
            row.LastError = reason;
            await _outbox.UpdateAsync(row);
            await _notices.EnqueueAsync(row.HostId,
                $"P3: CHEXS could not email the {row.Kind.Describe()} for session {row.SessionId} ({row.SessionWhen}) to {Describe(row)}, " +
                $"guardian of {row.PupilInitials}, after {row.Attempts} attempt(s). The mail service said: {reason}. " +
                "Please check the guardian's email address in their record, then send the session's invitations again.",
                [row.SessionId, row.PupilId, row.GuardianId]);
            await _audit.AppendAsync(now, "system", "guardian-email.failed", [row.SessionId, row.PupilId, row.GuardianId],
                $"{row.Kind.Describe()} to guardian {row.GuardianId} given up: {reason}");
        });
        _log.LogWarning("Guardian email {RowId} ({Kind}, session {SessionId}) failed permanently; host told.", row.Id, row.Kind, row.SessionId);
    }

    private static string Describe(GuardianEmailRow row) => string.IsNullOrWhiteSpace(row.ToName) ? row.GuardianId : row.ToName;
}

using Chexs.Bot.Teams;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Notices;

/// <summary>
/// Delivers queued <see cref="StaffNotice"/>s into Teams: a staff member's personal chat, or the
/// managers' channel. A notice that cannot be delivered yet (no chat installed) stays queued. Each notice is
/// claimed (<see cref="Storage.WorkClaims"/>) and read again before it is posted, so when several bot instances
/// share one database one of them posts it.
/// Teams has no idempotency key: an instance killed between Teams taking a notice and its "sent" write leaves
/// it to be posted again by another instance once the claim's lease (Storage:ClaimLease) has passed.
/// </summary>
public sealed class NoticeDeliveryWorker : Outbox.PollingWorker
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    /// <summary>Attempts before a notice is given up (the outbox backlog counts the rest as failed).</summary>
    public const int MaxAttempts = 20;

    private readonly StaffNotices _notices;
    private readonly TeamsMessenger _teams;
    private readonly InstallationStore _installations;
    private readonly Storage.WorkClaims _claims;
    private readonly TimeProvider _clock;
    private readonly ILogger<NoticeDeliveryWorker> _log;

    public NoticeDeliveryWorker(StaffNotices notices, TeamsMessenger teams, InstallationStore installations, Storage.WorkClaims claims, TimeProvider clock, ILogger<NoticeDeliveryWorker> log)
        : base(clock, log)
    {
        _notices = notices;
        _teams = teams;
        _installations = installations;
        _claims = claims;
        _clock = clock;
        _log = log;
    }

    protected override TimeSpan PollInterval => Interval;
    protected override Outbox.OutboxWakeup? Wakeup => _notices.Wakeup;
    protected override string Name => "Staff notice delivery";

    // One pass at a time, whether from the loop or a caller (a wake-up, a test): two passes would both send a notice.
    private readonly SemaphoreSlim _pass = new(1, 1);

    public override async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await _pass.WaitAsync(ct);
        try
        {
            return await SendPendingAsync(ct);
        }
        finally
        {
            _pass.Release();
        }
    }

    private async Task<int> SendPendingAsync(CancellationToken ct)
    {
        var delivered = 0;
        foreach (var pending in await _notices.PendingAsync(MaxAttempts, ct))
        {
            ct.ThrowIfCancellationRequested();
            if (await _claims.DoOnceAsync($"notice:{pending.Id}",
                    async () => await _notices.FindAsync(pending.Id, ct),
                    fresh => fresh.SentAt is null && fresh.Attempts < MaxAttempts,
                    fresh => DeliverAsync(fresh, ct),
                    ct))
            {
                delivered++;
            }
        }
        return delivered;
    }

    /// <summary>Posts one claimed notice; true when Teams took it.</summary>
    private async Task<bool> DeliverAsync(StaffNotice notice, CancellationToken ct)
    {
        var where = notice.Recipient == StaffNotice.Managers ? await _teams.ManagersChannelAsync(ct) : await _installations.PersonalChatOfAsync(notice.Recipient, ct);
        if (where is null)
        {
            return false;
        }
        try
        {
            if (notice.CardJson is not null)
            {
                await _teams.PostCardAsync(where, JObject.Parse(notice.CardJson), notice.Text ?? "CHEXS Bot", ct);
            }
            else
            {
                await _teams.PostTextAsync(where, notice.Text ?? "", ct);
            }
            await _notices.MarkSentAsync(notice, ct);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            notice.Attempts++;
            notice.LastError = e.GetType().Name;
            await _notices.UpdateAsync(notice, ct);
            _log.LogWarning(e, "Notice {NoticeId} not delivered (attempt {Attempt})", notice.Id, notice.Attempts);
            return false;
        }
    }
}

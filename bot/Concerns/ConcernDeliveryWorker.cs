using Chexs.Bot.Storage;
using Chexs.Bot.Teams;

namespace Chexs.Bot.Concerns;

/// <summary>
/// Posts each new concern into each Designated Safeguarding Lead's own 1:1 chat — never a channel. The card is rendered
/// from the record at the moment of sending (the outbox row holds no concern text), the row is marked sent straight
/// after Teams takes it, and a lead whose chat the bot does not know yet keeps their delivery queued until they open it.
/// </summary>
public sealed class ConcernDeliveryWorker : Outbox.PollingWorker
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private const int MaxAttempts = 20;

    private readonly IConcernDeliveryOutbox _outbox;
    private readonly SafeguardingConcerns _concerns;
    private readonly ConcernCards _cards;
    private readonly TeamsMessenger _teams;
    private readonly InstallationStore _installations;
    private readonly IAuditTrail _audit;
    private readonly TimeProvider _clock;
    private readonly ILogger<ConcernDeliveryWorker> _log;
    private readonly WorkClaims _claims;
    private readonly SemaphoreSlim _pass = new(1, 1);

    public ConcernDeliveryWorker(IConcernDeliveryOutbox outbox, SafeguardingConcerns concerns, ConcernCards cards, TeamsMessenger teams,
        InstallationStore installations, IAuditTrail audit, WorkClaims claims, TimeProvider clock, ILogger<ConcernDeliveryWorker> log) : base(clock, log)
    {
        _claims = claims;
        _outbox = outbox;
        _concerns = concerns;
        _cards = cards;
        _teams = teams;
        _installations = installations;
        _audit = audit;
        _clock = clock;
        _log = log;
    }

    protected override TimeSpan PollInterval => Interval;
    protected override Outbox.OutboxWakeup? Wakeup => _concerns.Wakeup;
    protected override string Name => "Safeguarding concern delivery";

    public override async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await _pass.WaitAsync(ct);
        try
        {
            var delivered = 0;
            foreach (var delivery in await _outbox.UnsentAsync(MaxAttempts, ct))
            {
                // Claimed first, like every outbox row: with several instances on one database a lead gets each concern once.
                if (await _claims.DoOnceAsync($"concern-delivery:{delivery.Id}",
                        async () => await _outbox.FindAsync(delivery.Id, ct),
                        fresh => fresh.SentAt is null && fresh.Attempts < MaxAttempts,
                        fresh => DeliverAsync(fresh, ct),
                        ct))
                {
                    delivered++;
                }
            }
            return delivered;
        }
        finally
        {
            _pass.Release();
        }
    }

    private async Task<bool> DeliverAsync(ConcernDelivery delivery, CancellationToken ct)
    {
        // Only a personal chat: InstallationStore answers for scope "personal" alone, so a channel can never be chosen here.
        if (await _installations.PersonalChatOfAsync(delivery.Recipient, ct) is not { Scope: "personal" } chat)
        {
            return false;
        }
        if (await _concerns.FileAsync(delivery.ConcernId, ct) is not { } file)
        {
            return false;
        }
        try
        {
            await _teams.PostCardAsync(chat, _cards.LeadCard(file), $"Safeguarding concern {file.Concern.Reference}", ct);
            delivery.SentAt = _clock.GetUtcNow();
            await _outbox.UpdateAsync(delivery, ct);
            await _audit.AppendAsync(delivery.SentAt.Value, "system", "concern.delivered", [file.Concern.Reference],
                $"{file.Concern.Reference} delivered to a lead's 1:1 chat ({delivery.Recipient})", ct);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            delivery.Attempts++;
            delivery.LastError = e.GetType().Name;
            await _outbox.UpdateAsync(delivery, ct);
            // The concern number and the error type only: never the card, which carries what was written.
            _log.LogWarning("Concern {Concern} not delivered to a lead (attempt {Attempt}, {Error})", file.Concern.Reference, delivery.Attempts, e.GetType().Name);
            return false;
        }
    }
}

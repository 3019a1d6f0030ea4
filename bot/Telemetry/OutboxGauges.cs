using System.Diagnostics.Metrics;
using Chexs.Bot.HostCalendar;
using Chexs.Bot.Invitations;

namespace Chexs.Bot.Telemetry;

/// <summary>How much one outbox has waiting, and since when.</summary>
public sealed record OutboxBacklog(string Outbox, int Pending, DateTimeOffset? OldestPendingSince);

/// <summary>Reads the outbox backlogs.</summary>
public interface IOutboxStats
{
    IReadOnlyList<OutboxBacklog> Read();
}

/// <summary>The backlogs through the outboxes' own ports (metrics callbacks are synchronous; the reads are short).</summary>
public sealed class StoreOutboxStats(IGuardianEmailOutbox emails, IHostCalendarChanges calendar, Notices.IStaffNoticeOutbox notices) : IOutboxStats
{
    public IReadOnlyList<OutboxBacklog> Read()
    {
        var mail = emails.PendingAsync().AsTask().GetAwaiter().GetResult().Select(e => e.CreatedAt).ToList();
        var changes = calendar.PendingAsync().AsTask().GetAwaiter().GetResult().Select(c => c.CreatedAt).ToList();
        var waiting = notices.UnsentAsync(int.MaxValue).AsTask().GetAwaiter().GetResult().Select(n => n.CreatedAt).ToList();
        return
        [
            new("guardian_email", mail.Count, mail.Count == 0 ? null : mail.Min()),
            new("host_calendar", changes.Count, changes.Count == 0 ? null : changes.Min()),
            new("staff_notice", waiting.Count, waiting.Count == 0 ? null : waiting.Min()),
        ];
    }
}

/// <summary>
/// chexs.outbox.backlog and chexs.outbox.oldest_pending_age, read when the metrics are collected (every
/// export interval), not on every change: a backlog that stops moving is what matters. The meter comes
/// from the host's IMeterFactory, so it (and its callbacks into the database) goes away with the host.
/// </summary>
public sealed class OutboxGauges(IOutboxStats stats, TimeProvider clock, IMeterFactory meters) : IHostedService
{
    private Meter? _meter;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _meter = meters.Create(ChexsTelemetry.Name);
        _meter.CreateObservableGauge("chexs.outbox.backlog", () =>
            stats.Read().Select(b => new Measurement<long>(b.Pending, new KeyValuePair<string, object?>("chexs.outbox", b.Outbox))),
            "{item}", "Items waiting in each outbox");
        _meter.CreateObservableGauge("chexs.outbox.oldest_pending_age", () =>
            stats.Read().Select(b => new Measurement<double>(
                b.OldestPendingSince is { } since ? Math.Max(0, (clock.GetUtcNow() - since).TotalSeconds) : 0,
                new KeyValuePair<string, object?>("chexs.outbox", b.Outbox))),
            "s", "Age of the oldest item waiting in each outbox");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

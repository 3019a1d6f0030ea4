using System.Diagnostics.Metrics;
using Chexs.Bot.HostCalendar;
using Chexs.Bot.Invitations;
using Chexs.Bot.Storage;

namespace Chexs.Bot.Telemetry;

/// <summary>How much one outbox has waiting, and since when.</summary>
public sealed record OutboxBacklog(string Outbox, int Pending, DateTimeOffset? OldestPendingSince);

/// <summary>
/// Reads the outbox backlogs. A small interface of its own so the storage refactor (repositories instead
/// of <see cref="ChexsDatabase"/> collections) only has to re-implement this one class.
/// </summary>
public interface IOutboxStats
{
    IReadOnlyList<OutboxBacklog> Read();
}

public sealed class LiteDbOutboxStats(ChexsDatabase db) : IOutboxStats
{
    public IReadOnlyList<OutboxBacklog> Read()
    {
        var emails = db.GuardianEmails.Find(e => e.Status == OutboxStatus.Pending).Select(e => e.CreatedAt).ToList();
        var calendar = db.HostCalendarChanges.Find(c => c.Status == CalendarChangeStatus.Pending).Select(c => c.CreatedAt).ToList();
        var notices = db.Notices.Find(n => n.SentAt == null).Select(n => n.CreatedAt).ToList();
        return
        [
            new("guardian_email", emails.Count, emails.Count == 0 ? null : emails.Min()),
            new("host_calendar", calendar.Count, calendar.Count == 0 ? null : calendar.Min()),
            new("staff_notice", notices.Count, notices.Count == 0 ? null : notices.Min()),
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

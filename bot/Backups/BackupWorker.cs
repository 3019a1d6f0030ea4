using Chexs.Bot.Notices;
using Chexs.Bot.Outbox;
using Chexs.Bot.Storage;
using Microsoft.Extensions.Options;

namespace Chexs.Bot.Backups;

/// <summary>
/// The daily backup: every pass, when the newest backup is older than Backup:Interval, a new one is taken. The
/// backup folder itself is the schedule's memory, so a restart neither repeats a backup nor skips one. A failed
/// backup is logged, audited and told to the managers' channel (at most once per interval) and tried again next pass.
/// </summary>
public sealed class BackupWorker(DatabaseBackups backups, StaffNotices notices, IAuditTrail audit, IOptions<BackupOptions> options, TimeProvider clock, ILogger<BackupWorker> log)
    : PollingWorker(clock, log)
{
    private readonly TimeProvider _clock = clock;
    private readonly ILogger _log = log;
    // One pass at a time: a pass the timer starts and one a test (or a slow disk) overlaps would name the same file.
    private readonly SemaphoreSlim _pass = new(1, 1);
    private DateTimeOffset? _lastAlert;

    protected override TimeSpan PollInterval => TimeSpan.FromTicks(Math.Min(options.Value.Interval.Ticks, TimeSpan.FromHours(1).Ticks));

    protected override string Name => "Database backup";

    public override async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await _pass.WaitAsync(ct);
        try
        {
            return await RunPassAsync(ct);
        }
        finally
        {
            _pass.Release();
        }
    }

    private async Task<int> RunPassAsync(CancellationToken ct)
    {
        if (backups.Folder is not { } folder) return 0;
        var now = _clock.GetUtcNow();
        if (DatabaseBackups.NewestTakenAt(folder) is { } newest && now - newest < options.Value.Interval) return 0;
        try
        {
            var copy = await backups.MakeAsync(ct: ct);
            _log.LogInformation("Database backup written to {File}", copy.File);
            _lastAlert = null;
            return 1;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            _log.LogError(e, "The database backup to {Folder} failed", folder);
            if (_lastAlert is null || now - _lastAlert >= options.Value.Interval)
            {
                _lastAlert = now;
                await TellManagersAsync(folder, e, now, ct);
            }
            return 0;
        }
    }

    private async Task TellManagersAsync(string folder, Exception e, DateTimeOffset now, CancellationToken ct)
    {
        try
        {
            await audit.AppendAsync(now, "system", "backup.failed", Array.Empty<string>(), $"{e.GetType().Name}: {e.Message}", ct);
            await notices.EnqueueAsync(StaffNotice.Managers,
                $"The database backup failed ({e.Message}). The bot keeps working, but no new backup was written to {folder}. Check the disk space and permissions there; the bot tries again within the hour.",
                Array.Empty<string>(), ct: ct);
        }
        catch (Exception alert) when (alert is not OperationCanceledException)
        {
            _log.LogError(alert, "Could not tell the managers that the backup failed (the store itself may be failing)");
        }
    }
}

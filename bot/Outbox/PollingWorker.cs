namespace Chexs.Bot.Outbox;

/// <summary>
/// The loop every background worker of ours shares: do one pass, then wait until woken or the poll
/// interval passes on the injected clock. A failing pass is logged and tried again on the next round,
/// so one bad row or a database hiccup never stops the worker (and never stops the host).
/// </summary>
public abstract class PollingWorker : BackgroundService
{
    private readonly TimeProvider _clock;
    private readonly ILogger _log;

    protected PollingWorker(TimeProvider clock, ILogger log)
    {
        _clock = clock;
        _log = log;
    }

    /// <summary>How long to wait between passes when nobody wakes the worker.</summary>
    protected abstract TimeSpan PollInterval { get; }

    /// <summary>Lets producers wake the worker at once; null to only poll.</summary>
    protected virtual OutboxWakeup? Wakeup => null;

    /// <summary>What the worker is doing, for its log lines ("Guardian email outbox").</summary>
    protected abstract string Name { get; }

    private long _sleeps;
    private volatile bool _asleep;

    /// <summary>
    /// How many times the loop has gone to sleep with its wake-up already set on the clock. Lets a test move a fake
    /// clock only while the loop sleeps: moving it during a pass would also run down that pass's own time limits.
    /// </summary>
    public long Sleeps => Interlocked.Read(ref _sleeps);

    /// <summary>True between falling asleep and the start of the next pass.</summary>
    public bool IsAsleep => _asleep;

    /// <summary>How long the loop sleeps when nobody wakes it.</summary>
    public TimeSpan SleepLength => PollInterval;

    /// <summary>One pass over the work that is due. Public for tests, which drive passes on a fake clock.</summary>
    public abstract Task<int> RunOnceAsync(CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            _asleep = false;
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                _log.LogError(e, "{Worker} pass failed; will try again", Name);
            }
            try
            {
                if (Wakeup is { } wakeup)
                {
                    await wakeup.WaitAsync(PollInterval, _clock, stoppingToken, asleep: FellAsleep);
                }
                else
                {
                    var delay = Task.Delay(PollInterval, _clock, stoppingToken);
                    FellAsleep();
                    await delay;
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void FellAsleep()
    {
        Interlocked.Increment(ref _sleeps);
        _asleep = true;
    }
}

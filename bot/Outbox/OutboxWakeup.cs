namespace Chexs.Bot.Outbox;

/// <summary>
/// Lets whoever queues work wake the worker that sends it, instead of waiting for the next poll.
/// Wakes that arrive while the worker is busy collapse into one more pass.
/// </summary>
public sealed class OutboxWakeup
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Wake()
    {
        try
        {
            if (_signal.CurrentCount == 0) _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already awake-pending; one pass will see everything.
        }
    }

    /// <summary>
    /// Returns when woken or after <paramref name="poll"/> on <paramref name="clock"/>, whichever is first.
    /// <paramref name="asleep"/> runs once both are set up (see <see cref="PollingWorker.Sleeps"/>).
    /// </summary>
    public async Task WaitAsync(TimeSpan poll, TimeProvider clock, CancellationToken cancellationToken, Action? asleep = null)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(poll, clock, stop.Token);
        var wake = _signal.WaitAsync(stop.Token);
        asleep?.Invoke();
        await Task.WhenAny(delay, wake);
        var woken = wake.IsCompletedSuccessfully;
        stop.Cancel();
        try { await Task.WhenAll(delay, wake); } catch (OperationCanceledException) { }
        if (!woken && wake.IsCompletedSuccessfully)
        {
            // Both finished together: keep the wake for the next wait rather than losing it.
            Wake();
        }
        cancellationToken.ThrowIfCancellationRequested();
    }
}

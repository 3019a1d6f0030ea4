namespace Chexs.Bot.Graph;

/// <summary>When a Microsoft 365 outbox (guardian emails, host calendar) tries again.</summary>
public static class OutboxTiming
{
    /// <summary>
    /// After a send whose outcome we did not see (crash, timeout, 5xx), Graph may still have accepted it.
    /// sendMail's 202 means "accepted", and the Sent Items copy appears shortly after; we wait this long
    /// before looking there, so a message that did go is found instead of sent twice.
    /// </summary>
    public static readonly TimeSpan ConfirmDelay = TimeSpan.FromMinutes(2);

    /// <summary>Retry-After when Graph gave one (it does with 429 and some 503s); otherwise 30 s doubling, capped at 30 min.</summary>
    public static TimeSpan NextDelay(int attempts, TimeSpan? retryAfter)
    {
        if (retryAfter is { } wait && wait > TimeSpan.Zero) return wait;
        var seconds = 30 * Math.Pow(2, Math.Clamp(attempts - 1, 0, 10));
        return TimeSpan.FromSeconds(Math.Min(seconds, 30 * 60));
    }
}

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

    /// <summary>Returns when woken or after <paramref name="poll"/> on <paramref name="clock"/>, whichever is first.</summary>
    public async Task WaitAsync(TimeSpan poll, TimeProvider clock, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(poll, clock, stop.Token);
        var wake = _signal.WaitAsync(stop.Token);
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

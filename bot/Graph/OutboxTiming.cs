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

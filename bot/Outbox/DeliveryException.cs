namespace Chexs.Bot.Outbox;

/// <summary>How a delivery failed, in the terms a retrying outbox needs.</summary>
public enum DeliveryFailure
{
    /// <summary>The service refused to do it now (HTTP 429): nothing happened. Try again after <see cref="DeliveryException.RetryAfter"/>.</summary>
    Throttled,
    /// <summary>A server error, timeout or broken connection: it may or may not have happened. Try again later.</summary>
    Transient,
    /// <summary>Trying again will not help (bad address, missing permission, unknown user…).</summary>
    Permanent,
}

/// <summary>
/// The one failure the outboxes (guardian emails, host calendars) see from a mail or calendar service; each
/// sender translates its own library's errors into it at its edge, so the outboxes never depend on that library.
/// <see cref="Exception.Message"/> is safe to store, audit and show staff: status and error codes only, never
/// an address, a body or a join link.
/// </summary>
public sealed class DeliveryException(DeliveryFailure kind, string message, TimeSpan? retryAfter = null, int? statusCode = null, Exception? inner = null)
    : Exception(message, inner)
{
    public DeliveryFailure Kind { get; } = kind;

    /// <summary>How long the service asked us to wait, when it said (429, some 503s).</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>The HTTP status, when there was an answer (for logs).</summary>
    public int? StatusCode { get; } = statusCode;

    /// <summary>
    /// A failure no sender classified (a bug, or a library failing in a way it does not document). Treated as
    /// transient: the outbox tries again a bounded number of times and then tells the host, rather than losing the work.
    /// </summary>
    public static DeliveryException Unexpected(Exception e) => new(DeliveryFailure.Transient, $"{e.GetType().Name}: {e.Message}", inner: e);
}

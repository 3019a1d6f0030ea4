using System.Globalization;
using System.Net;
using Microsoft.Kiota.Abstractions;

namespace Chexs.Bot.Graph;

public enum FailureKind
{
    /// <summary>429: Graph refused to do it now; nothing happened. Try again after Retry-After.</summary>
    Throttled,
    /// <summary>5xx, timeout or a broken connection: it may or may not have happened. Try again later.</summary>
    Transient,
    /// <summary>Any other 4xx: trying again will not help (bad address, missing permission, unknown user…).</summary>
    Permanent,
}

/// <summary>What went wrong talking to Microsoft 365, in the terms a retrying outbox needs.</summary>
public sealed record GraphFailure(FailureKind Kind, int? StatusCode, TimeSpan? RetryAfter, string Message)
{
    /// <summary>
    /// Classifies an exception from a Graph call. Returns null for exceptions that are not about the
    /// remote service (bugs, cancellation), which callers should let propagate.
    /// </summary>
    public static GraphFailure? From(Exception e, DateTimeOffset now)
    {
        switch (e)
        {
            case ApiException api when api.ResponseStatusCode > 0:
                var status = api.ResponseStatusCode;
                var retryAfter = RetryAfterFrom(api.ResponseHeaders, now);
                var message = Describe(api);
                if (status == (int)HttpStatusCode.TooManyRequests) return new(FailureKind.Throttled, status, retryAfter, message);
                if (status >= 500 || status == (int)HttpStatusCode.RequestTimeout) return new(FailureKind.Transient, status, retryAfter, message);
                return new(FailureKind.Permanent, status, null, message);
            case HttpRequestException or IOException:
                return new(FailureKind.Transient, null, null, e.Message);
            case TaskCanceledException { InnerException: TimeoutException }:
                return new(FailureKind.Transient, null, null, "Graph did not answer in time.");
            default:
                return null;
        }
    }

    /// <summary>Retry-After is either seconds or an HTTP date (RFC 9110); Graph sends seconds.</summary>
    public static TimeSpan? RetryAfterFrom(IDictionary<string, IEnumerable<string>>? headers, DateTimeOffset now)
    {
        if (headers is null) return null;
        var value = headers.FirstOrDefault(h => string.Equals(h.Key, "Retry-After", StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)) return TimeSpan.FromSeconds(seconds);
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            var wait = at - now;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
        return null;
    }

    private static string Describe(ApiException api)
    {
        if (api is Microsoft.Graph.Models.ODataErrors.ODataError { Error: { } error })
        {
            return $"{api.ResponseStatusCode} {error.Code}: {error.Message}";
        }
        return $"{api.ResponseStatusCode}: {api.Message}";
    }

    public override string ToString() => Message;
}

/// <summary>Thrown by the offline senders and calendar with the same classification as Graph failures.</summary>
public sealed class DeliveryException(GraphFailure failure, Exception? inner = null) : Exception(failure.Message, inner)
{
    public GraphFailure Failure { get; } = failure;
}

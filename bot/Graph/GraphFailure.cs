using System.Globalization;
using System.Net;
using Chexs.Bot.Outbox;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;

namespace Chexs.Bot.Graph;

/// <summary>
/// The Graph edge's one translation of SDK failures into <see cref="DeliveryException"/>, so nothing outside
/// this folder classifies Graph SDK exceptions. Messages carry the status and Graph's error code only: Graph's
/// own error text can quote the recipient's address, and these messages are stored and shown to staff.
/// </summary>
internal static class GraphFailure
{
    /// <summary>
    /// The delivery failure an exception from a Graph call means, or null for exceptions that are not about
    /// the remote service (bugs, cancellation), which callers let propagate.
    /// </summary>
    public static DeliveryException? Translate(Exception e, DateTimeOffset now)
    {
        switch (e)
        {
            case ApiException api when api.ResponseStatusCode > 0:
                var status = api.ResponseStatusCode;
                var retryAfter = RetryAfterFrom(api.ResponseHeaders, now);
                var message = Describe(api);
                if (status == (int)HttpStatusCode.TooManyRequests) return new(DeliveryFailure.Throttled, message, retryAfter, status, e);
                if (status >= 500 || status == (int)HttpStatusCode.RequestTimeout) return new(DeliveryFailure.Transient, message, retryAfter, status, e);
                return new(DeliveryFailure.Permanent, message, null, status, e);
            case HttpRequestException or IOException:
                return new(DeliveryFailure.Transient, "Microsoft 365 could not be reached.", inner: e);
            case TaskCanceledException { InnerException: TimeoutException }:
                return new(DeliveryFailure.Transient, "Microsoft 365 did not answer in time.", inner: e);
            default:
                return null;
        }
    }

    /// <summary>Runs one Graph call, translating its failures (see <see cref="Translate"/>).</summary>
    public static async Task<T> Guard<T>(Func<Task<T>> call, TimeProvider clock)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (Translate(e, clock.GetUtcNow()) is { } failure)
        {
            throw failure;
        }
    }

    /// <inheritdoc cref="Guard{T}(Func{Task{T}}, TimeProvider)"/>
    public static Task Guard(Func<Task> call, TimeProvider clock) =>
        Guard(async () => { await call(); return true; }, clock);

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

    private static string Describe(ApiException api) =>
        api is ODataError { Error.Code: { Length: > 0 } code }
            ? $"Microsoft 365 answered {api.ResponseStatusCode}: {code}"
            : $"Microsoft 365 answered {api.ResponseStatusCode}";
}

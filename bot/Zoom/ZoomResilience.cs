using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Chexs.Bot.Zoom;

/// <summary>
/// Retry and timeout rules for every call to Zoom, built on Microsoft.Extensions.Http.Resilience (Polly).
/// A total timeout wraps retries with exponential backoff and jitter, which wrap a per-attempt timeout.
/// </summary>
internal static class ZoomResilience
{
    /// <summary>
    /// Adds the strategies. <paramref name="createsAreUnsafe"/>: on the API client a POST creates a
    /// meeting, so after a 5xx or a timeout Zoom may have created it and a second POST would make a
    /// second meeting; such a POST is retried only when Zoom certainly did not act (429, or the connection
    /// was refused before the request was sent). The OAuth client's POST only asks for a token: always safe.
    /// </summary>
    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, ZoomOptions options, TimeProvider clock, bool createsAreUnsafe)
    {
        // Waits between attempts are real waits whatever clock the app uses (tests fake the app's clock
        // to expire tokens; they keep retries quick through the delay options instead).
        builder.TimeProvider = TimeProvider.System;

        builder.AddTimeout(options.TotalTimeout);
        if (options.MaxRetries < 1)
        {
            // Zoom:MaxRetries = 0 means "no retries" (Polly's retry strategy needs at least one).
            builder.AddTimeout(options.AttemptTimeout);
            return;
        }
        builder.AddRetry(new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = options.MaxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.RetryBaseDelay,
            MaxDelay = options.MaxRetryAfter,
            // We read Retry-After ourselves so a date is measured against the app's clock.
            ShouldRetryAfterHeader = false,
            ShouldHandle = args =>
            {
                var method = args.Context.GetRequestMessage()?.Method ?? HttpMethod.Get;
                var unsafeCreate = createsAreUnsafe && method == HttpMethod.Post;
                return ValueTask.FromResult(ShouldRetry(unsafeCreate, args.Outcome.Result, args.Outcome.Exception, clock.GetUtcNow(), options.MaxRetryAfter));
            },
            DelayGenerator = args =>
                ValueTask.FromResult(args.Outcome.Result is { } response ? RetryAfter(response, clock.GetUtcNow()) : null),
        });
        builder.AddTimeout(options.AttemptTimeout);
    }

    /// <summary>
    /// Whether one failed attempt is worth another. <paramref name="unsafeCreate"/> is true for a POST
    /// that creates a meeting: it is retried only when Zoom certainly did nothing.
    /// </summary>
    public static bool ShouldRetry(bool unsafeCreate, HttpResponseMessage? response, Exception? exception, DateTimeOffset now, TimeSpan maxRetryAfter)
    {
        if (response is not null)
        {
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                // A 429 was refused before any work: safe for every method, unless Zoom asks us to
                // come back later than we are prepared to wait (its daily limits).
                var wait = RetryAfter(response, now);
                return wait is null || wait <= maxRetryAfter;
            }
            var transient = (int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.RequestTimeout;
            return transient && !unsafeCreate;
        }

        return exception switch
        {
            // The connection never opened: nothing reached Zoom.
            HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError } => true,
            HttpRequestException => !unsafeCreate,
            TimeoutRejectedException => !unsafeCreate,
            _ => false,
        };
    }

    /// <summary>
    /// How long Zoom asked us to wait: Retry-After as seconds or as an HTTP date (measured from
    /// <paramref name="now"/>, never negative). Null when there is no such header: then we back off.
    /// </summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        RetryConditionHeaderValue? header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta) return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (header?.Date is { } date)
        {
            var wait = date - now;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
        return null;
    }
}

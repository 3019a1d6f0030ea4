namespace Chexs.Bot.Hosting;

/// <summary>
/// The log of requests the bot refused (any 4xx answer: no valid token, malformed body, wrong content
/// type…): one Warning line each, with the status and the reason, never a stack trace — a refusal is the
/// caller's problem, not ours. Anyone can send refusable requests as fast as they like, so at most
/// <see cref="LinesPerWindow"/> lines are written per <see cref="Window"/>; the next line after a busy
/// window says how many were not logged. The window runs on the injected clock.
/// </summary>
public sealed class RefusedRequests
{
    public const string Category = "Chexs.Bot.RefusedRequests";
    public const int LinesPerWindow = 20;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private const string ReasonKey = "chexs.refusalReason";

    private readonly TimeProvider _clock;
    private readonly ILogger _log;
    private readonly object _gate = new();
    private DateTimeOffset _windowStart = DateTimeOffset.MinValue;
    private int _loggedInWindow;
    private long _notLogged;

    public RefusedRequests(TimeProvider clock, ILoggerFactory loggers)
    {
        _clock = clock;
        _log = loggers.CreateLogger(Category);
    }

    /// <summary>Notes why a request is being refused, for the one line logged when its answer goes out.</summary>
    public static void Explain(HttpContext http, string reason) => http.Items[ReasonKey] = reason;

    /// <summary>Logs the refusal (rate-limited). Called once per request, after its 4xx status is set.</summary>
    public void Record(HttpContext http)
    {
        bool write;
        long notLoggedBefore = 0;
        lock (_gate)
        {
            var now = _clock.GetUtcNow();
            if (now - _windowStart >= Window)
            {
                notLoggedBefore = _notLogged;
                _notLogged = 0;
                _loggedInWindow = 0;
                _windowStart = now;
            }
            write = _loggedInWindow < LinesPerWindow;
            if (write) _loggedInWindow++;
            else _notLogged++;
        }
        if (notLoggedBefore > 0)
        {
            _log.LogWarning("{Count} more refused requests were not logged in the last busy minute (at most {Limit} lines a minute are written)",
                notLoggedBefore, LinesPerWindow);
        }
        if (write)
        {
            var status = http.Response.StatusCode;
            var reason = http.Items[ReasonKey] as string ?? DefaultReason(status);
            _log.LogWarning("Refused {Method} {Path} from {Remote}: {Status} {Reason}",
                http.Request.Method, http.Request.Path.Value, http.Connection.RemoteIpAddress?.ToString() ?? "-", status, reason);
        }
    }

    private static string DefaultReason(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => "no valid credentials",
        StatusCodes.Status404NotFound => "no such endpoint",
        StatusCodes.Status405MethodNotAllowed => "method not allowed",
        StatusCodes.Status413PayloadTooLarge => "body too large",
        StatusCodes.Status415UnsupportedMediaType => "unsupported content type",
        _ => "bad request",
    };
}

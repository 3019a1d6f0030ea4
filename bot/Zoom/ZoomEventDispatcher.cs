using System.Threading.Channels;
using Chexs.Bot.Storage;

namespace Chexs.Bot.Zoom;

/// <summary>A recorded event waiting to be shown to the observers.</summary>
public sealed record ZoomEventNotice(string SessionId, ZoomEventKind Kind, ZoomEventFacts Facts);

/// <summary>
/// Calls the <see cref="IZoomEventObserver"/>s after the webhook has answered Zoom, one event at a time
/// in arrival order, with the session as currently stored. Observers may be slow (Teams messages);
/// Zoom's 3-second deadline is not theirs to spend.
/// </summary>
public sealed class ZoomEventDispatcher : BackgroundService
{
    private readonly Channel<ZoomEventNotice> _queue = Channel.CreateUnbounded<ZoomEventNotice>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IServiceScopeFactory _scopes;
    private readonly Records.ISessionRepository _sessions;
    private readonly ILogger<ZoomEventDispatcher> _log;

    public ZoomEventDispatcher(IServiceScopeFactory scopes, Records.ISessionRepository sessions, ILogger<ZoomEventDispatcher> log)
    {
        _scopes = scopes;
        _sessions = sessions;
        _log = log;
    }

    public void Enqueue(ZoomEventNotice notice) => _queue.Writer.TryWrite(notice);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var notice in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                await DispatchAsync(notice, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task DispatchAsync(ZoomEventNotice notice, CancellationToken ct)
    {
        var session = await _sessions.FindAsync(notice.SessionId, ct);
        if (session is null) return;
        using var scope = _scopes.CreateScope();
        foreach (var observer in scope.ServiceProvider.GetServices<IZoomEventObserver>())
        {
            try
            {
                await observer.OnEventAsync(session, notice.Kind, notice.Facts, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                _log.LogError(e, "Zoom event observer {Observer} failed on {Kind} for session {SessionId}.", observer.GetType().Name, notice.Kind, notice.SessionId);
            }
        }
    }
}

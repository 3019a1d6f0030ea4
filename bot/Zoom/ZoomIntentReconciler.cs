using System.Text.RegularExpressions;
using Chexs.Bot.Storage;
using Microsoft.Extensions.Options;

namespace Chexs.Bot.Zoom;

/// <summary>
/// Settles create intents left open (a crash between Zoom's answer and the booking's write, or a create
/// whose answer never came). At startup and every <see cref="ZoomOptions.ReconcileEvery"/>, each intent
/// older than <see cref="ZoomOptions.IntentGracePeriod"/>:
/// - whose session holds its meeting is completed;
/// - otherwise its meeting (by stored id, or found among the host's meetings by the session id in the
///   topic) is deleted, and the deletion audited. A meeting the session holds is never deleted.
/// If Zoom cannot be reached the intent stays open for the next round. Several bot instances on one database
/// take turns: a pass runs under the claim <c>job:zoom-reconcile</c> (<see cref="WorkClaims"/>), so two instances
/// never judge the same intent at once.
/// </summary>
public sealed class ZoomIntentReconciler : BackgroundService
{
    private readonly IServiceScopeFactory _scopes;
    private readonly ZoomMeetingIntents _intents;
    private readonly Records.ISessionRepository _sessions;
    private readonly IAuditTrail _audit;
    private readonly WorkClaims _claims;
    private readonly ZoomOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<ZoomIntentReconciler> _log;

    public ZoomIntentReconciler(IServiceScopeFactory scopes, ZoomMeetingIntents intents, Records.ISessionRepository sessions, IAuditTrail audit, WorkClaims claims, IOptions<ZoomOptions> options,
        TimeProvider clock, ILogger<ZoomIntentReconciler> log)
    {
        _scopes = scopes;
        _intents = intents;
        _sessions = sessions;
        _audit = audit;
        _claims = claims;
        _options = options.Value;
        _clock = clock;
        _log = log;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ReconcileOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                _log.LogError(e, "Reconciling unfinished Zoom creates failed; will try again.");
            }
            try
            {
                await Task.Delay(_options.ReconcileEvery, _clock, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One pass over the open intents past their grace period. Returns how many were settled.</summary>
    public async Task<int> ReconcileOnceAsync(CancellationToken cancellationToken = default)
    {
        await using var claim = await _claims.TryClaimAsync("job:zoom-reconcile", cancellationToken);
        if (claim is null) return 0; // another instance is reconciling now
        var due = await _intents.OpenSinceAsync(_clock.GetUtcNow() - _options.IntentGracePeriod, cancellationToken);
        if (due.Count == 0) return 0;
        using var scope = _scopes.CreateScope();
        var api = scope.ServiceProvider.GetRequiredService<ZoomApi>();
        var settled = 0;
        foreach (var intent in due)
        {
            try
            {
                await ReconcileAsync(api, intent, cancellationToken).ConfigureAwait(false);
                settled++;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                _log.LogWarning(e, "Could not reconcile the Zoom create for session {SessionId} yet; will retry.", intent.SessionId);
            }
        }
        return settled;
    }

    private async Task ReconcileAsync(ZoomApi api, ZoomMeetingIntent intent, CancellationToken ct)
    {
        var held = (await _sessions.FindAsync(intent.SessionId, ct))?.Meeting?.MeetingId;
        if (intent.MeetingId is { } known && held == known)
        {
            await _intents.CloseAsync(intent, ZoomIntentState.Completed, "reconciled: the session holds the meeting");
            return;
        }

        var orphans = new List<long>();
        if (intent.MeetingId is { } id)
        {
            orphans.Add(id);
        }
        else
        {
            // Zoom's answer never reached us: look for a meeting with the session id in its topic.
            var pattern = TopicPattern(intent.SessionId);
            var listed = await api.ListMeetingsAsync(intent.HostZoomUserId, "scheduled", ct).ConfigureAwait(false);
            orphans.AddRange(listed.Where(m => m.Topic is not null && pattern.IsMatch(m.Topic) && m.Id != held).Select(m => m.Id));
        }

        foreach (var meetingId in orphans)
        {
            var existed = await api.DeleteMeetingAsync(meetingId, ct).ConfigureAwait(false);
            await _audit.AppendAsync(_clock.GetUtcNow(), "system", "zoom.meeting.orphan_deleted",
                new[] { intent.SessionId, $"zoom:{meetingId}" },
                existed
                    ? "A Zoom meeting created for this session was never booked (interrupted create); the bot deleted it."
                    : "A Zoom meeting created for this session was never booked; Zoom had already removed it.");
            _log.LogWarning("Deleted orphaned Zoom meeting {MeetingId} of session {SessionId} (create was never booked).", meetingId, intent.SessionId);
        }
        await _intents.CloseAsync(intent, ZoomIntentState.Abandoned, orphans.Count == 0
            ? "reconciled: Zoom holds no meeting for it"
            : $"reconciled: deleted {string.Join(", ", orphans)}");
    }

    /// <summary>The session id as a whole word, so "S-7K3Q9" does not match "S-7K3Q9X".</summary>
    internal static Regex TopicPattern(string sessionId) =>
        new($"(?<![A-Za-z0-9]){Regex.Escape(sessionId)}(?![A-Za-z0-9])", RegexOptions.CultureInvariant);
}

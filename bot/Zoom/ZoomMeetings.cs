using System.Net;
using Chexs.Bot.Records;
using Chexs.Bot.Storage;
using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace Chexs.Bot.Zoom;

/// <summary>
/// The CHEXS Zoom account over HTTP. Creates fail closed: settings are read back and a meeting that lost
/// a safeguarding setting is deleted. Every create is preceded by an intent in LiteDB so that a crash
/// or an unclear answer never leaves a meeting nobody knows about (see <see cref="ZoomIntentReconciler"/>).
/// Logs carry meeting and session ids only: never a join link, start link or passcode.
/// </summary>
internal sealed class ZoomMeetings : IZoomMeetings
{
    private readonly ZoomApi _api;
    private readonly ZoomMeetingIntents _intents;
    private readonly IAuditTrail _audit;
    private readonly ZoomOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<ZoomMeetings> _log;

    public ZoomMeetings(ZoomApi api, ZoomMeetingIntents intents, IAuditTrail audit, IOptions<ZoomOptions> options, TimeProvider clock, ILogger<ZoomMeetings> log)
    {
        _api = api;
        _intents = intents;
        _audit = audit;
        _options = options.Value;
        _clock = clock;
        _log = log;
    }

    public async Task<ZoomMeetingRecord> CreateSafeMeetingAsync(ZoomMeetingRequest request, CancellationToken cancellationToken = default)
    {
        Validate(request);
        var body = SafeMeetingSettings.CreateBody(request, ZoomPasscode.Generate(Math.Min(_options.PasscodeLength, ZoomPasscode.MaxLength)));
        var intent = await _intents.BeginAsync(request.SessionId, request.HostZoomUserId, request.Topic, cancellationToken);

        ZoomMeetingResponse created;
        try
        {
            created = await _api.CreateMeetingAsync(request.HostZoomUserId, body, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsZoomFailure(e, cancellationToken))
        {
            throw await CreateFailedAsync(intent, request, e);
        }

        await _intents.RecordMeetingAsync(intent.Id, created.Id, CancellationToken.None);
        _log.LogInformation("Zoom created meeting {MeetingId} for session {SessionId}; checking its safeguarding settings.", created.Id, request.SessionId);

        var checkedMeeting = created;
        if (SafeMeetingSettings.IsIncomplete(created))
        {
            // The create answer left something out: read the meeting back rather than assume.
            checkedMeeting = await GetForCheckAsync(created, cancellationToken).ConfigureAwait(false);
        }

        var violations = SafeMeetingSettings.Check(checkedMeeting);
        if (violations.Count > 0)
        {
            await RefuseAsync(intent, request, created.Id, violations, cancellationToken).ConfigureAwait(false);
        }

        return new ZoomMeetingRecord
        {
            MeetingId = created.Id,
            JoinUrl = checkedMeeting.JoinUrl ?? created.JoinUrl ?? "",
            Passcode = checkedMeeting.Password ?? "",
            HostZoomUserId = request.HostZoomUserId,
            Simulated = false,
            CreatedAt = _clock.GetUtcNow(),
        };
    }

    public async Task RescheduleAsync(long meetingId, DateTimeOffset start, string timeZone, int durationMinutes, CancellationToken cancellationToken = default)
    {
        var body = SafeMeetingSettings.RescheduleBody(start, timeZone, durationMinutes);
        bool found;
        try
        {
            found = await _api.RescheduleMeetingAsync(meetingId, body, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsZoomFailure(e, cancellationToken))
        {
            throw Translate(e, $"so Zoom meeting {meetingId} was NOT moved");
        }
        if (!found) throw new ZoomMeetingNotFoundException(meetingId);
        _log.LogInformation("Zoom meeting {MeetingId} moved to {Start:u} ({Minutes} minutes).", meetingId, start, durationMinutes);
    }

    public async Task DeleteAsync(long meetingId, CancellationToken cancellationToken = default)
    {
        bool deleted;
        try
        {
            deleted = await _api.DeleteMeetingAsync(meetingId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsZoomFailure(e, cancellationToken))
        {
            throw Translate(e, $"so Zoom meeting {meetingId} was NOT deleted");
        }
        _log.LogInformation(deleted ? "Zoom meeting {MeetingId} deleted." : "Zoom meeting {MeetingId} was already gone.", meetingId);
    }

    public async Task<string> GetStartUrlAsync(long meetingId, CancellationToken cancellationToken = default)
    {
        ZoomMeetingResponse? meeting;
        try
        {
            meeting = await _api.GetMeetingAsync(meetingId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsZoomFailure(e, cancellationToken))
        {
            throw Translate(e, "so no start link could be fetched");
        }
        if (meeting is null) throw new ZoomMeetingNotFoundException(meetingId);
        return meeting.StartUrl is { Length: > 0 } url
            ? url
            : throw new ZoomUnavailableException($"Zoom did not give a start link for meeting {meetingId}. Start the meeting from the Zoom app instead.");
    }

    private static void Validate(ZoomMeetingRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.SessionId)) throw new ArgumentException("A session id is required.", nameof(request));
        if (string.IsNullOrWhiteSpace(request.HostZoomUserId)) throw new ArgumentException("The host's Zoom user is required.", nameof(request));
        if (!request.Topic.Contains(request.SessionId, StringComparison.Ordinal))
            throw new ArgumentException("The meeting topic must contain the session id, so an unfinished create can be found again.", nameof(request));
        if (request.Topic.Length > 200) throw new ArgumentException("Zoom topics are at most 200 characters.", nameof(request));
        if (request.DurationMinutes <= 0) throw new ArgumentException("The duration must be positive.", nameof(request));
    }

    private async Task<ZoomMeetingResponse> GetForCheckAsync(ZoomMeetingResponse created, CancellationToken ct)
    {
        try
        {
            var fetched = await _api.GetMeetingAsync(created.Id, ct).ConfigureAwait(false);
            if (fetched is not null) return fetched;
        }
        catch (Exception e) when (IsZoomFailure(e, ct))
        {
            _log.LogWarning(e, "Could not read back Zoom meeting {MeetingId} to check its settings.", created.Id);
        }
        // Unverifiable is refused like overridden: Check reports what is missing.
        return created;
    }

    private async Task RefuseAsync(ZoomMeetingIntent intent, ZoomMeetingRequest request, long meetingId, IReadOnlyList<ZoomSettingViolation> violations, CancellationToken ct)
    {
        var settings = string.Join(", ", violations.Select(v => $"{v.RuleId} {v.Setting}={v.Actual}"));
        _log.LogWarning("Zoom meeting {MeetingId} for session {SessionId} lost safeguarding settings ({Settings}); deleting it and refusing the booking.",
            meetingId, request.SessionId, settings);
        var deleted = false;
        try
        {
            await _api.DeleteMeetingAsync(meetingId, CancellationToken.None).ConfigureAwait(false);
            deleted = true;
            await _intents.AbandonAsync(intent.Id, $"refused: {settings}; meeting deleted");
        }
        catch (Exception e) when (IsZoomFailure(e, CancellationToken.None))
        {
            // The intent stays open with the meeting id: the reconciler deletes it later.
            _log.LogError(e, "Could not delete refused Zoom meeting {MeetingId}; the reconciler will retry.", meetingId);
        }
        await _audit.AppendAsync(_clock.GetUtcNow(), "system", "zoom.meeting.settings_refused",
            new[] { request.SessionId, $"zoom:{meetingId}" },
            $"Zoom overrode {settings}. Meeting {(deleted ? "deleted" : "left for the reconciler to delete")}; booking refused.");
        throw new ZoomSettingsRefusedException(meetingId, violations, deleted);
    }

    private async Task<ZoomException> CreateFailedAsync(ZoomMeetingIntent intent, ZoomMeetingRequest request, Exception e)
    {
        var certainlyNotCreated = e switch
        {
            ZoomApiException api => !((int)api.Status >= 500 || api.Status == HttpStatusCode.RequestTimeout),
            HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError } => true,
            ZoomTokenException => true, // no token: the create was never sent
            _ => false,
        };
        if (certainlyNotCreated)
        {
            await _intents.AbandonAsync(intent.Id, $"not created: {e.Message}");
        }
        else
        {
            _log.LogWarning(e, "Zoom gave no clear answer to the create for session {SessionId}; the reconciler will delete any meeting it made.", request.SessionId);
        }
        return Translate(e, certainlyNotCreated
            ? "so the session was NOT booked"
            : "so the session was NOT booked (if Zoom made a meeting anyway, the bot will find and delete it)");
    }

    private ZoomException Translate(Exception e, string consequence) => e switch
    {
        ZoomException z => z,
        ZoomTokenException t => new ZoomUnavailableException($"{t.Reason}, {consequence}. {t.Advice}", t),
        ZoomApiException { Status: HttpStatusCode.TooManyRequests } =>
            new ZoomUnavailableException($"Zoom is limiting requests from the CHEXS account right now, {consequence}. Try again later.", e),
        ZoomApiException api when api.IsTransient =>
            new ZoomUnavailableException($"Zoom kept failing (HTTP {(int)api.Status}), {consequence}. Try again in a few minutes.", e),
        ZoomApiException { Code: 3002 } api =>
            new ZoomRequestRejectedException($"The meeting is in progress, {consequence}. Try again after it has ended.", 3002, e),
        ZoomApiException { Code: 1001 } api =>
            new ZoomRequestRejectedException($"Zoom does not know the host as a user on the CHEXS Zoom account (P2), {consequence}. Check the host's Zoom user in the staff list.", 1001, e),
        ZoomApiException api =>
            new ZoomRequestRejectedException($"Zoom refused the request ({api.ZoomMessage ?? $"HTTP {(int)api.Status}"}), {consequence}.", api.Code, e),
        TimeoutRejectedException or OperationCanceledException =>
            new ZoomUnavailableException($"Zoom did not answer in time, {consequence}. Try again in a few minutes.", e),
        _ => new ZoomUnavailableException($"Zoom could not be reached, {consequence}. Try again in a few minutes.", e),
    };

    /// <summary>A failure of Zoom or the network, as opposed to the caller cancelling.</summary>
    private static bool IsZoomFailure(Exception e, CancellationToken ct) => e switch
    {
        ZoomApiException or ZoomException or ZoomTokenException or HttpRequestException or TimeoutRejectedException => true,
        OperationCanceledException => !ct.IsCancellationRequested,
        _ => false,
    };
}

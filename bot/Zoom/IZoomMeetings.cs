using Chexs.Bot.Records;

namespace Chexs.Bot.Zoom;

/// <summary>
/// What the product asks of Zoom. Two implementations: <see cref="ZoomMeetings"/> (the CHEXS Zoom
/// account over HTTP) and <see cref="SimulatedZoomMeetings"/> (offline development).
/// Failures surface as <see cref="ZoomException"/> subclasses carrying a sentence staff can read.
/// </summary>
public interface IZoomMeetings
{
    /// <summary>
    /// Creates a scheduled meeting with the safeguarding settings (P5, P6, P7, P13), reads them back and,
    /// if Zoom overrode any, deletes the meeting and throws <see cref="ZoomSettingsRefusedException"/>.
    /// The caller stores the returned record on the session and calls
    /// <see cref="ZoomMeetingIntents.Complete"/> in the same transaction.
    /// </summary>
    /// <exception cref="ZoomSettingsRefusedException">A safeguarding setting did not stick; the meeting is deleted.</exception>
    /// <exception cref="ZoomUnavailableException">Zoom could not be reached or kept failing; nothing was booked.</exception>
    /// <exception cref="ZoomRequestRejectedException">Zoom refused the request (e.g. unknown host user).</exception>
    Task<ZoomMeetingRecord> CreateSafeMeetingAsync(ZoomMeetingRequest request, CancellationToken cancellationToken = default);

    /// <summary>Moves the meeting to a new start and duration (start sent as local time in <paramref name="timeZone"/>).</summary>
    Task RescheduleAsync(long meetingId, DateTimeOffset start, string timeZone, int durationMinutes, CancellationToken cancellationToken = default);

    /// <summary>Deletes the meeting. A meeting Zoom no longer knows (404 / code 3001) counts as deleted.</summary>
    Task DeleteAsync(long meetingId, CancellationToken cancellationToken = default);

    /// <summary>
    /// A fresh host start link. Zoom's start_url expires after two hours, so never store it: ask just
    /// before the host needs it, and show it to the host only (never in a channel, never in logs).
    /// </summary>
    Task<string> GetStartUrlAsync(long meetingId, CancellationToken cancellationToken = default);
}

/// <summary>
/// One meeting to create. <paramref name="Topic"/> must contain <paramref name="SessionId"/> (so an
/// unfinished create can be found again) and no pupil name, e.g. "CHEXS Growth Programme session S-7K3Q9".
/// <paramref name="TimeZone"/> is an IANA/Windows zone id (the organisation's, from SafeguardingOptions).
/// </summary>
public sealed record ZoomMeetingRequest(
    string SessionId,
    string HostZoomUserId,
    string Topic,
    DateTimeOffset Start,
    string TimeZone,
    int DurationMinutes);

using System.Collections.Concurrent;
using System.Security.Cryptography;
using Chexs.Bot.Records;
using Microsoft.Extensions.Options;

namespace Chexs.Bot.Zoom;

/// <summary>
/// Offline stand-in for Zoom (Zoom:Simulate, or Development without credentials). Meetings exist only
/// in this process: ids are random, links point at "zoom.invalid" (a name that can never resolve) and
/// every record says <see cref="ZoomMeetingRecord.Simulated"/> so cards and logs can label it.
/// </summary>
public sealed class SimulatedZoomMeetings : IZoomMeetings
{
    public const string FakeHost = "zoom.invalid";

    private readonly ConcurrentDictionary<long, string> _meetings = new();
    private readonly ZoomOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<SimulatedZoomMeetings> _log;

    public SimulatedZoomMeetings(IOptions<ZoomOptions> options, TimeProvider clock, ILogger<SimulatedZoomMeetings> log)
    {
        _options = options.Value;
        _clock = clock;
        _log = log;
    }

    public Task<ZoomMeetingRecord> CreateSafeMeetingAsync(ZoomMeetingRequest request, CancellationToken cancellationToken = default)
    {
        long id;
        do
        {
            // Eleven digits, like Zoom's meeting ids.
            id = RandomNumberGenerator.GetInt32(100_000, 1_000_000) * 100_000L + RandomNumberGenerator.GetInt32(100_000);
        }
        while (!_meetings.TryAdd(id, request.SessionId));

        var record = new ZoomMeetingRecord
        {
            MeetingId = id,
            JoinUrl = $"https://{FakeHost}/j/{id}?simulated=true",
            Passcode = ZoomPasscode.Generate(Math.Min(_options.PasscodeLength, ZoomPasscode.MaxLength)),
            HostZoomUserId = request.HostZoomUserId,
            Simulated = true,
            CreatedAt = _clock.GetUtcNow(),
        };
        _log.LogInformation("Simulated Zoom: created simulated meeting {MeetingId} for session {SessionId} (no real Zoom meeting exists).", id, request.SessionId);
        return Task.FromResult(record);
    }

    public Task RescheduleAsync(long meetingId, DateTimeOffset start, string timeZone, int durationMinutes, CancellationToken cancellationToken = default)
    {
        _log.LogInformation("Simulated Zoom: moved simulated meeting {MeetingId} to {Start:u} ({Minutes} minutes).", meetingId, start, durationMinutes);
        return Task.CompletedTask;
    }

    public Task DeleteAsync(long meetingId, CancellationToken cancellationToken = default)
    {
        _meetings.TryRemove(meetingId, out _);
        _log.LogInformation("Simulated Zoom: deleted simulated meeting {MeetingId}.", meetingId);
        return Task.CompletedTask;
    }

    public Task<string> GetStartUrlAsync(long meetingId, CancellationToken cancellationToken = default) =>
        Task.FromResult($"https://{FakeHost}/s/{meetingId}?simulated=true");
}

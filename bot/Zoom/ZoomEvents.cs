using Chexs.Bot.Records;

namespace Chexs.Bot.Zoom;

/// <summary>The Zoom events the bot records against a session.</summary>
public enum ZoomEventKind
{
    MeetingStarted,
    MeetingEnded,
    ParticipantJoined,
    ParticipantLeft,
    RecordingStarted,
    RecordingStopped,
    RecordingCompleted,
}

/// <summary>
/// Facts about one recorded event. <paramref name="ByHost"/>: the participant event concerned the host.
/// No names, emails or links: observers that need more read the session.
/// </summary>
public sealed record ZoomEventFacts(long MeetingId, DateTimeOffset OccurredAt, bool ByHost);

/// <summary>
/// Extension point for what should happen after Zoom tells us something (e.g. the P8 lock prompt when
/// everyone expected has joined, the P5 alert when no recording arrives). Every registered observer
/// (DI, IEnumerable) is called once per recorded event, after it is stored and after Zoom has had its
/// answer, with the session as updated. Exceptions are logged and do not affect other observers.
/// </summary>
public interface IZoomEventObserver
{
    Task OnEventAsync(Session session, ZoomEventKind kind, ZoomEventFacts facts, CancellationToken cancellationToken);
}

/// <summary>A webhook delivery already processed (deduplication key, hashed).</summary>
public sealed class ZoomDelivery
{
    public string Id { get; set; } = "";
    public string Event { get; set; } = "";
    public DateTimeOffset ReceivedAt { get; set; }
}

using Chexs.Bot.Storage;

namespace Chexs.Bot.Zoom;

/// <summary>Zoom creates in flight: written before the create, closed by the booking or the reconciler.</summary>
public interface IZoomIntentRepository : IRepository<ZoomMeetingIntent>
{
    ValueTask<IReadOnlyList<ZoomMeetingIntent>> ForSessionAsync(string sessionId, CancellationToken ct = default);

    ValueTask<IReadOnlyList<ZoomMeetingIntent>> InStateAsync(ZoomIntentState state, CancellationToken ct = default);
}

/// <summary>One key per Zoom webhook delivery already processed (Zoom redelivers).</summary>
public interface IZoomDeliveryRepository : IRepository<ZoomDelivery>
{
    ValueTask<int> DeleteReceivedBeforeAsync(DateTimeOffset cutoff, CancellationToken ct = default);
}

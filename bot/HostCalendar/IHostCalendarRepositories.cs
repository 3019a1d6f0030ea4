using Chexs.Bot.Storage;

namespace Chexs.Bot.HostCalendar;

/// <summary>The host's calendar event of each session, as last written to Outlook.</summary>
public interface IHostCalendarEvents : IRepository<HostCalendarEvent>
{
}

public interface IHostCalendarChanges : IRepository<HostCalendarChange>
{
    ValueTask<IReadOnlyList<HostCalendarChange>> PendingAsync(CancellationToken ct = default);

    ValueTask<IReadOnlyList<HostCalendarChange>> FailedAsync(CancellationToken ct = default);
}

using Chexs.Bot.Safeguarding;
using Chexs.Bot.Sessions;
using Microsoft.Extensions.DependencyInjection;

namespace Chexs.Bot.Tests.Support;

/// <summary>Tests only: the booking use cases of a running bot, by the names the tests use.</summary>
internal sealed class Bookings(IServiceProvider services)
{
    public Task<BookingOutcome> BookAsync(BookingRequest request, CancellationToken ct) => services.GetRequiredService<BookSession>().BookAsync(request, ct);

    public Task<PolicyVerdict> CheckAsync(BookingRequest request) => services.GetRequiredService<BookSession>().CheckAsync(request);

    public Task<ApprovalOutcome> DecideAsync(string sessionId, string deciderId, string deciderName, bool approve, string? reason, CancellationToken ct) =>
        services.GetRequiredService<DecideApproval>().DecideAsync(sessionId, deciderId, deciderName, approve, reason, ct);

    public Task<RescheduleOutcome> RescheduleAsync(string sessionId, DateTimeOffset newStart, int? newDuration, string actor, CancellationToken ct) =>
        services.GetRequiredService<RescheduleSession>().RescheduleAsync(sessionId, newStart, newDuration, actor, ct);

    public Task<bool> CancelAsync(string sessionId, string actor, string reason, CancellationToken ct) =>
        services.GetRequiredService<CancelSession>().CancelOnRequestAsync(sessionId, actor, reason, ct);
}

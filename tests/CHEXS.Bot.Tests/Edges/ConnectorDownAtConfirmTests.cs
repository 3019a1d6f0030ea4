using System.Net;
using Chexs.Bot.Notices;
using Chexs.Bot.Records;
using Chexs.Bot.Storage;
using Chexs.Bot.Tests.Foundation;
using Microsoft.Extensions.DependencyInjection;

namespace Chexs.Bot.Tests.Edges;

/// <summary>
/// Teams' Bot Connector down at the moment a booking is confirmed: the booking is made (Zoom, guardians, reminders),
/// so the click must not answer like a failure, and the host's confirmation must reach them once Teams is back.
/// </summary>
public sealed class ConnectorDownAtConfirmTests
{
    [Fact]
    public async Task A_booking_confirmed_while_Teams_is_down_is_answered_normally_and_its_confirmation_reaches_the_host_later()
    {
        await using var host = await EdgeHost.StartAsync();
        var summary = await host.StartBookingAsync();

        host.Connector.FailWith = 503;
        var (status, _) = await host.ClickAsync(host.Click(summary, "Confirm"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(host.TurnErrors);
        var session = Assert.Single(host.Db.Sessions.FindAll());
        Assert.Equal(SessionStatus.Scheduled, session.Status);
        Assert.NotNull(session.ConfirmationCardJson);
        var queued = Assert.Single(host.Db.Notices.FindAll(), n => n.Recipient == session.HostId && n.CardJson is not null);
        Assert.DoesNotContain(session.Meeting!.Passcode, queued.CardJson); // a stored card never carries the passcode

        // Teams is back: the notice outbox delivers the confirmation card to the host's 1:1 chat, once.
        host.Connector.FailWith = null;
        var worker = host.App.Services.GetRequiredService<NoticeDeliveryWorker>();
        await worker.RunOnceAsync(CancellationToken.None);
        await worker.RunOnceAsync(CancellationToken.None);
        var delivered = host.Connector.Sent.Where(s => s.Body.ToString().Contains(session.Id) && s.Body["attachments"] is not null).ToList();
        Assert.Single(delivered);
        Assert.Equal(TeamsActivities.PersonalConversationId(), delivered[0].ConversationId);
    }
}

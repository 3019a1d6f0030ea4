using Chexs.Bot.Notices;
using Chexs.Bot.Teams;
using Chexs.Bot.Tests.Conversations;
using Chexs.Bot.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chexs.Bot.Tests.Teams;

/// <summary>
/// A proactive post the Bot Connector refuses is a failure the caller sees — not swallowed by the adapter's
/// turn-error handler — so a staff notice stays queued and goes on a later pass instead of being marked sent.
/// </summary>
public sealed class ProactiveFailureTests : IDisposable
{
    private readonly ConversationHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task A_refused_post_throws_and_the_notice_stays_queued_until_a_later_pass_delivers_it()
    {
        await using var connector = await FakeBotConnector.StartAsync();
        await _h.Personal(Person.Morgan, connector.ServiceUrl).Say("hi");   // the bot now knows Morgan's chat
        var notices = _h.Bot.Get<StaffNotices>();
        var notice = await notices.EnqueueAsync(Person.Morgan.AadObjectId, "Approval needed: group session S-ABCDE", new[] { "S-ABCDE" });
        var worker = Microsoft.Extensions.DependencyInjection.ActivatorUtilities.CreateInstance<NoticeDeliveryWorker>(_h.Bot.Services);

        connector.FailWith = 503;
        var where = (await _h.Bot.Get<InstallationStore>().PersonalChatOfAsync(Person.Morgan.AadObjectId))!;
        await Assert.ThrowsAnyAsync<Exception>(() => _h.Bot.Get<TeamsMessenger>().PostTextAsync(where, "hello", default));
        Assert.Equal(0, await worker.RunOnceAsync(default));
        var failed = _h.Db.Notices.FindById(notice.Id);
        Assert.Null(failed.SentAt);
        Assert.Equal(1, failed.Attempts);
        Assert.Empty(connector.Sent);

        connector.FailWith = null;
        Assert.Equal(1, await worker.RunOnceAsync(default));
        Assert.NotNull(_h.Db.Notices.FindById(notice.Id).SentAt);
        Assert.Contains("S-ABCDE", Assert.Single(connector.Sent).Text);
    }
}

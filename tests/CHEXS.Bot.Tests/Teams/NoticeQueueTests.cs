using Chexs.Bot.Notices;
using Chexs.Bot.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Chexs.Bot.Tests.Teams;

public sealed class NoticeQueueTests : IDisposable
{
    private readonly TempDatabase _temp = new();

    [Fact]
    public async Task Notices_waiting_for_a_chat_do_not_hold_back_the_ones_behind_them()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));
        var notices = new StaffNotices(_temp.Db.NoticeOutbox, clock);
        for (var i = 0; i < 60; i++)
        {
            await notices.EnqueueAsync("someone-without-a-chat", $"waiting {i}", Array.Empty<string>());
            clock.Advance(TimeSpan.FromSeconds(1));
        }
        var last = await notices.EnqueueAsync("alex", "deliver me", Array.Empty<string>());

        var pending = await notices.PendingAsync(maxAttempts: 20);

        Assert.Equal(61, pending.Count);
        Assert.Equal(last.Id, pending[^1].Id);
    }

    [Fact]
    public async Task A_notice_given_up_on_is_no_longer_pending()
    {
        var notices = new StaffNotices(_temp.Db.NoticeOutbox, TimeProvider.System);
        var notice = await notices.EnqueueAsync("alex", "x", Array.Empty<string>());
        notice.Attempts = 20;
        _temp.Db.Notices.Update(notice);
        Assert.Empty(await notices.PendingAsync(maxAttempts: 20));
        Assert.Single(await notices.PendingAsync(maxAttempts: 21));
    }

    public void Dispose() => _temp.Dispose();
}

using Chexs.Bot.Graph;
using Chexs.Bot.HostCalendar;
using Chexs.Bot.Invitations;
using Chexs.Bot.Outbox;
using Chexs.Bot.Tests.Cards;

namespace Chexs.Bot.Tests.Graph;

/// <summary>
/// The Graph edge is closed like Zoom's: the senders turn every Graph failure into one
/// <see cref="DeliveryException"/> with a message fit to store, and nothing else uses the Graph SDK.
/// </summary>
public sealed class GraphEdgeTests : IAsyncLifetime
{
    private readonly GraphTestKit _kit = new();
    private FakeGraphServer _graph = null!;

    public async Task InitializeAsync() => _graph = await FakeGraphServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _graph.DisposeAsync();
        _kit.Dispose();
    }

    private static OutgoingMail Mail => new("key-1", "priya.patel@example.org", "Priya Patel", "Subject",
        System.Text.Encoding.ASCII.GetBytes("From: sessions@chexs.example\r\nTo: Priya Patel <priya.patel@example.org>\r\nSubject: Subject\r\n\r\ntext\r\n"));

    [Fact]
    public async Task A_refused_email_is_a_permanent_delivery_failure_without_Graphs_own_words()
    {
        _graph.SendMailReplies.Enqueue(new Scripted(400, null, "ErrorInvalidRecipients", "Recipient priya.patel@example.org is not valid."));
        var sender = new GraphMailSender(_kit.ClientFor(_graph), _kit.GraphOptions, _kit.Clock);

        var e = await Assert.ThrowsAsync<DeliveryException>(() => sender.SendAsync(Mail, CancellationToken.None));

        Assert.Equal(DeliveryFailure.Permanent, e.Kind);
        Assert.Equal(400, e.StatusCode);
        Assert.Contains("ErrorInvalidRecipients", e.Message);
        Assert.DoesNotContain("priya", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Throttling_and_outages_are_retryable_delivery_failures()
    {
        _graph.SendMailReplies.Enqueue(FakeGraphServer.Throttled(7));
        _graph.EventReplies.Enqueue(FakeGraphServer.Unavailable());
        var client = _kit.ClientFor(_graph);

        var throttled = await Assert.ThrowsAsync<DeliveryException>(() => new GraphMailSender(client, _kit.GraphOptions, _kit.Clock).SendAsync(Mail, CancellationToken.None));
        var entry = new HostCalendarEntry("CHEXS S-7K3Q9", "<p></p>", _kit.Clock.GetUtcNow().AddDays(1), _kit.Clock.GetUtcNow().AddDays(1).AddHours(1), "Zoom");
        var outage = await Assert.ThrowsAsync<DeliveryException>(() => new GraphHostCalendar(client, _kit.Clock).CreateEventAsync(Ids.Alex, entry, "tx-1", CancellationToken.None));

        Assert.Equal(DeliveryFailure.Throttled, throttled.Kind);
        Assert.Equal(TimeSpan.FromSeconds(7), throttled.RetryAfter);
        Assert.Equal(DeliveryFailure.Transient, outage.Kind);
    }

    [Fact]
    public void Only_the_Graph_folder_uses_the_Graph_SDK()
    {
        var outside = Directory.EnumerateFiles(NodeTools.Path("bot"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .Where(f => Path.GetFileName(Path.GetDirectoryName(f)) != "Graph")
            .Where(f => File.ReadAllText(f) is var text && (text.Contains("Microsoft.Graph") || text.Contains("Microsoft.Kiota")))
            .Select(f => Path.GetRelativePath(NodeTools.RepoRoot, f));
        Assert.Empty(outside);
    }
}

using System.Net;
using Chexs.Bot.Storage;
using Chexs.Bot.Teams;
using Chexs.Bot.Tests.Foundation;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Tests.Edges;

/// <summary>
/// Several clicks on one card at once (an impatient double-click, a slow network) must not race for the
/// conversation's state: one of them does the work, the others see it done, and the state is never
/// dropped — not even when another writer does win a race for it.
/// </summary>
public sealed class ConcurrentClickTests
{
    private static string StateKey => $"msteams/conversations/{TeamsActivities.PersonalConversationId()}";

    [Fact]
    public async Task Eight_clicks_on_Confirm_at_once_book_one_session_and_keep_the_conversation_state()
    {
        await using var host = await EdgeHost.StartAsync();
        var summary = await host.StartBookingAsync();
        var click = host.Click(summary, "Confirm");

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => host.ClickAsync((JObject)click.DeepClone())));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.Single(answers, a => a.Body!.ToString().Contains("You chose: Confirm"));
        Assert.Single(host.Db.Sessions.FindAll());
        Assert.Empty(host.TurnErrors);
        Assert.Contains(StateKey, MessagesEndpoint.StateKeys(host.App.Services));

        // The conversation goes on normally.
        var next = await host.SayAsync("help");
        Assert.True(MessagesEndpoint.IsHelpCard(Assert.Single(next)));
    }

    [Fact]
    public async Task When_another_writer_wins_the_race_its_state_is_kept_and_the_person_is_told()
    {
        var storage = new RacingStorage();
        await using var host = await EdgeHost.StartAsync(services: s => s.Replace(ServiceDescriptor.Singleton<IStorage>(sp =>
        {
            storage.Inner = new Chexs.Bot.Storage.LiteDb.LiteDbBotState(sp.GetRequiredService<Chexs.Bot.Storage.LiteDb.LiteDbFile>());
            return storage;
        })));
        var summary = await host.StartBookingAsync();

        // The next save of this conversation's state finds it changed under it. (A wrong answer changes the
        // state: it counts as one of the question's tries.)
        storage.RaceNextWriteOf = StateKey;
        var replies = await host.SayAsync("maybe");

        Assert.Contains(replies, r => (string?)r["text"] == ChexsBot.AlreadyDoneReply);
        Assert.Empty(host.TurnErrors);
        Assert.Contains(StateKey, MessagesEndpoint.StateKeys(host.App.Services));
        // What the other writer saved — the booking, still waiting for Confirm — is what remains.
        var (status, body) = await host.ClickAsync(host.Click(summary, "Confirm"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body!.ToString().Contains("You chose: Confirm"), body.ToString());
    }

    /// <summary>
    /// The bot's storage, except that the next write of one key is preceded by another writer's write of the
    /// same state — as a second process or a turn that outlived its queue would — so that write's ETag is stale.
    /// </summary>
    private sealed class RacingStorage : IStorage
    {
        public IStorage Inner { get; set; } = null!;
        public string? RaceNextWriteOf { get; set; }

        public Task<IDictionary<string, object>> ReadAsync(string[] keys, CancellationToken cancellationToken = default) => Inner.ReadAsync(keys, cancellationToken);

        public async Task WriteAsync(IDictionary<string, object> changes, CancellationToken cancellationToken = default)
        {
            if (RaceNextWriteOf is { } key && changes.ContainsKey(key))
            {
                RaceNextWriteOf = null;
                var current = await Inner.ReadAsync([key], cancellationToken);
                var other = new Dictionary<string, object> { [key] = current[key] };
                await Inner.WriteAsync(other, cancellationToken);
            }
            await Inner.WriteAsync(changes, cancellationToken);
        }

        public Task DeleteAsync(string[] keys, CancellationToken cancellationToken = default) => Inner.DeleteAsync(keys, cancellationToken);
    }
}

using Chexs.Bot.Storage;
using Microsoft.Bot.Builder;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Tests.StorageEngines;

/// <summary>The Bot Framework IStorage behind ConversationState and UserState, on every engine: ETag optimistic concurrency.</summary>
public sealed class BotStateTests
{
    private sealed class Note : IStoreItem
    {
        public string? Text { get; set; }
        public int Count { get; set; }
        public List<string> Tags { get; set; } = new();
        public string? ETag { get; set; }
    }

    [Theory, OnLiteDb, OnPostgreSql]
    public async Task Round_trip_keeps_values_and_every_write_gives_a_new_etag(StorageEngine engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        var storage = store.Get<IStorage>();
        var note = new Note { Text = "first", Count = 3, Tags = { "x", "y" } };
        await storage.WriteAsync(new Dictionary<string, object> { ["a"] = note, ["b"] = new Dictionary<string, object> { ["flag"] = true } });

        var read = await storage.ReadAsync(["a", "b", "missing"]);

        Assert.Equal(["a", "b"], read.Keys.Order());
        var a = JObject.FromObject(read["a"]);
        Assert.Equal("first", (string?)a["Text"]);
        Assert.Equal(3, (int)a["Count"]!);
        Assert.Equal(["x", "y"], a["Tags"]!.Values<string>());
        Assert.Equal(note.ETag, (string?)a["eTag"]);
        Assert.True(JObject.FromObject(read["b"])["flag"]!.Value<bool>());

        var first = note.ETag;
        note.Text = "again in the same turn";
        await storage.WriteAsync(new Dictionary<string, object> { ["a"] = note }); // carries the current ETag: not refused
        Assert.NotEqual(first, note.ETag);
    }

    [Theory, OnLiteDb, OnPostgreSql]
    public async Task A_stale_etag_is_refused_and_a_conflict_writes_none_of_the_batch(StorageEngine engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        var storage = store.Get<IStorage>();
        await storage.WriteAsync(new Dictionary<string, object> { ["k"] = new Note { Text = "v1" } });
        var stale = (string?)JObject.FromObject((await storage.ReadAsync(["k"]))["k"])["eTag"];
        var other = (IDictionary<string, object>)(await storage.ReadAsync(["k"]))["k"];
        other["Text"] = "other turn";
        await storage.WriteAsync(new Dictionary<string, object> { ["k"] = other });

        var error = await Assert.ThrowsAsync<ETagConflictException>(() => storage.WriteAsync(new Dictionary<string, object>
        {
            ["fresh"] = new Note { Text = "new item" },
            ["k"] = new Note { Text = "late turn", ETag = stale },
        }));

        Assert.Equal("k", error.Key);
        Assert.Empty(await storage.ReadAsync(["fresh"]));
        Assert.Equal("other turn", (string?)JObject.FromObject((await storage.ReadAsync(["k"]))["k"])["Text"]);
    }

    [Theory, OnLiteDb, OnPostgreSql]
    public async Task Star_or_no_etag_overwrites_and_delete_removes_only_the_named_keys(StorageEngine engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        var storage = store.Get<IStorage>();
        await storage.WriteAsync(new Dictionary<string, object> { ["k"] = new Note { Text = "v1" }, ["other"] = new Note() });
        await storage.WriteAsync(new Dictionary<string, object> { ["k"] = new Note { Text = "star", ETag = "*" } });
        Assert.Equal("star", (string?)JObject.FromObject((await storage.ReadAsync(["k"]))["k"])["Text"]);
        await storage.WriteAsync(new Dictionary<string, object> { ["k"] = new Dictionary<string, object> { ["Text"] = "bag without etag" } });
        Assert.Equal("bag without etag", (string?)JObject.FromObject((await storage.ReadAsync(["k"]))["k"])["Text"]);

        await storage.DeleteAsync(["k", "never-written"]);

        Assert.Equal(["other"], (await storage.ReadAsync(["k", "other"])).Keys);
    }

    [Theory, OnLiteDb, OnPostgreSql]
    public async Task Conversation_state_saved_twice_in_one_turn_does_not_conflict_with_itself(StorageEngine engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        var storage = store.Get<IStorage>();
        var reference = new Microsoft.Bot.Schema.ConversationReference
        {
            ChannelId = "msteams",
            ServiceUrl = "https://smba.example/",
            Conversation = new Microsoft.Bot.Schema.ConversationAccount(id: "conv-2"),
            User = new Microsoft.Bot.Schema.ChannelAccount("29:alex"),
            Bot = new Microsoft.Bot.Schema.ChannelAccount("28:bot"),
        };
        async Task Turn(Func<ConversationState, ITurnContext, Task> work)
        {
            var state = new ConversationState(storage);
            await new Microsoft.Bot.Builder.Adapters.TestAdapter(reference).ProcessActivityAsync(
                (Microsoft.Bot.Schema.Activity)MessageFactory.Text("x"), async (ctx, ct) =>
                {
                    await work(state, ctx);
                    await state.SaveChangesAsync(ctx, false, ct);
                }, default);
        }

        await Turn((state, ctx) => state.CreateProperty<int>("count").SetAsync(ctx, 0));
        await Turn(async (state, ctx) =>
        {
            var counter = state.CreateProperty<int>("count");
            await counter.SetAsync(ctx, 1);
            await state.SaveChangesAsync(ctx);
            await counter.SetAsync(ctx, 2);
        });
        var count = 0;
        await Turn(async (state, ctx) => count = await state.CreateProperty<int>("count").GetAsync(ctx, () => 0));
        Assert.Equal(2, count);
    }
}

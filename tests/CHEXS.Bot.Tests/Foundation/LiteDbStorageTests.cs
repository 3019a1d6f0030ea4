using Chexs.Bot.Storage;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Adapters;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Tests.Foundation;

/// <summary>The LiteDB IStorage behind ConversationState and UserState.</summary>
public sealed class LiteDbStorageTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private ChexsDatabase _db;
    private IStorage _storage;

    public LiteDbStorageTests()
    {
        _db = new ChexsDatabase(_folder.File("state.db"));
        _storage = new Chexs.Bot.Storage.LiteDb.LiteDbBotState(_db.File);
    }

    public void Dispose()
    {
        _db.Dispose();
        _folder.Dispose();
    }

    private sealed class Note : IStoreItem
    {
        public string? Text { get; set; }
        public int Count { get; set; }
        public List<string> Tags { get; set; } = new();
        public string? ETag { get; set; }
    }

    [Fact]
    public async Task Round_trip_keeps_values_and_adds_an_etag()
    {
        await _storage.WriteAsync(new Dictionary<string, object>
        {
            ["a"] = new Note { Text = "first", Count = 3, Tags = { "x", "y" } },
            ["b"] = new Dictionary<string, object> { ["flag"] = true },
        });

        var read = await _storage.ReadAsync(new[] { "a", "b", "missing" });

        Assert.Equal(new[] { "a", "b" }, read.Keys.Order());
        var a = JObject.FromObject(read["a"]);
        Assert.Equal("first", (string?)a["Text"]);
        Assert.Equal(3, (int)a["Count"]!);
        Assert.Equal(new[] { "x", "y" }, a["Tags"]!.Values<string>());
        Assert.False(string.IsNullOrEmpty((string?)a["eTag"]));
        var typed = a.ToObject<Note>()!;
        Assert.Equal("first", typed.Text);
        Assert.True(JObject.FromObject(read["b"])["flag"]!.Value<bool>());
    }

    [Fact]
    public async Task Every_write_gives_the_item_a_new_etag_and_updates_the_written_object()
    {
        var note = new Note { Text = "v1" };
        await _storage.WriteAsync(new Dictionary<string, object> { ["k"] = note });
        var first = note.ETag;
        Assert.False(string.IsNullOrEmpty(first));
        Assert.Equal(first, EtagOf(await _storage.ReadAsync(new[] { "k" }), "k"));

        // The same object saved again in the same turn carries the current ETag, so it is not refused.
        note.Text = "v2";
        await _storage.WriteAsync(new Dictionary<string, object> { ["k"] = note });
        Assert.NotEqual(first, note.ETag);
        Assert.Equal(note.ETag, EtagOf(await _storage.ReadAsync(new[] { "k" }), "k"));
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_fails_and_leaves_the_stored_item_alone()
    {
        await _storage.WriteAsync(new Dictionary<string, object> { ["k"] = new Note { Text = "original" } });
        var staleRead = await _storage.ReadAsync(new[] { "k" });
        var staleETag = EtagOf(staleRead, "k");

        // Another turn reads and writes first.
        var other = (IDictionary<string, object>)(await _storage.ReadAsync(new[] { "k" }))["k"];
        other["Text"] = "other turn";
        await _storage.WriteAsync(new Dictionary<string, object> { ["k"] = other });

        var late = new Note { Text = "late turn", ETag = staleETag };
        var error = await Assert.ThrowsAsync<ETagConflictException>(() => _storage.WriteAsync(new Dictionary<string, object> { ["k"] = late }));
        Assert.Equal("k", error.Key);
        Assert.Equal("other turn", (string?)JObject.FromObject((await _storage.ReadAsync(new[] { "k" }))["k"])["Text"]);

        // A state bag (what BotState writes) with a stale "eTag" entry is refused the same way.
        var staleBag = (IDictionary<string, object>)staleRead["k"];
        staleBag["Text"] = "late bag";
        await Assert.ThrowsAsync<ETagConflictException>(() => _storage.WriteAsync(new Dictionary<string, object> { ["k"] = staleBag }));
        Assert.Equal("other turn", (string?)JObject.FromObject((await _storage.ReadAsync(new[] { "k" }))["k"])["Text"]);
    }

    [Fact]
    public async Task A_conflict_on_one_key_writes_none_of_the_batch()
    {
        await _storage.WriteAsync(new Dictionary<string, object> { ["k"] = new Note { Text = "v1" } });
        var stale = EtagOf(await _storage.ReadAsync(new[] { "k" }), "k");
        await _storage.WriteAsync(new Dictionary<string, object> { ["k"] = new Note { Text = "v2" } });

        await Assert.ThrowsAsync<ETagConflictException>(() => _storage.WriteAsync(new Dictionary<string, object>
        {
            ["fresh"] = new Note { Text = "new item" },
            ["k"] = new Note { Text = "v3", ETag = stale },
        }));

        Assert.Empty(await _storage.ReadAsync(new[] { "fresh" }));
    }

    [Fact]
    public async Task Star_or_no_etag_overwrites_unconditionally()
    {
        await _storage.WriteAsync(new Dictionary<string, object> { ["k"] = new Note { Text = "v1" } });

        await _storage.WriteAsync(new Dictionary<string, object> { ["k"] = new Note { Text = "star", ETag = "*" } });
        Assert.Equal("star", TextOf(await _storage.ReadAsync(new[] { "k" }), "k"));

        await _storage.WriteAsync(new Dictionary<string, object> { ["k"] = new Note { Text = "none", ETag = null } });
        Assert.Equal("none", TextOf(await _storage.ReadAsync(new[] { "k" }), "k"));

        await _storage.WriteAsync(new Dictionary<string, object> { ["k"] = new Dictionary<string, object> { ["Text"] = "bag without etag" } });
        Assert.Equal("bag without etag", TextOf(await _storage.ReadAsync(new[] { "k" }), "k"));
    }

    [Fact]
    public async Task Delete_removes_only_the_named_keys_and_ignores_missing_ones()
    {
        await _storage.WriteAsync(new Dictionary<string, object> { ["a"] = new Note(), ["b"] = new Note() });

        await _storage.DeleteAsync(new[] { "a", "never-written" });

        var read = await _storage.ReadAsync(new[] { "a", "b" });
        Assert.Equal(new[] { "b" }, read.Keys);
    }

    [Fact]
    public async Task Conversation_state_written_in_one_turn_is_read_back_after_reopening_the_file()
    {
        var reference = new Microsoft.Bot.Schema.ConversationReference
        {
            ChannelId = "msteams",
            ServiceUrl = TeamsActivities.ServiceUrl,
            Conversation = new Microsoft.Bot.Schema.ConversationAccount(id: "conv-1"),
            User = new Microsoft.Bot.Schema.ChannelAccount("29:alex"),
            Bot = new Microsoft.Bot.Schema.ChannelAccount(TeamsActivities.BotId),
        };
        await RunTurn(reference, async (state, ctx) =>
        {
            var accessor = state.CreateProperty<Note>("note");
            (await accessor.GetAsync(ctx, () => new Note())).Text = "kept";
        });

        _db.Dispose();
        _db = new ChexsDatabase(_folder.File("state.db"));
        _storage = new Chexs.Bot.Storage.LiteDb.LiteDbBotState(_db.File);

        string? seen = null;
        await RunTurn(reference, async (state, ctx) =>
        {
            seen = (await state.CreateProperty<Note>("note").GetAsync(ctx, () => new Note { Text = "default" })).Text;
        });
        Assert.Equal("kept", seen);
    }

    [Fact]
    public async Task Conversation_state_saved_twice_in_one_turn_does_not_conflict_with_itself()
    {
        var reference = new Microsoft.Bot.Schema.ConversationReference
        {
            ChannelId = "msteams",
            ServiceUrl = TeamsActivities.ServiceUrl,
            Conversation = new Microsoft.Bot.Schema.ConversationAccount(id: "conv-2"),
            User = new Microsoft.Bot.Schema.ChannelAccount("29:alex"),
            Bot = new Microsoft.Bot.Schema.ChannelAccount(TeamsActivities.BotId),
        };
        // The first turn creates the item; the second reads it (with its ETag) and saves twice.
        await RunTurn(reference, (state, ctx) => state.CreateProperty<int>("count").SetAsync(ctx, 0));
        await RunTurn(reference, async (state, ctx) =>
        {
            var counter = state.CreateProperty<int>("count");
            await counter.SetAsync(ctx, 1);
            await state.SaveChangesAsync(ctx);
            await counter.SetAsync(ctx, 2);
        });
        int count = 0;
        await RunTurn(reference, async (state, ctx) => count = await state.CreateProperty<int>("count").GetAsync(ctx, () => 0));
        Assert.Equal(2, count);
    }

    private async Task RunTurn(Microsoft.Bot.Schema.ConversationReference reference, Func<ConversationState, ITurnContext, Task> work)
    {
        var state = new ConversationState(_storage);
        var adapter = new TestAdapter(reference);
        await adapter.ProcessActivityAsync((Microsoft.Bot.Schema.Activity)MessageFactory.Text("x"), async (ctx, ct) =>
        {
            await work(state, ctx);
            await state.SaveChangesAsync(ctx, false, ct);
        }, default);
    }

    private static string? EtagOf(IDictionary<string, object> read, string key) => (string?)JObject.FromObject(read[key])["eTag"];
    private static string? TextOf(IDictionary<string, object> read, string key) => (string?)JObject.FromObject(read[key])["Text"];
}

using Chexs.Bot.Concerns;
using Chexs.Bot.Storage;
using Chexs.Bot.Tests.StorageEngines;
using Npgsql;

namespace Chexs.Bot.Tests.Concerns;

/// <summary>
/// The unalterable record, on both engines: concerns and entries are added and read, never changed or removed —
/// the port offers no way to, an insert never overwrites, and PostgreSQL itself refuses UPDATE, DELETE and TRUNCATE.
/// </summary>
public sealed class ConcernRecordTests
{
    private static readonly DateTimeOffset Raised = new(2026, 11, 25, 16, 52, 0, TimeSpan.Zero);

    private static Concern NewConcern(string? session = "S-7K3Q9") => new()
    {
        RaisedAt = Raised, RaisedById = "alex", RaisedByName = "Alex Host", SessionId = session, Category = ConcernCategory.Disclosure,
        Account = "  Sam said something worrying.\nSecond line.  ", HappenedWhen = "during the session", ImmediateRisk = true,
        Pupils = { new ConcernPupil { PupilId = "P-0001", Name = "Sam Patel", DateOfBirth = new DateOnly(2011, 5, 14), School = "Northfield" } },
        SentTo = { "dana" }, KeepUntil = new DateOnly(2036, 5, 14),
    };

    private static ConcernEntry Entry(long concernId, ConcernEntryKind kind, string text) =>
        new() { ConcernId = concernId, At = Raised.AddMinutes(5), ById = "dana", ByName = "Dana Safeguarding", Kind = kind, Text = text };

    [Fact]
    public void The_port_offers_adding_and_reading_only()
    {
        var methods = typeof(IConcernRecords).GetMethods().Select(m => m.Name).ToList();

        Assert.Equal(
            ["AddAsync", "AllAsync", "AllEntriesAsync", "AppendAsync", "CopyInAsync", "CountOpenAsync", "EntriesOfAsync", "FindAsync", "ForSessionAsync"],
            methods.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(methods, m => m.Contains("Update") || m.Contains("Delete") || m.Contains("Upsert") || m.Contains("Remove"));
        Assert.False(typeof(IRepository<Concern, long>).IsAssignableFrom(typeof(IConcernRecords)));
    }

    [Theory, OnLiteDb, OnPostgreSql]
    public async Task Concerns_and_entries_read_back_exactly_numbered_by_the_store(StorageEngine engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        var records = store.Get<IConcernRecords>();
        var first = NewConcern();
        var second = NewConcern(session: null);
        await records.AddAsync(first);
        await records.AddAsync(second);
        await records.AppendAsync(Entry(first.Id, ConcernEntryKind.Acknowledged, ""));
        await records.AppendAsync(Entry(first.Id, ConcernEntryKind.Closed, "Referred to children's services"));

        Assert.Equal(1, first.Id);
        Assert.Equal(2, second.Id);
        var read = await records.FindAsync(1);
        Assert.NotNull(read);
        Assert.Equal("  Sam said something worrying.\nSecond line.  ", read.Account);
        Assert.Equal(Raised, read.RaisedAt);
        Assert.Equal(new DateOnly(2011, 5, 14), read.Pupils.Single().DateOfBirth);
        Assert.Equal(ConcernCategory.Disclosure, read.Category);
        Assert.Equal(new DateOnly(2036, 5, 14), read.KeepUntil);
        Assert.Equal([ConcernEntryKind.Acknowledged, ConcernEntryKind.Closed], (await records.EntriesOfAsync(1)).Select(e => e.Kind));
        Assert.Empty(await records.EntriesOfAsync(2));
        Assert.Equal([1L], (await records.ForSessionAsync("S-7K3Q9")).Select(c => c.Id));
        Assert.Equal(1, await records.CountOpenAsync()); // the first is closed
        Assert.Equal(2, (await records.AllEntriesAsync()).Count);
    }

    [Theory, OnLiteDb, OnPostgreSql]
    public async Task A_number_already_used_is_never_written_over(StorageEngine engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        var records = store.Get<IConcernRecords>();
        var original = NewConcern();
        await records.AddAsync(original);
        await records.AppendAsync(Entry(original.Id, ConcernEntryKind.Note, "first note"));
        var entryId = (await records.EntriesOfAsync(original.Id)).Single().Id;

        var forged = NewConcern();
        forged.Id = original.Id;
        forged.Account = "rewritten";
        var forgedEntry = Entry(original.Id, ConcernEntryKind.Note, "rewritten note");
        forgedEntry.Id = entryId;

        await Assert.ThrowsAnyAsync<Exception>(async () => await records.CopyInAsync([forged], []));
        await Assert.ThrowsAnyAsync<Exception>(async () => await records.CopyInAsync([], [forgedEntry]));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await records.AddAsync(forged));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await records.AppendAsync(forgedEntry));
        Assert.Equal(original.Account, (await records.FindAsync(original.Id))!.Account);
        Assert.Equal("first note", (await records.EntriesOfAsync(original.Id)).Single().Text);
    }

    [Theory, OnLiteDb, OnPostgreSql]
    public async Task An_entry_added_in_a_transaction_that_fails_is_not_kept(StorageEngine engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        var records = store.Get<IConcernRecords>();
        var concern = NewConcern();
        await records.AddAsync(concern);

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.Transactions.RunAsync(async () =>
        {
            await records.AppendAsync(Entry(concern.Id, ConcernEntryKind.Note, "half-made"));
            throw new InvalidOperationException("crash mid-operation");
        }));

        Assert.Empty(await records.EntriesOfAsync(concern.Id));
    }

    [Theory, OnPostgreSql]
    public async Task PostgreSQL_itself_refuses_to_change_delete_or_truncate_a_concern_or_an_entry(StorageEngine engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        var records = store.Get<IConcernRecords>();
        var concern = NewConcern();
        await records.AddAsync(concern);
        await records.AppendAsync(Entry(concern.Id, ConcernEntryKind.Note, "kept"));

        await using var connection = new NpgsqlConnection(store.ConnectionString);
        await connection.OpenAsync();
        foreach (var sql in new[]
        {
            "UPDATE concerns SET doc = jsonb_set(doc, '{Account}', '\"rewritten\"')",
            "DELETE FROM concerns",
            "TRUNCATE concerns CASCADE",
            "UPDATE concern_entries SET doc = jsonb_set(doc, '{Text}', '\"rewritten\"')",
            "DELETE FROM concern_entries",
            "TRUNCATE concern_entries",
        })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.Contains("unalterable", refused.MessageText);
        }
        Assert.Equal(concern.Account, (await records.FindAsync(concern.Id))!.Account);
        Assert.Equal("kept", (await records.EntriesOfAsync(concern.Id)).Single().Text);
    }

    [Theory, OnPostgreSql]
    public async Task Copy_storage_carries_concerns_with_their_numbers_and_entries(StorageEngine engine)
    {
        await using var lite = await TestStore.CreateAsync(StorageEngine.LiteDb);
        await using var postgres = await TestStore.CreateAsync(engine);
        var source = lite.Get<IConcernRecords>();
        await source.AddAsync(NewConcern());
        await source.AddAsync(NewConcern(session: null));
        await source.AppendAsync(Entry(2, ConcernEntryKind.Acknowledged, ""));

        var copied = await StoreCopy.CopyAsync(lite.Services, postgres.Services);

        Assert.Contains(("safeguarding concerns", 2), copied);
        Assert.Contains(("concern entries", 1), copied);
        var target = postgres.Get<IConcernRecords>();
        Assert.Equal(ConcernEntryKind.Acknowledged, (await target.EntriesOfAsync(2)).Single().Kind);
        var next = NewConcern();
        await target.AddAsync(next);
        Assert.Equal(3, next.Id); // numbering carries on after the copied concerns
    }
}

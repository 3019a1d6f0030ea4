using Chexs.Bot.FollowUp;
using Chexs.Bot.Records;
using Chexs.Bot.Storage;
using Chexs.Bot.Tests.Support;

namespace Chexs.Bot.Tests.Foundation;

/// <summary>
/// The embedded engine behind the storage port: transactions land whole or not at all, nest, keep LiteDB's
/// thread binding to themselves, and a read never sees a document vanish while another thread rewrites it.
/// </summary>
public sealed class LiteDbEngineTests : IDisposable
{
    private readonly TempDatabase _temp = new();

    public void Dispose() => _temp.Dispose();

    private static Pupil Pupil(string id) => new() { Id = id, FirstName = "Sam", LastName = "Patel", DateOfBirth = new DateOnly(2012, 5, 1) };

    [Fact]
    public async Task A_transaction_that_fails_leaves_nothing_behind_and_one_that_succeeds_keeps_everything()
    {
        var pupils = _temp.Db.PupilRepository;
        var audit = _temp.Db.AuditTrail;
        await Assert.ThrowsAsync<InvalidOperationException>(() => _temp.Db.Transactions.RunAsync(async () =>
        {
            await pupils.InsertAsync(Pupil("P-1"));
            await audit.AppendAsync(DateTimeOffset.UnixEpoch, "test", "pupil.added", ["P-1"]);
            throw new InvalidOperationException("fails after writing");
        }));
        Assert.Null(await pupils.FindAsync("P-1"));
        Assert.Empty(await audit.AllAsync());

        await _temp.Db.Transactions.RunAsync(async () =>
        {
            await pupils.InsertAsync(Pupil("P-1"));
            await audit.AppendAsync(DateTimeOffset.UnixEpoch, "test", "pupil.added", ["P-1"]);
        });
        Assert.NotNull(await pupils.FindAsync("P-1"));
        Assert.Single(await audit.AllAsync());
    }

    [Fact]
    public async Task A_nested_transaction_joins_the_outer_one_and_rolls_back_with_it()
    {
        var pupils = _temp.Db.PupilRepository;
        await Assert.ThrowsAsync<InvalidOperationException>(() => _temp.Db.Transactions.RunAsync(async () =>
        {
            await _temp.Db.Transactions.RunAsync(async () => await pupils.InsertAsync(Pupil("P-2")));
            Assert.NotNull(await pupils.FindAsync("P-2")); // the outer transaction sees its own write
            throw new InvalidOperationException("outer fails");
        }));
        Assert.Null(await pupils.FindAsync("P-2"));
    }

    [Fact]
    public async Task Work_that_awaits_real_asynchronous_work_inside_a_transaction_still_lands_in_it()
    {
        var pupils = _temp.Db.PupilRepository;
        await Assert.ThrowsAsync<InvalidOperationException>(() => _temp.Db.Transactions.RunAsync(async () =>
        {
            await Task.Yield();
            await pupils.InsertAsync(Pupil("P-3"));
            await Task.Delay(1);
            throw new InvalidOperationException("fails after an await");
        }));
        Assert.Null(await pupils.FindAsync("P-3"));
    }

    [Fact]
    public async Task Work_that_leaves_the_transactions_thread_is_refused_instead_of_writing_outside_it()
    {
        var pupils = _temp.Db.PupilRepository;
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => _temp.Db.Transactions.RunAsync(async () =>
        {
            await Task.Delay(1).ConfigureAwait(false); // continues on a pool thread, outside the transaction's
            await pupils.InsertAsync(Pupil("P-4"));
        }));
        Assert.Contains("another thread", refused.Message);
        Assert.Null(await pupils.FindAsync("P-4"));
    }

    [Fact]
    public async Task A_document_being_rewritten_is_never_missing_to_a_reader()
    {
        // The cause of the old flaky worker-loop test: a raw LiteDB read during another thread's transaction on the
        // same document could come back empty. Bounded by work, not time (a loaded machine does less per second): the
        // reader keeps reading until the writer has rewritten the document 150 times.
        var jobs = new LiteDbScheduledJobsView(_temp.Db);
        await jobs.Repository.InsertAsync(new ScheduledJobState { Id = "retention", Failures = 0 });
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            var i = 0;
            try
            {
                while (i < 150)
                {
                    await _temp.Db.Transactions.RunAsync(async () =>
                    {
                        var state = (await jobs.Repository.FindAsync("retention"))!;
                        state.Failures = ++i;
                        state.LastError = new string('x', i % 500); // the document changes size, so LiteDB moves it
                        await jobs.Repository.UpdateAsync(state);
                        await _temp.Db.AuditTrail.AppendAsync(DateTimeOffset.UnixEpoch, "test", "job.rewritten", ["retention"]);
                    });
                }
            }
            finally
            {
                stop.Cancel(); // also when a write fails, so the reader below stops and the failure surfaces
            }
            return i;
        });
        // A second writer on other collections at the same time, as the notice and follow-up workers are.
        var other = Task.Run(async () =>
        {
            var n = 0;
            while (!stop.IsCancellationRequested)
            {
                await _temp.Db.Transactions.RunAsync(async () =>
                {
                    await _temp.Db.NoticeOutbox.InsertAsync(new Notices.StaffNotice { Recipient = "managers", Text = $"notice {++n}" });
                    await _temp.Db.PupilRepository.UpsertAsync(Pupil($"P-{n % 50}"));
                });
            }
        });
        var reads = 0;
        var missing = 0;
        while (!stop.IsCancellationRequested || reads < 150)
        {
            if (await jobs.Repository.FindAsync("retention") is null) missing++;
            reads++;
        }
        var writes = await writer;
        await other;
        Assert.True(writes > 10 && reads > 10, $"the test did too little to mean anything ({writes} writes, {reads} reads)");
        Assert.Equal(0, missing);
    }

    /// <summary>The scheduled-job repository over the test file.</summary>
    private sealed class LiteDbScheduledJobsView(ChexsDatabase db)
    {
        public IScheduledJobRepository Repository { get; } = new Bot.Storage.LiteDb.LiteDbScheduledJobs(db.File);
    }
}

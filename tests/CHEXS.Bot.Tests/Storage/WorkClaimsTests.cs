using Chexs.Bot.Records;
using Chexs.Bot.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Chexs.Bot.Tests.StorageEngines;

/// <summary>
/// The storage port's work claims (<see cref="IWorkClaims"/>) and named locks (<see cref="IStoreLocks"/>) on every
/// engine: one claimant at a time per key, a lapsed claim taken over, a release that cannot free somebody else's
/// claim; on PostgreSQL, the same across two instances' connections, and a lock one instance holds keeps the other waiting.
/// </summary>
public sealed class WorkClaimsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    [Theory, OnLiteDb, OnPostgreSql]
    public async Task A_held_claim_keeps_everyone_out_until_it_is_released_or_lapses(StorageEngine engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        var claims = store.Get<IWorkClaims>();

        Assert.True(await claims.TryClaimAsync("reminder:R-1", "one", T0, Lease));
        Assert.False(await claims.TryClaimAsync("reminder:R-1", "two", T0.AddSeconds(119), Lease));   // held
        Assert.False(await claims.TryClaimAsync("reminder:R-1", "one", T0.AddSeconds(1), Lease));     // not re-entrant
        Assert.True(await claims.TryClaimAsync("reminder:R-2", "two", T0, Lease));                    // keys are independent

        await claims.ReleaseAsync("reminder:R-1", "one");
        Assert.True(await claims.TryClaimAsync("reminder:R-1", "three", T0.AddSeconds(2), Lease));    // released: free at once

        // "three" dies holding it: nobody gets it before its lease ends; the first claimant at the end does.
        Assert.False(await claims.TryClaimAsync("reminder:R-1", "four", T0.AddSeconds(2) + Lease - TimeSpan.FromMilliseconds(1), Lease));
        Assert.True(await claims.TryClaimAsync("reminder:R-1", "four", T0.AddSeconds(2) + Lease, Lease));
        Assert.False(await claims.TryClaimAsync("reminder:R-1", "five", T0.AddSeconds(2) + Lease, Lease));
    }

    [Theory, OnLiteDb, OnPostgreSql]
    public async Task A_late_release_by_a_claimant_whose_claim_was_taken_over_leaves_the_new_claim_alone(StorageEngine engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        var claims = store.Get<IWorkClaims>();
        Assert.True(await claims.TryClaimAsync("notice:N-1", "slow", T0, Lease));
        Assert.True(await claims.TryClaimAsync("notice:N-1", "next", T0 + Lease, Lease));

        await claims.ReleaseAsync("notice:N-1", "slow");   // the slow one finishes late and lets go of what it thinks it holds

        Assert.False(await claims.TryClaimAsync("notice:N-1", "third", T0 + Lease + TimeSpan.FromSeconds(1), Lease));
    }

    [Theory, OnLiteDb, OnPostgreSql]
    public async Task Many_claimants_racing_for_the_same_keys_get_each_key_once(StorageEngine engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        var claims = store.Get<IWorkClaims>();
        var keys = Enumerable.Range(1, 20).Select(i => $"guardian-email:{i}").ToList();

        var won = await Task.WhenAll(Enumerable.Range(1, 8).Select(claimant => Task.Run(async () =>
        {
            var mine = new List<string>();
            foreach (var key in keys)
            {
                if (await claims.TryClaimAsync(key, $"claimant-{claimant}", T0, Lease)) mine.Add(key);
            }
            return mine;
        })));

        Assert.Equal(keys.Order(), won.SelectMany(k => k).Order());   // every key claimed, none twice
    }

    [Theory, OnLiteDb, OnPostgreSql]
    public async Task WorkClaims_does_the_work_once_on_a_fresh_copy_and_releases_however_it_ends(StorageEngine engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        var clock = new FakeTimeProvider(T0);
        var claims = new WorkClaims(store.Get<IWorkClaims>(), clock, Options.Create(new StorageOptions()), NullLogger<WorkClaims>.Instance);
        var row = new Row("pending");

        // Still wanted on the fresh read: done, and the claim released afterwards.
        Assert.True(await claims.DoOnceAsync("row:1", () => Task.FromResult<Row?>(row), r => r.State == "pending", _ => Task.FromResult(true), default));
        // Finished by somebody else between the list and the claim: not done again.
        Assert.False(await claims.DoOnceAsync("row:1", () => Task.FromResult<Row?>(row with { State = "sent" }), r => r.State == "pending", _ => throw new InvalidOperationException("done twice"), default));
        // Work that fails still lets go, so the next pass may try again at once.
        await Assert.ThrowsAsync<TimeoutException>(() => claims.DoOnceAsync<Row>("row:1", () => Task.FromResult<Row?>(row), _ => true, _ => throw new TimeoutException(), default));
        await using var again = await claims.TryClaimAsync("row:1");
        Assert.NotNull(again);
        // While held, the same work elsewhere is skipped.
        Assert.False(await claims.DoOnceAsync("row:1", () => Task.FromResult<Row?>(row), _ => true, _ => throw new InvalidOperationException("claimed twice"), default));
    }

    private sealed record Row(string State);

    [Theory, OnLiteDb, OnPostgreSql]
    public async Task A_claim_held_by_work_that_outlasts_its_lease_is_renewed_and_not_taken_over(StorageEngine engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        var clock = new FakeTimeProvider(T0);
        var claims = new WorkClaims(store.Get<IWorkClaims>(), clock, Options.Create(new StorageOptions()), NullLogger<WorkClaims>.Instance);
        var lease = claims.Lease;
        var store2 = store.Get<IWorkClaims>();

        var claim = await claims.TryClaimAsync("job:retention");
        Assert.NotNull(claim);
        for (var tick = 0; tick < 6; tick++) // two leases of a long pass
        {
            clock.Advance(lease / 3);
            await claim.LastRenewal.WaitAsync(TimeSpan.FromSeconds(30)); // a safety net, not a sleep
        }
        Assert.False(await store2.TryClaimAsync("job:retention", "another-instance", clock.GetUtcNow().AddSeconds(1), lease));

        await claim.DisposeAsync();
        clock.Advance(lease); // a released claim is not renewed again
        Assert.True(await store2.TryClaimAsync("job:retention", "another-instance", clock.GetUtcNow(), lease));
    }

    [Theory, OnLiteDb, OnPostgreSql]
    public async Task A_claim_that_lapsed_and_was_taken_over_is_not_renewed_away_from_its_new_holder(StorageEngine engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        var claims = store.Get<IWorkClaims>();

        Assert.True(await claims.TryClaimAsync("reminder:R-1", "stalled", T0, Lease));
        Assert.True(await claims.TryClaimAsync("reminder:R-1", "next", T0 + Lease, Lease));

        Assert.False(await claims.RenewAsync("reminder:R-1", "stalled", T0 + Lease, Lease));
        Assert.True(await claims.RenewAsync("reminder:R-1", "next", T0 + Lease, Lease));
        Assert.False(await claims.TryClaimAsync("reminder:R-1", "stalled", T0 + Lease + Lease / 2, Lease));
    }

    [Theory, OnPostgreSql]
    public async Task Two_instances_share_claims_and_a_lapsed_claim_of_one_is_taken_over_by_the_other(StorageEngine engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var other = store.OtherInstance();
        var mine = store.Get<IWorkClaims>();
        var theirs = other.GetRequiredService<IWorkClaims>();

        Assert.True(await theirs.TryClaimAsync("job:weekly-digest", "instance-b", T0, Lease));
        Assert.False(await mine.TryClaimAsync("job:weekly-digest", "instance-a", T0.AddSeconds(30), Lease));
        Assert.True(await mine.TryClaimAsync("job:weekly-digest", "instance-a", T0 + Lease, Lease));
        Assert.False(await theirs.TryClaimAsync("job:weekly-digest", "instance-b", T0 + Lease, Lease));
    }

    [Theory, OnPostgreSql]
    public async Task A_lock_held_by_one_instance_keeps_the_other_waiting_until_it_is_let_go(StorageEngine engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var other = store.OtherInstance();
        var held = await store.Get<IStoreLocks>().LockAsync("session:S-1");

        var waiting = other.GetRequiredService<IStoreLocks>().LockAsync("session:S-1");
        var elsewhere = await other.GetRequiredService<IStoreLocks>().LockAsync("session:S-2");   // other names are free
        await elsewhere.DisposeAsync();
        Assert.False(waiting.IsCompleted);   // cannot have it while the first holds it

        await held.DisposeAsync();
        await using var second = await waiting.WaitAsync(TimeSpan.FromSeconds(30));   // a safety net, not a sleep
        Assert.NotNull(second);
    }

    [Theory, OnPostgreSql]
    public async Task Bookings_holding_their_locks_while_they_write_never_run_out_of_connections(StorageEngine engine)
    {
        // The stall the 128-conversation benchmark found: each held lock kept a pooled connection, so more bookings at
        // once than the pool has connections left the writer at the head of the queue without one until the pool's timeout.
        await using var store = await TestStore.CreateAsync(engine);
        await using var instance = store.OtherInstance("Maximum Pool Size=3;Timeout=5");
        var locks = instance.GetRequiredService<IStoreLocks>();
        var transactions = instance.GetRequiredService<IStoreTransactions>();
        var pupils = instance.GetRequiredService<IPupilRepository>();

        var bookings = Enumerable.Range(1, 12).Select(i => Task.Run(async () =>
        {
            await using var held = await locks.LockAsync($"session:S-{i}");
            await transactions.RunAsync(async () =>
            {
                Assert.Null(await pupils.FindAsync($"P-{i}"));
                await pupils.InsertAsync(new Pupil { Id = $"P-{i}", FirstName = "Sam", LastName = "Patel", DateOfBirth = new DateOnly(2012, 5, 1) });
            });
        }));

        await Task.WhenAll(bookings).WaitAsync(TimeSpan.FromSeconds(60)); // a safety net, not a sleep
        Assert.Equal(12, await pupils.CountAsync());
    }

    [Theory, OnPostgreSql]
    public async Task A_cancelled_wait_for_a_lock_takes_nothing(StorageEngine engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var other = store.OtherInstance();
        var held = await store.Get<IStoreLocks>().LockAsync("session:S-1");
        using var stop = new CancellationTokenSource();

        var waiting = other.GetRequiredService<IStoreLocks>().LockAsync("session:S-1", stop.Token);
        stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(30)));

        await held.DisposeAsync();
        await using var again = await other.GetRequiredService<IStoreLocks>().LockAsync("session:S-1").WaitAsync(TimeSpan.FromSeconds(30));
    }
}

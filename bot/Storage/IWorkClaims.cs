namespace Chexs.Bot.Storage;

/// <summary>
/// Leases on pieces of work that every bot instance on one store could pick up: an outbox row being sent, a
/// scheduled job's pass. While a claim on a key is unexpired, nobody else may claim it; an instance that dies
/// holding one leaves it to lapse at its expiry, and another instance takes the work over then.
/// <para>
/// A claim is not re-entrant: a key held by anybody (the same instance included) cannot be claimed again until
/// it is released or expires, so two passes of one worker in one process cannot both send a row either.
/// Expiry is measured on the caller's clock (<c>now</c>), so every instance's clock must agree to well within a
/// lease (NTP, as every cloud host keeps).
/// </para>
/// LiteDB (one process) keeps claims in memory: a restart finds none, so interrupted work resumes at once.
/// PostgreSQL keeps them in the <c>work_claims</c> table, shared by every instance.
/// </summary>
public interface IWorkClaims
{
    /// <summary>
    /// Claims <paramref name="key"/> for <paramref name="claimant"/> (unique to this one claim) until
    /// <paramref name="now"/> + <paramref name="lease"/>, unless an unexpired claim holds it. True when the claim is now this one.
    /// </summary>
    ValueTask<bool> TryClaimAsync(string key, string claimant, DateTimeOffset now, TimeSpan lease, CancellationToken ct = default);

    /// <summary>
    /// Extends <paramref name="claimant"/>'s claim on <paramref name="key"/> to <paramref name="now"/> + <paramref name="lease"/>.
    /// False when the claim is no longer this one's (released, or lapsed and taken over by another claimant).
    /// </summary>
    ValueTask<bool> RenewAsync(string key, string claimant, DateTimeOffset now, TimeSpan lease, CancellationToken ct = default);

    /// <summary>Gives up <paramref name="claimant"/>'s claim on <paramref name="key"/> (a claim taken over since is left alone).</summary>
    ValueTask ReleaseAsync(string key, string claimant, CancellationToken ct = default);
}

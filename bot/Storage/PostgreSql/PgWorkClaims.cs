namespace Chexs.Bot.Storage.PostgreSql;

/// <summary>
/// Claims in the <c>work_claims</c> table, shared by every instance on the database. Claiming is one conditional
/// upsert: a new key is inserted, an expired claim is taken over, an unexpired one is left alone (0 rows). Row
/// locking makes two instances claiming one key at once take turns, and the second finds the first's claim.
/// </summary>
internal sealed class PgWorkClaims(PgDatabase db) : IWorkClaims
{
    public async ValueTask<bool> TryClaimAsync(string key, string claimant, DateTimeOffset now, TimeSpan lease, CancellationToken ct = default) =>
        await db.StatementAsync(async commands =>
        {
            await using var command = commands.Command("""
                INSERT INTO work_claims (id, claimant, claimed_at, expires_at) VALUES (@id, @claimant, @now, @until)
                ON CONFLICT (id) DO UPDATE SET claimant = EXCLUDED.claimant, claimed_at = EXCLUDED.claimed_at, expires_at = EXCLUDED.expires_at
                WHERE work_claims.expires_at <= @now
                """);
            command.Parameters.AddWithValue("id", key);
            command.Parameters.AddWithValue("claimant", claimant);
            command.Parameters.AddWithValue("now", now.ToUniversalTime());
            command.Parameters.AddWithValue("until", (now + lease).ToUniversalTime());
            return await command.ExecuteNonQueryAsync(ct) == 1;
        }, ct);

    public async ValueTask<bool> RenewAsync(string key, string claimant, DateTimeOffset now, TimeSpan lease, CancellationToken ct = default) =>
        await db.StatementAsync(async commands =>
        {
            await using var command = commands.Command("UPDATE work_claims SET expires_at = @until WHERE id = @id AND claimant = @claimant");
            command.Parameters.AddWithValue("id", key);
            command.Parameters.AddWithValue("claimant", claimant);
            command.Parameters.AddWithValue("until", (now + lease).ToUniversalTime());
            return await command.ExecuteNonQueryAsync(ct) == 1;
        }, ct);

    public async ValueTask ReleaseAsync(string key, string claimant, CancellationToken ct = default) =>
        await db.StatementAsync(async commands =>
        {
            await using var command = commands.Command("DELETE FROM work_claims WHERE id = @id AND claimant = @claimant");
            command.Parameters.AddWithValue("id", key);
            command.Parameters.AddWithValue("claimant", claimant);
            return await command.ExecuteNonQueryAsync(ct);
        }, ct);
}

using Npgsql;

namespace Chexs.Bot.Storage.PostgreSql;

/// <summary>
/// The database schema, as numbered migrations recorded in <c>schema_version</c>. Applying them is idempotent
/// and safe when several instances start together: a session-level advisory lock lets one instance migrate
/// while the others wait, then find nothing left to do. Never edit a released migration; add the next one.
/// </summary>
internal static class PgSchema
{
    /// <summary>Held while migrating (a different key from the writer lock, so a migration never waits for a write).</summary>
    private const long MigrationLockKey = 0x4348_4558_5300_0002;

    private static readonly (int Version, string Sql)[] Migrations =
    [
        (1, """
            -- One table per collection: the record as jsonb, plus real columns for what is queried.
            CREATE TABLE pupils (id text PRIMARY KEY, doc jsonb NOT NULL, last_name text);
            CREATE INDEX pupils_last_name ON pupils (last_name);

            CREATE TABLE guardians (id text PRIMARY KEY, doc jsonb NOT NULL, email text, pupil_ids text[] NOT NULL DEFAULT '{}');
            CREATE INDEX guardians_email ON guardians (email);
            CREATE INDEX guardians_pupil_ids ON guardians USING gin (pupil_ids);

            CREATE TABLE consents (id text PRIMARY KEY, doc jsonb NOT NULL, pupil_id text, session_id text, guardian_id text);
            CREATE INDEX consents_pupil_id ON consents (pupil_id);
            CREATE INDEX consents_session_id ON consents (session_id);
            CREATE INDEX consents_guardian_id ON consents (guardian_id);

            CREATE TABLE staff (id text PRIMARY KEY, doc jsonb NOT NULL);

            CREATE TABLE sessions (id text PRIMARY KEY, doc jsonb NOT NULL, start_at timestamptz, host_id text, co_host_id text,
                status text, pupil_ids text[] NOT NULL DEFAULT '{}', meeting_id bigint);
            CREATE INDEX sessions_start_at ON sessions (start_at);
            CREATE INDEX sessions_host_id ON sessions (host_id);
            CREATE INDEX sessions_co_host_id ON sessions (co_host_id);
            CREATE INDEX sessions_status ON sessions (status);
            CREATE INDEX sessions_pupil_ids ON sessions USING gin (pupil_ids);
            CREATE INDEX sessions_meeting_id ON sessions (meeting_id);

            CREATE TABLE audit (id bigserial PRIMARY KEY, doc jsonb NOT NULL, at timestamptz);
            CREATE INDEX audit_at ON audit (at);

            CREATE TABLE installations (id text PRIMARY KEY, doc jsonb NOT NULL, scope text, team_id text, user_aad_object_id text);
            CREATE INDEX installations_scope ON installations (scope);
            CREATE INDEX installations_team_id ON installations (team_id);

            CREATE TABLE notices (id text PRIMARY KEY, doc jsonb NOT NULL, created_at timestamptz, sent_at timestamptz, attempts int);
            -- Only unsent notices are ever looked for.
            CREATE INDEX notices_unsent ON notices (created_at) WHERE sent_at IS NULL;

            CREATE TABLE reminders (id text PRIMARY KEY, doc jsonb NOT NULL, session_id text, status text, outstanding_due timestamptz);
            CREATE INDEX reminders_session_id ON reminders (session_id);
            CREATE INDEX reminders_status ON reminders (status);
            CREATE INDEX reminders_outstanding_due ON reminders (outstanding_due) WHERE outstanding_due IS NOT NULL;

            CREATE TABLE follow_ups (id text PRIMARY KEY, doc jsonb NOT NULL, session_id text, status text, outstanding_due timestamptz);
            CREATE INDEX follow_ups_session_id ON follow_ups (session_id);
            CREATE INDEX follow_ups_status ON follow_ups (status);
            CREATE INDEX follow_ups_outstanding_due ON follow_ups (outstanding_due) WHERE outstanding_due IS NOT NULL;

            CREATE TABLE scheduled_jobs (id text PRIMARY KEY, doc jsonb NOT NULL);

            CREATE TABLE zoom_intents (id text PRIMARY KEY, doc jsonb NOT NULL, session_id text, state text);
            CREATE INDEX zoom_intents_session_id ON zoom_intents (session_id);
            CREATE INDEX zoom_intents_state ON zoom_intents (state);

            CREATE TABLE zoom_deliveries (id text PRIMARY KEY, doc jsonb NOT NULL, received_at timestamptz);
            CREATE INDEX zoom_deliveries_received_at ON zoom_deliveries (received_at);

            CREATE TABLE guardian_emails (id bigserial PRIMARY KEY, doc jsonb NOT NULL, session_id text, status text);
            CREATE INDEX guardian_emails_session_id ON guardian_emails (session_id);
            CREATE INDEX guardian_emails_status ON guardian_emails (status);

            CREATE TABLE host_calendar_events (id text PRIMARY KEY, doc jsonb NOT NULL);

            CREATE TABLE host_calendar_changes (id text PRIMARY KEY, doc jsonb NOT NULL, status text);
            CREATE INDEX host_calendar_changes_status ON host_calendar_changes (status);

            CREATE TABLE meeting_removals (id bigserial PRIMARY KEY, doc jsonb NOT NULL, done_at timestamptz);
            CREATE INDEX meeting_removals_pending ON meeting_removals (id) WHERE done_at IS NULL;

            -- The Bot Framework's conversation and user state, with its optimistic-concurrency ETag.
            CREATE TABLE bot_state (id text PRIMARY KEY, etag text NOT NULL, doc jsonb NOT NULL);

            CREATE TABLE settings (id text PRIMARY KEY, value text NOT NULL);

            -- Markers of the write probe (IStoreHealth.ProbeWriteAsync); empty between probes.
            CREATE TABLE health (id text PRIMARY KEY, at timestamptz NOT NULL);
            """),
        (2, """
            -- Safeguarding concerns (issue 16): an unalterable record. Rows are only ever inserted; the triggers
            -- below refuse UPDATE, DELETE and TRUNCATE, whoever issues them through the bot's connection.
            CREATE TABLE concerns (id bigserial PRIMARY KEY, doc jsonb NOT NULL, session_id text, raised_at timestamptz);
            CREATE INDEX concerns_session_id ON concerns (session_id);

            CREATE TABLE concern_entries (id bigserial PRIMARY KEY, doc jsonb NOT NULL, concern_id bigint NOT NULL REFERENCES concerns (id), kind text);
            CREATE INDEX concern_entries_concern_id ON concern_entries (concern_id);

            CREATE FUNCTION concerns_are_unalterable() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'safeguarding concerns are an unalterable record: % on % is not allowed', TG_OP, TG_TABLE_NAME
                    USING ERRCODE = 'insufficient_privilege';
            END;
            $$;
            CREATE TRIGGER concerns_unalterable BEFORE UPDATE OR DELETE ON concerns
                FOR EACH ROW EXECUTE FUNCTION concerns_are_unalterable();
            CREATE TRIGGER concerns_not_truncated BEFORE TRUNCATE ON concerns
                FOR EACH STATEMENT EXECUTE FUNCTION concerns_are_unalterable();
            CREATE TRIGGER concern_entries_unalterable BEFORE UPDATE OR DELETE ON concern_entries
                FOR EACH ROW EXECUTE FUNCTION concerns_are_unalterable();
            CREATE TRIGGER concern_entries_not_truncated BEFORE TRUNCATE ON concern_entries
                FOR EACH STATEMENT EXECUTE FUNCTION concerns_are_unalterable();

            -- Who is still owed the concern in their 1:1 chat (no concern text here: the card is rendered when sent).
            CREATE TABLE concern_deliveries (id text PRIMARY KEY, doc jsonb NOT NULL, created_at timestamptz, sent_at timestamptz, attempts int);
            CREATE INDEX concern_deliveries_unsent ON concern_deliveries (created_at) WHERE sent_at IS NULL;
            """),
        (3, """
            -- Several instances on one database: who is doing which piece of work (an outbox row, a scheduled job),
            -- until when. A claim past expires_at was left by an instance that stopped; the next claimer takes it over.
            CREATE TABLE work_claims (id text PRIMARY KEY, claimant text NOT NULL, claimed_at timestamptz NOT NULL, expires_at timestamptz NOT NULL);
            """),
        (4, """
            -- Weekly series (issue 17): the series records, and each session's series for "my sessions" and cancelling the rest.
            CREATE TABLE series (id text PRIMARY KEY, doc jsonb NOT NULL);

            ALTER TABLE sessions ADD COLUMN series_id text;
            UPDATE sessions SET series_id = doc->>'SeriesId' WHERE doc ? 'SeriesId';
            CREATE INDEX sessions_series_id ON sessions (series_id);
            """),
    ];

    /// <summary>The newest schema version this build knows.</summary>
    public static int LatestVersion => Migrations[^1].Version;

    /// <summary>Brings the database to <see cref="LatestVersion"/>; returns the versions applied now (none when already there).</summary>
    public static async Task<IReadOnlyList<int>> MigrateAsync(NpgsqlDataSource source, CancellationToken ct = default)
    {
        await using var connection = await source.OpenConnectionAsync(ct);
        await Execute(connection, null, $"SELECT pg_advisory_lock({MigrationLockKey})", ct);
        try
        {
            await Execute(connection, null, "CREATE TABLE IF NOT EXISTS schema_version (version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())", ct);
            var current = await CurrentVersionAsync(connection, ct);
            var applied = new List<int>();
            foreach (var (version, sql) in Migrations.Where(m => m.Version > current))
            {
                // Each migration and its version row commit together, so a crash never leaves a half-applied version.
                await using var transaction = await connection.BeginTransactionAsync(ct);
                await Execute(connection, transaction, sql, ct);
                await Execute(connection, transaction, $"INSERT INTO schema_version (version) VALUES ({version})", ct);
                await transaction.CommitAsync(ct);
                applied.Add(version);
            }
            return applied;
        }
        finally
        {
            await Execute(connection, null, $"SELECT pg_advisory_unlock({MigrationLockKey})", CancellationToken.None);
        }
    }

    private static async Task<int> CurrentVersionAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM schema_version", connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync(ct));
    }

    private static async Task Execute(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(ct);
    }
}

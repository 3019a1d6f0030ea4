using Chexs.Bot.Records;
using LiteDB;

namespace Chexs.Bot.Storage.LiteDb;

/// <summary>
/// The one LiteDB file behind the embedded engine: opened once per process (direct mode), its indexes
/// ensured in one place, and one writer at a time. Every write — a transaction or a single write outside
/// one — holds the writer gate, so transactions are serialised (a "judge again, then write" cannot miss
/// a booking stored beside it) and LiteDB never sees more concurrent write transactions than one.
/// Only this folder knows LiteDB.
/// </summary>
public sealed class LiteDbFile : IDisposable
{
    private readonly object _openLock = new();
    // One writer at a time, waited for asynchronously: a turn waiting to write must not hold a pool thread (blocking
    // waits here starved the thread pool under load). Reads take no lock: LiteDB serves readers beside its one writer.
    private readonly SemaphoreSlim _writer = new(1, 1);
    // The thread running a transaction (LiteDB binds a transaction to a thread), and a flag that flows with
    // that transaction's async work, so work that escaped its thread fails loudly instead of writing outside it.
    private volatile int _transactionThread = -1;
    private readonly AsyncLocal<bool> _inTransaction = new();
    private LiteDatabase? _opened;
    // The database while its indexes are ensured, seen only by the opening thread (which holds the lock):
    // LiteDB builds its type mappings lazily and not thread-safely, so no other thread may query meanwhile.
    private LiteDatabase? _opening;
    private bool _disposed;
    // Set when a write failed in the file itself (disk full, a read-only or vanished file): LiteDB's in-memory state
    // may no longer match the file, and before this every later turn failed until a restart. The next write (or a
    // read that can take the writer gate) closes and reopens the database, so once space is freed turns work again.
    private volatile bool _needsReopen;
    private int _opens;

    /// <summary>The work claims of this process (<see cref="LiteDbWorkClaims"/>): key → claimant and expiry.</summary>
    internal Dictionary<string, (string Claimant, DateTimeOffset Until)> Claims { get; } = new(StringComparer.Ordinal);

    /// <summary>Names the file; it is opened on first use, so a bad path shows as an unhealthy /healthz, not a process that never starts.</summary>
    public LiteDbFile(string path)
    {
        FilePath = System.IO.Path.GetFullPath(path);
    }

    public string FilePath { get; }

    internal LiteDatabase Database
    {
        get
        {
            if (Volatile.Read(ref _opened) is { } db) return db;
            lock (_openLock)
            {
                // Never reopen after Dispose: a late caller of a stopping host would hold the file the next process opens.
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_opened is not null) return _opened;
                if (_opening is not null) return _opening;
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(FilePath)!);
                // Only a missing file becomes a new database: LiteDB would initialise a truncated one over the data.
                if (File.Exists(FilePath) && LiteDbVerifier.HeaderProblem(FilePath) is { } problem)
                {
                    throw new StoreUnsoundException(FilePath, problem);
                }
                _opens++;
                _opening = new LiteDatabase(new ConnectionString { Filename = FilePath, Connection = ConnectionType.Direct }, BsonMapping.Create());
                try
                {
                    EnsureIndexes(_opening);
                    Volatile.Write(ref _opened, _opening);
                }
                catch
                {
                    _opening.Dispose();
                    throw;
                }
                finally
                {
                    _opening = null;
                }
                return _opened;
            }
        }
    }

    /// <summary>How many times the file was opened (tests: a failed write makes the next use reopen it).</summary>
    internal int Opens => Volatile.Read(ref _opens);

    /// <summary>
    /// Tests only: asked just before every commit; an exception it returns is thrown there, as the disk would
    /// (an injected "No space left on device"). Null in the product.
    /// </summary>
    internal Func<Exception?>? CommitFault { get; set; }

    internal ILiteCollection<T> Collection<T>(string name) => Database.GetCollection<T>(name);

    internal ILiteCollection<BsonDocument> Documents(string name) => Database.GetCollection(name);

    /// <summary>A read: joins this thread's transaction when there is one, else reads committed data.</summary>
    internal T Read<T>(Func<T> read)
    {
        if (GuardThread()) return read();
        if (_needsReopen && _writer.Wait(0))
        {
            // A failed write left the database to be reopened; a read may do it when no writer holds the gate.
            try { ReopenIfBroken(); } finally { _writer.Release(); }
        }
        return read();
    }

    /// <summary>A write: inside this thread's transaction it joins it; otherwise it takes the writer gate and a transaction of its own.</summary>
    internal ValueTask<T> WriteAsync<T>(Func<T> write)
    {
        if (GuardThread())
        {
            return new(write());
        }
        // Uncontended (the usual case): no allocation, no thread hop.
        return _writer.Wait(0) ? new(WriteHoldingGate(write)) : new(WriteWhenFreeAsync(write));
    }

    private async Task<T> WriteWhenFreeAsync<T>(Func<T> write)
    {
        await _writer.WaitAsync();
        return WriteHoldingGate(write);
    }

    /// <summary>Everything between BeginTrans and Commit is synchronous, so it stays on this thread as LiteDB needs.</summary>
    private T WriteHoldingGate<T>(Func<T> write)
    {
        try
        {
            ReopenIfBroken();
            // Its own transaction, so a write of several documents (bot state, a DeleteMany) lands whole or not at all.
            var db = Database;
            db.BeginTrans();
            T result;
            try
            {
                result = write();
            }
            catch (Exception e)
            {
                RollBack(db, e);
                throw;
            }
            Commit(db);
            return result;
        }
        finally
        {
            _writer.Release();
        }
    }

    internal async Task<T> InTransactionAsync<T>(Func<Task<T>> work, CancellationToken ct)
    {
        if (GuardThread())
        {
            return await work(); // nested: join the outer transaction (we are on its thread, inside its pump)
        }
        await _writer.WaitAsync(ct);
        try
        {
            _inTransaction.Value = true;
            _transactionThread = Environment.CurrentManagedThreadId;
            try
            {
                ReopenIfBroken();
                var db = Database;
                db.BeginTrans();
                T result;
                try
                {
                    result = ThreadPump.Run(work);
                }
                catch (Exception e)
                {
                    RollBack(db, e);
                    throw;
                }
                Commit(db);
                return result;
            }
            finally
            {
                _transactionThread = -1;
                _inTransaction.Value = false;
            }
        }
        finally
        {
            _writer.Release();
        }
    }

    private void Commit(LiteDatabase db)
    {
        try
        {
            if (CommitFault?.Invoke() is { } fault) throw fault;
            db.Commit();
        }
        catch
        {
            // A commit that failed is a write the file refused: roll back what we can and reopen before the next use.
            _needsReopen = true;
            try { db.Rollback(); } catch (Exception) { /* the database is reopened anyway */ }
            throw;
        }
    }

    private void RollBack(LiteDatabase db, Exception cause)
    {
        // The work's own exceptions (a conflict, a refused booking) leave the database sound; an I/O error may not.
        if (cause is IOException or UnauthorizedAccessException) _needsReopen = true;
        try
        {
            db.Rollback();
        }
        catch (Exception)
        {
            _needsReopen = true; // keep the work's exception: it says what went wrong first
        }
    }

    /// <summary>Closes a database a failed write left behind, so the next use opens the file afresh. Holds the writer gate.</summary>
    private void ReopenIfBroken()
    {
        if (!_needsReopen) return;
        lock (_openLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var broken = _opened;
            Volatile.Write(ref _opened, null);
            _needsReopen = false;
            try { broken?.Dispose(); } catch (Exception) { /* closing a broken database may fail too; the file is reopened below */ }
        }
    }

    /// <summary>
    /// A consistent copy of the live file while the bot runs: under the writer gate (no transaction in flight),
    /// LiteDB checkpoints its log into the data file, which is then copied byte for byte. Writes wait for the copy
    /// (milliseconds for a charity's file; see README); reads go on (they do not change the file).
    /// </summary>
    internal void CopyTo(string target)
    {
        _writer.Wait();
        try
        {
            ReopenIfBroken();
            Database.Checkpoint();
            using var source = new FileStream(FilePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var copy = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            source.CopyTo(copy);
            copy.Flush(flushToDisk: true);
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>Reads the whole live file (every collection and index) while no write runs.</summary>
    internal StoreVerification Verify()
    {
        var db = Database; // opening checks the header and refuses an unsound file
        return LiteDbVerifier.Verify(db, FilePath);
    }

    /// <summary>True when this call runs inside the current transaction; throws when a transaction's work left its thread.</summary>
    private bool GuardThread()
    {
        if (!_inTransaction.Value) return false;
        if (_transactionThread == Environment.CurrentManagedThreadId) return true;
        throw new InvalidOperationException(
            "Storage was used from another thread inside a transaction (an await that left the transaction's thread, e.g. ConfigureAwait(false) or network I/O). Do outside work before or after the transaction.");
    }

    private static void EnsureIndexes(LiteDatabase db)
    {
        var pupils = db.GetCollection<Pupil>(LiteDbNames.Pupils);
        var guardians = db.GetCollection<Guardian>(LiteDbNames.Guardians);
        var consents = db.GetCollection<Consent>(LiteDbNames.Consents);
        var sessions = db.GetCollection<Session>(LiteDbNames.Sessions);
        pupils.EnsureIndex(p => p.LastName);
        guardians.EnsureIndex(g => g.Email);
        guardians.EnsureIndex("PupilIds", "$.PupilIds[*]");
        consents.EnsureIndex(c => c.PupilId);
        consents.EnsureIndex(c => c.SessionId);
        consents.EnsureIndex(c => c.GuardianId);
        sessions.EnsureIndex(s => s.Start);
        sessions.EnsureIndex(s => s.HostId);
        sessions.EnsureIndex(s => s.CoHostId);
        sessions.EnsureIndex(s => s.Status);
        sessions.EnsureIndex("PupilIds", "$.PupilIds[*]");
        sessions.EnsureIndex("MeetingId", "$.Meeting.MeetingId");
        sessions.EnsureIndex(s => s.SeriesId);
        db.GetCollection<AuditEvent>(LiteDbNames.Audit).EnsureIndex(a => a.At);
        db.GetCollection<Teams.InstallationRecord>(LiteDbNames.Installations).EnsureIndex(i => i.Scope);
        db.GetCollection<Notices.StaffNotice>(LiteDbNames.Notices).EnsureIndex(n => n.SentAt);
        var reminders = db.GetCollection<Reminders.Reminder>(LiteDbNames.Reminders);
        reminders.EnsureIndex(r => r.OutstandingDueUtc);
        reminders.EnsureIndex(r => r.SessionId);
        reminders.EnsureIndex(r => r.Status);
        db.GetCollection<Sessions.MeetingRemoval>(LiteDbNames.MeetingRemovals).EnsureIndex(r => r.DoneAt);
        var intents = db.GetCollection<Zoom.ZoomMeetingIntent>(LiteDbNames.ZoomIntents);
        intents.EnsureIndex(i => i.SessionId);
        intents.EnsureIndex(i => i.State);
        db.GetCollection<Zoom.ZoomDelivery>(LiteDbNames.ZoomDeliveries).EnsureIndex(d => d.ReceivedAt);
        var emails = db.GetCollection<Invitations.GuardianEmailRow>(LiteDbNames.GuardianEmails);
        emails.EnsureIndex(r => r.Status);
        emails.EnsureIndex(r => r.SessionId);
        db.GetCollection<HostCalendar.HostCalendarChange>(LiteDbNames.HostCalendarChanges).EnsureIndex(c => c.Status);
        var followUps = db.GetCollection<FollowUp.FollowUpItem>(LiteDbNames.FollowUps);
        followUps.EnsureIndex(f => f.OutstandingDueUtc);
        followUps.EnsureIndex(f => f.SessionId);
        db.GetCollection<Concerns.Concern>(LiteDbNames.Concerns).EnsureIndex(c => c.SessionId);
        db.GetCollection<Concerns.ConcernEntry>(LiteDbNames.ConcernEntries).EnsureIndex(e => e.ConcernId);
        db.GetCollection<Concerns.ConcernDelivery>(LiteDbNames.ConcernDeliveries).EnsureIndex(d => d.SentAt);
    }

    public void Dispose()
    {
        // Close only between writes: a file closed under a write in flight is what LiteDB cannot recover from.
        var writer = _writer.Wait(TimeSpan.FromSeconds(10));
        try
        {
            lock (_openLock)
            {
                if (_disposed) return;
                _disposed = true;
                _opened?.Dispose();
            }
        }
        finally
        {
            if (writer) _writer.Release();
        }
    }
}

/// <summary>The collection names in the file (kept from the first release: renaming one would orphan its data).</summary>
internal static class LiteDbNames
{
    public const string Pupils = "pupils";
    public const string Guardians = "guardians";
    public const string Consents = "consents";
    public const string Sessions = "sessions";
    public const string Series = "series";
    public const string Staff = "staff";
    public const string Audit = "audit";
    public const string Installations = "installations";
    public const string Notices = "notices";
    public const string Reminders = "reminders";
    public const string ZoomIntents = "zoom_intents";
    public const string ZoomDeliveries = "zoom_deliveries";
    public const string GuardianEmails = "guardianEmails";
    public const string HostCalendarEvents = "hostCalendarEvents";
    public const string HostCalendarChanges = "hostCalendarChanges";
    public const string MeetingRemovals = "meeting_removals";
    public const string FollowUps = "follow_ups";
    public const string ScheduledJobs = "scheduled_jobs";
    public const string Concerns = "concerns";
    public const string ConcernEntries = "concern_entries";
    public const string ConcernDeliveries = "concern_deliveries";
    public const string BotState = "botstate";
    public const string Settings = "settings";
    public const string Health = "health";
}

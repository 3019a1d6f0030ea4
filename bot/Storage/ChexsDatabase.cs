using Chexs.Bot.Records;
using LiteDB;

namespace Chexs.Bot.Storage;

/// <summary>
/// The one LiteDB file that holds everything the bot knows: records, bot state, outboxes and the
/// audit trail. Opened once per process (LiteDB direct mode is thread-safe within a process).
/// Each collection gets the indexes its queries need here, in one place.
/// </summary>
public sealed class ChexsDatabase : IDisposable
{
    private readonly object _openLock = new();
    private LiteDatabase? _opened;
    // The database while its indexes are ensured, seen only by the opening thread (which holds the lock):
    // other threads wait until it is published as _opened. LiteDB builds its type mappings lazily and not
    // thread-safely, so no other thread may query while EnsureIndexes builds them.
    private LiteDatabase? _opening;
    private bool _disposed;

    /// <summary>
    /// Names the file; it is opened (folder created, indexes ensured) on first use, so a bad path or a
    /// damaged file shows as an unhealthy /healthz and a logged error instead of a process that never starts.
    /// </summary>
    public ChexsDatabase(string path)
    {
        FilePath = System.IO.Path.GetFullPath(path);
    }

    private LiteDatabase _db
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
                _opening = new LiteDatabase(new ConnectionString { Filename = FilePath, Connection = ConnectionType.Direct }, BsonMapping.Create());
                try
                {
                    EnsureIndexes();
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

    public string FilePath { get; }

    public LiteDatabase Raw => _db;

    public ILiteCollection<Pupil> Pupils => _db.GetCollection<Pupil>("pupils");
    public ILiteCollection<Guardian> Guardians => _db.GetCollection<Guardian>("guardians");
    public ILiteCollection<Consent> Consents => _db.GetCollection<Consent>("consents");
    public ILiteCollection<Session> Sessions => _db.GetCollection<Session>("sessions");
    public ILiteCollection<StaffMember> Staff => _db.GetCollection<StaffMember>("staff");
    public ILiteCollection<AuditEvent> Audit => _db.GetCollection<AuditEvent>("audit");
    public ILiteCollection<Teams.InstallationRecord> Installations => _db.GetCollection<Teams.InstallationRecord>("installations");
    public ILiteCollection<Notices.StaffNotice> Notices => _db.GetCollection<Notices.StaffNotice>("notices");
    public ILiteCollection<Reminders.Reminder> Reminders => _db.GetCollection<Reminders.Reminder>("reminders");
    /// <summary>Zoom creates in flight: written before the create, closed by the booking or the reconciler.</summary>
    public ILiteCollection<Zoom.ZoomMeetingIntent> ZoomIntents => _db.GetCollection<Zoom.ZoomMeetingIntent>("zoom_intents");
    /// <summary>One key per Zoom webhook delivery already processed (Zoom redelivers).</summary>
    public ILiteCollection<Zoom.ZoomDelivery> ZoomDeliveries => _db.GetCollection<Zoom.ZoomDelivery>("zoom_deliveries");
    public ILiteCollection<Invitations.GuardianEmailRow> GuardianEmails => _db.GetCollection<Invitations.GuardianEmailRow>("guardianEmails");
    public ILiteCollection<HostCalendar.HostCalendarEvent> HostCalendarEvents => _db.GetCollection<HostCalendar.HostCalendarEvent>("hostCalendarEvents");
    public ILiteCollection<HostCalendar.HostCalendarChange> HostCalendarChanges => _db.GetCollection<HostCalendar.HostCalendarChange>("hostCalendarChanges");
    public ILiteCollection<Sessions.MeetingRemoval> MeetingRemovals => _db.GetCollection<Sessions.MeetingRemoval>("meeting_removals");
    /// <summary>Checks owed after Zoom events (P8 lock nudge, P5 recording check), swept by the follow-up worker.</summary>
    public ILiteCollection<FollowUp.FollowUpItem> FollowUps => _db.GetCollection<FollowUp.FollowUpItem>("follow_ups");
    /// <summary>The last occurrence done of each recurring job (weekly digest, daily retention).</summary>
    public ILiteCollection<FollowUp.ScheduledJobState> ScheduledJobs => _db.GetCollection<FollowUp.ScheduledJobState>("scheduled_jobs");
    internal ILiteCollection<BsonDocument> BotState => _db.GetCollection("botstate");

    /// <summary>True when the database answers a trivial query (used by /healthz).</summary>
    public bool IsHealthy() => IsHealthy(out _);

    /// <summary>True when the database opens and answers a read; otherwise false and why.</summary>
    public bool IsHealthy(out Exception? problem)
    {
        try
        {
            // Opening ensures the indexes (reads and writes every collection's header); then one header read.
            // Not GetCollectionNames: it enumerates LiteDB's collection table, which throws while another
            // thread (a worker at start-up) creates a collection.
            _ = _db.UserVersion;
            problem = null;
            return true;
        }
        catch (Exception e)
        {
            problem = e;
            return false;
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one LiteDB transaction: everything it writes lands, or nothing does.
    /// </summary>
    public T InTransaction<T>(Func<T> work)
    {
        if (!_db.BeginTrans())
        {
            // Already inside a transaction on this thread: join it.
            return work();
        }
        try
        {
            var result = work();
            _db.Commit();
            return result;
        }
        catch
        {
            _db.Rollback();
            throw;
        }
    }

    public void InTransaction(Action work) => InTransaction(() => { work(); return 0; });

    /// <summary>Appends an audit event. The trail is append-only: there is no update or delete here.</summary>
    public AuditEvent AppendAudit(DateTimeOffset at, string actor, string action, IEnumerable<string> records, string? detail = null)
    {
        var e = new AuditEvent { At = at, Actor = actor, Action = action, Records = records.ToList(), Detail = detail };
        Audit.Insert(e);
        return e;
    }

    private void EnsureIndexes()
    {
        Pupils.EnsureIndex(p => p.LastName);
        Guardians.EnsureIndex(g => g.Email);
        Consents.EnsureIndex(c => c.PupilId);
        Consents.EnsureIndex(c => c.SessionId);
        Consents.EnsureIndex(c => c.GuardianId);
        Guardians.EnsureIndex("PupilIds", "$.PupilIds[*]");
        Sessions.EnsureIndex(s => s.Start);
        Sessions.EnsureIndex(s => s.HostId);
        Sessions.EnsureIndex(s => s.CoHostId);
        Sessions.EnsureIndex(s => s.Status);
        Sessions.EnsureIndex("PupilIds", "$.PupilIds[*]");
        Sessions.EnsureIndex("MeetingId", "$.Meeting.MeetingId");
        Audit.EnsureIndex(a => a.At);
        Installations.EnsureIndex(i => i.Scope);
        Notices.EnsureIndex(n => n.SentAt);
        Reminders.EnsureIndex(r => r.OutstandingDueUtc);
        Reminders.EnsureIndex(r => r.SessionId);
        Reminders.EnsureIndex(r => r.Status);
        MeetingRemovals.EnsureIndex(r => r.DoneAt);
        ZoomIntents.EnsureIndex(i => i.SessionId);
        ZoomIntents.EnsureIndex(i => i.State);
        ZoomDeliveries.EnsureIndex(d => d.ReceivedAt);
        GuardianEmails.EnsureIndex(r => r.Status);
        GuardianEmails.EnsureIndex(r => r.SessionId);
        HostCalendarChanges.EnsureIndex(c => c.Status);
        FollowUps.EnsureIndex(f => f.OutstandingDueUtc);
        FollowUps.EnsureIndex(f => f.SessionId);
    }

    public void Dispose()
    {
        lock (_openLock)
        {
            if (_disposed) return;
            _disposed = true;
            _opened?.Dispose();
        }
    }
}

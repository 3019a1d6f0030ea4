using Chexs.Bot.Records;
using Chexs.Bot.Storage;

namespace Chexs.Bot.Safeguarding;

/// <summary>
/// Carries through a cancellation the bot itself decided (e.g. a consent was withdrawn, P4): marks the
/// session Cancelled with the reason, audits it, and — in the full implementation — arranges for the
/// Zoom meeting to be deleted and the guardians to be told.
/// <para>
/// Contract: it is called inside the caller's database transaction (so the decision, the cancellation
/// and its audit land together or not at all) and must complete synchronously: write to the database
/// only, and put any outside work (Zoom, email) in an outbox that a background worker sends. A LiteDB
/// transaction belongs to one thread, so awaiting network I/O here would escape it; callers refuse a
/// task that is not already completed.
/// </para>
/// </summary>
public interface ISessionCancellation
{
    Task CancelAsync(Session session, string reason, string actor);
}

/// <summary>
/// The default: updates the session record and audits. Zoom and guardian notices are not handled here
/// (the session step that owns them replaces this registration).
/// </summary>
public sealed class RecordOnlySessionCancellation : ISessionCancellation
{
    private readonly ChexsDatabase _db;
    private readonly TimeProvider _clock;

    public RecordOnlySessionCancellation(ChexsDatabase db, TimeProvider clock)
    {
        _db = db;
        _clock = clock;
    }

    public Task CancelAsync(Session session, string reason, string actor)
    {
        _db.InTransaction(() =>
        {
            session.Status = SessionStatus.Cancelled;
            session.CancelledReason = reason;
            _db.Sessions.Update(session);
            var detail = session.Meeting is null ? reason : reason + " (Zoom meeting and guardian notice not handled by the record-only cancellation)";
            _db.AppendAudit(_clock.GetUtcNow(), actor, "session.cancelled", new[] { session.Id }.Concat(session.PupilIds), detail);
        });
        return Task.CompletedTask;
    }
}

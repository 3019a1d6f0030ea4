using Chexs.Bot.Records;

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

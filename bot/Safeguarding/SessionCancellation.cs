using Chexs.Bot.Records;

namespace Chexs.Bot.Safeguarding;

/// <summary>
/// Carries through a cancellation the bot itself decided (e.g. a consent was withdrawn, P4): marks the
/// session Cancelled with the reason, queues what that owes (Zoom deletion, guardians told, calendar,
/// reminders) and audits it. Called inside the caller's storage transaction, which it joins, so the
/// decision, the cancellation and its audit land together or not at all.
/// </summary>
public interface ISessionCancellation
{
    /// <returns>False when the session was no longer live (nothing changed).</returns>
    Task<bool> CancelAsync(Session session, string reason, string actor, CancellationToken ct = default);
}

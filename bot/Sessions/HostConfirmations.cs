using Chexs.Bot.Notices;
using Chexs.Bot.Records;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Sessions;

/// <summary>
/// The host's confirmation card, in one place for a direct booking and an approved one: rendered outside
/// any transaction (by the booking dialog, or when the notice to the host is delivered), and its copy
/// without the passcode kept with the session.
/// </summary>
public sealed class HostConfirmations : INoticeCards
{
    private readonly ISessionRepository _sessions;
    private readonly StaffNotices _notices;
    private readonly SessionCards _cards;

    public HostConfirmations(ISessionRepository sessions, StaffNotices notices, SessionCards cards)
    {
        _sessions = sessions;
        _notices = notices;
        _cards = cards;
    }

    public string Kind => "host-confirmation";

    /// <summary>The card for the host's own 1:1 chat (full names; the passcode only when asked, never on the kept copy), after keeping its copy.</summary>
    public async Task<JObject> RenderAndKeepAsync(Session session, bool includePasscode, CancellationToken ct)
    {
        var kept = await _cards.ConfirmationAsync(session, inHostsPersonalChat: true, includePasscode: false, ct);
        if (await _sessions.FindAsync(session.Id, ct) is { } stored)
        {
            stored.ConfirmationCardJson = kept.ToString(Newtonsoft.Json.Formatting.None);
            await _sessions.UpdateAsync(stored, ct);
        }
        return includePasscode ? await _cards.ConfirmationAsync(session, inHostsPersonalChat: true, includePasscode: true, ct) : kept;
    }

    /// <summary>Queues the confirmation for the host's 1:1 chat (inside the booking's transaction); it is rendered when delivered.</summary>
    public Task SendToHostAsync(Session session, CancellationToken ct) =>
        _notices.EnqueueAsync(session.HostId, $"Session {session.Id} booked", new[] { session.Id }, ct: ct, cardKind: Kind);

    async Task<JObject?> INoticeCards.RenderAsync(StaffNotice notice, CancellationToken ct) =>
        notice.Records.FirstOrDefault() is { } id && await _sessions.FindAsync(id, ct) is { Status: SessionStatus.Scheduled } session
            ? await RenderAndKeepAsync(session, includePasscode: false, ct)
            : null;
}

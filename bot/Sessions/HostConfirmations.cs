using Chexs.Bot.Notices;
using Chexs.Bot.Records;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Sessions;

/// <summary>
/// The host's confirmation card, in one place for a direct booking and an approved one: rendered outside any
/// transaction, and its copy without the passcode kept with the session.
/// </summary>
public sealed class HostConfirmations
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

    /// <summary>
    /// A direct booking, in the host's own 1:1 chat: the card with the passcode for the chat, and its copy without it
    /// kept with the stored session.
    /// </summary>
    public async Task<JObject> RenderAndKeepAsync(Session session, CancellationToken ct)
    {
        var kept = await KeptCopyAsync(session, ct);
        if (await _sessions.FindAsync(session.Id, ct) is { } stored)
        {
            stored.ConfirmationCardJson = kept;
            await _sessions.UpdateAsync(stored, ct);
        }
        return await _cards.ConfirmationAsync(session, inHostsPersonalChat: true, includePasscode: true, ct);
    }

    /// <summary>
    /// An approved booking, whose host was not in the conversation: renders the card now (outside the booking's
    /// transaction) onto <paramref name="booked"/> before it is stored, and returns the write that queues it for the
    /// host's 1:1 chat in that transaction. Never with the passcode: a notice is stored.
    /// </summary>
    public async Task<Func<Task>> PrepareNoticeAsync(Session booked, CancellationToken ct)
    {
        var card = await KeptCopyAsync(booked, ct);
        booked.ConfirmationCardJson = card;
        return () => _notices.EnqueueAsync(booked.HostId, $"Session {booked.Id} booked", new[] { booked.Id }, card, ct);
    }

    /// <summary>
    /// A booking is made but its confirmation could not be posted (Teams' Bot Connector was down): the host gets the
    /// card through the notice outbox once Teams is back, and the kept copy is stored with the session.
    /// </summary>
    public async Task QueueForHostAsync(Session session, CancellationToken ct)
    {
        var card = await KeptCopyAsync(session, ct);
        if (await _sessions.FindAsync(session.Id, ct) is { } stored)
        {
            stored.ConfirmationCardJson = card;
            await _sessions.UpdateAsync(stored, ct);
        }
        await _notices.EnqueueAsync(session.HostId, $"Session {session.Id} booked", new[] { session.Id }, card, ct);
        _notices.Wakeup.Wake();
    }

    private async Task<string> KeptCopyAsync(Session session, CancellationToken ct) =>
        (await _cards.ConfirmationAsync(session, inHostsPersonalChat: true, includePasscode: false, ct)).ToString(Newtonsoft.Json.Formatting.None);
}

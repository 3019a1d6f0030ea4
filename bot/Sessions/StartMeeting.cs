using Chexs.Bot.CardActions;
using Chexs.Bot.Cards;
using Chexs.Bot.Records;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Storage;
using Chexs.Bot.Zoom;

namespace Chexs.Bot.Sessions;

/// <summary>
/// Start meeting, on the confirmation card and in `my sessions`. The button carries only the session id; the host's
/// start link is asked of Zoom (GET meeting → start_url) at the click, because it signs in as the host and expires,
/// and it goes back in the click's answer only: a card with an Open Zoom button that replaces the clicked card on
/// the host's screen. It is never posted as a message, stored, audited or logged. Only the session's host may start
/// it (P2: the meeting is theirs on the CHEXS Zoom account), from booking until its end time.
/// </summary>
public sealed class StartMeeting : ICardActionHandler
{
    private static readonly TimeSpan ZoomTimeout = TimeSpan.FromSeconds(15);

    private readonly ISessionRepository _sessions;
    private readonly SessionCards _cards;
    private readonly IServiceProvider _services;
    private readonly IAuditTrail _audit;
    private readonly TimeProvider _clock;
    private readonly SafeguardingOptions _policy;
    private readonly ILogger<StartMeeting> _log;

    public StartMeeting(ISessionRepository sessions, SessionCards cards, IServiceProvider services, IAuditTrail audit, TimeProvider clock,
        SafeguardingOptions policy, ILogger<StartMeeting> log)
    {
        _sessions = sessions;
        _cards = cards;
        _services = services;
        _audit = audit;
        _clock = clock;
        _policy = policy;
        _log = log;
    }

    public IEnumerable<string> Verbs => [CardVerbs.SessionStart];

    public async Task<CardActionResult> HandleAsync(CardActionContext context, CancellationToken ct)
    {
        var id = (string?)context.Data["sessionId"] ?? "";
        var session = await _sessions.FindAsync(id, ct);
        if (Refusal(session, id, context.UserAadObjectId) is { } refusal)
        {
            return CardActionResult.Say(refusal);
        }
        string url;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(ZoomTimeout);
            // Resolved per click: the real client is a typed HttpClient (transient).
            url = await _services.GetRequiredService<IZoomMeetings>().GetStartUrlAsync(session!.Meeting!.MeetingId, timeout.Token);
        }
        catch (Exception e) when (e is ZoomException || e is OperationCanceledException && !ct.IsCancellationRequested)
        {
            // Never the link itself in a log; the reason class is enough to look into it.
            _log.LogWarning("No start link from Zoom for session {SessionId} ({Problem})", id, e.GetType().Name);
            return CardActionResult.Say($"I couldn't get a start link from Zoom just now{(e is ZoomException z ? $" ({z.Message.TrimEnd('.')})" : "")}. " +
                "Press Start meeting again in a minute, or start it from the Zoom app signed in with your CHEXS Zoom account (P2).");
        }
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            _log.LogWarning("Zoom gave no usable start link for session {SessionId}", id);
            return CardActionResult.Say("Zoom didn't give a usable start link. Start the meeting from the Zoom app signed in with your CHEXS Zoom account (P2).");
        }
        await _audit.AppendAsync(_clock.GetUtcNow(), context.UserAadObjectId, "session.start_link", [session!.Id],
            "The host asked for a start link; it was fetched from Zoom and shown to them only", ct);
        return new CardActionResult(await _cards.StartAsync(session, url, ct));
    }

    /// <summary>Why this person can't start this session now, or null when they can.</summary>
    private string? Refusal(Session? s, string id, string userId)
    {
        var now = _clock.GetUtcNow();
        return s switch
        {
            null => $"I can't find session {id}. Type \"my sessions\" to see yours.",
            _ when s.HostId != userId => $"Only the session's host can start {s.Id}: the start link signs in to Zoom as the host (P2). Nothing was changed.",
            { Status: SessionStatus.AwaitingApproval } => $"Session {s.Id} is still waiting for a manager's approval (P10), so there is no meeting to start yet.",
            { IsLive: false } => $"Session {s.Id} is {s.Status.ToString().ToLowerInvariant()}, so there is nothing to start.",
            _ when now >= s.End => $"Session {s.Id} ended at {LocalTimes.TimeOfDay(s.End, _policy.Zone)}, so there is nothing to start.",
            { Meeting: null or { MeetingId: <= 0 } } => $"Session {s.Id} has no Zoom meeting yet, so there is nothing to start. Ask a manager to look at it.",
            _ => null,
        };
    }
}

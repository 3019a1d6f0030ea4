using Chexs.Bot.Cards;
using Chexs.Bot.Records;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Storage;
using Chexs.Bot.Zoom;
using Microsoft.Extensions.Options;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Reminders;

/// <summary>
/// Builds reminder cards to the data contract in cards/samples (reminder, host-private-reminder).
/// The channel card carries only what any staff member may see: programme, time, host, participants
/// by initials (G6) and the host's checklist — never a join link or passcode (P3). The host's card, for
/// their 1:1 chat only, names the pupils and carries a start link fetched from Zoom just before sending
/// (Zoom's start links expire, so none is ever stored).
/// </summary>
public sealed class ReminderComposer
{
    /// <summary>How long the host's reminder waits for Zoom's start link before going without it.</summary>
    private static readonly TimeSpan StartLinkTimeout = TimeSpan.FromSeconds(20);

    private readonly IPupilRepository _pupils;
    private readonly IStaffRepository _staff;
    private readonly CardTemplates _cards;
    private readonly SafeguardingOptions _policy;
    private readonly TimeProvider _clock;
    private readonly IServiceProvider _services;
    private readonly ILogger<ReminderComposer> _log;

    public ReminderComposer(IPupilRepository pupils, IStaffRepository staff, CardTemplates cards, IOptions<SafeguardingOptions> policy, TimeProvider clock,
        IServiceProvider services, ILogger<ReminderComposer> log)
    {
        _pupils = pupils;
        _staff = staff;
        _cards = cards;
        _policy = policy.Value;
        _clock = clock;
        _services = services;
        _log = log;
    }

    /// <summary>The staff-channel reminder; <paramref name="dueAtIfLate"/> adds the "sent late" banner.</summary>
    public async Task<JObject> ChannelCardAsync(Session session, DateTimeOffset? dueAtIfLate, CancellationToken ct = default) =>
        _cards.Render(CardNames.Reminder, await ChannelDataAsync(session, dueAtIfLate, ct));

    /// <summary>The host's private reminder, with a fresh start link when Zoom gives one (and a sentence saying so when not).</summary>
    public async Task<HostReminderCard> HostCardAsync(Session session, DateTimeOffset? dueAtIfLate, CancellationToken ct)
    {
        var startUrl = await StartUrlAsync(session, ct);
        var data = await HostDataAsync(session, dueAtIfLate, startUrl ?? NoStartLink, ct);
        var card = _cards.Render(CardNames.HostPrivateReminder, data);
        return new HostReminderCard(startUrl is null ? WithoutStartLink(card) : card, startUrl is not null);
    }

    internal async Task<JObject> ChannelDataAsync(Session session, DateTimeOffset? dueAtIfLate, CancellationToken ct = default)
    {
        var data = new JObject
        {
            ["sessionId"] = session.Id,
            ["sessionRef"] = session.Id,
            ["programme"] = session.Programme.Display(),
            ["whenText"] = WhenText(session),
            ["host"] = (await _staff.FindAsync(session.HostId, ct))?.DisplayName ?? "the host",
            // G6: initials in channels (the setting can name pupils in full, never more than that).
            ["participants"] = new JArray((await PupilsAsync(session, ct)).Select(p => new JObject { ["initials"] = _policy.InitialsInChannels ? p.Initials : p.FullName })),
            ["hasUnder14"] = session.AdultPresenceRequired,
        };
        if (session.Checklist is { } ticked)
        {
            data["ticked"] = new JObject
            {
                ["waitingRoom"] = ticked.WaitingRoom,
                ["locked"] = ticked.Locked,
                ["recording"] = ticked.Recording,
                ["adultPresent"] = ticked.AdultPresent,
            };
        }
        AddLateness(data, dueAtIfLate);
        return data;
    }

    internal async Task<JObject> HostDataAsync(Session session, DateTimeOffset? dueAtIfLate, string startUrl, CancellationToken ct = default)
    {
        var data = new JObject
        {
            ["sessionId"] = session.Id,
            ["sessionRef"] = session.Id,
            ["programme"] = session.Programme.Display(),
            ["whenText"] = WhenText(session),
            // The host's own 1:1 chat: full names are what the host needs to admit the right people (P7).
            ["participants"] = new JArray((await PupilsAsync(session, ct)).Select(p => new JObject { ["name"] = p.FullName })),
            ["hasUnder14"] = session.AdultPresenceRequired,
            ["startUrl"] = startUrl,
        };
        AddLateness(data, dueAtIfLate);
        return data;
    }

    private void AddLateness(JObject data, DateTimeOffset? dueAtIfLate)
    {
        data["isLate"] = dueAtIfLate is not null;
        if (dueAtIfLate is { } due)
        {
            data["dueAtText"] = DueAtText(due);
        }
    }

    /// <summary>"4:15pm" when it was due today, else "4:00pm on Sun 25 Oct 2026".</summary>
    internal string DueAtText(DateTimeOffset due)
    {
        var zone = _policy.Zone;
        var time = LocalTimes.TimeOfDay(due, zone);
        return LocalTimes.LocalDate(due, zone) == LocalTimes.LocalDate(_clock.GetUtcNow(), zone) ? time : $"{time} on {LocalTimes.ShortDate(due, zone)}";
    }

    private string WhenText(Session s) => LocalTimes.Describe(s.Start, s.DurationMinutes, _policy.Zone);

    private async Task<List<Pupil>> PupilsAsync(Session s, CancellationToken ct)
    {
        var pupils = new List<Pupil>();
        foreach (var id in s.PupilIds)
        {
            if (await _pupils.FindAsync(id, ct) is { } p) pupils.Add(p);
        }
        return pupils;
    }

    private async Task<string?> StartUrlAsync(Session session, CancellationToken ct)
    {
        if (session.Meeting is not { MeetingId: > 0 } meeting)
        {
            return null;
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(StartLinkTimeout);
        try
        {
            // Resolved per use: the real client is transient (typed HttpClient), this composer is not.
            var zoom = _services.GetRequiredService<IZoomMeetings>();
            var url = await zoom.GetStartUrlAsync(meeting.MeetingId, timeout.Token);
            return string.IsNullOrWhiteSpace(url) ? null : url;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Whatever went wrong asking Zoom, the reminder itself must still go.
            // Never log the link itself; the host is told on the card instead.
            _log.LogWarning("No start link from Zoom for session {SessionId} ({Problem}); the host's reminder goes without one", session.Id, e.GetType().Name);
            return null;
        }
    }

    /// <summary>Bound into the template, then removed with its button: the template needs a URL there.</summary>
    private const string NoStartLink = "https://zoom.us/";

    /// <summary>
    /// The host card without its Start button, saying why and what to do instead. The template always
    /// has the button, so the rendered card is adjusted here rather than sending a dead link.
    /// </summary>
    private static JObject WithoutStartLink(JObject card)
    {
        // Only the Start button goes: the card's other buttons (Raise a concern) stay.
        if (card["actions"] is JArray actions)
        {
            foreach (var open in actions.OfType<JObject>().Where(a => (string?)a["type"] == "Action.OpenUrl").ToList()) open.Remove();
            if (actions.Count == 0) card.Remove("actions");
        }
        var body = (JArray)card["body"]!;
        foreach (var block in body.OfType<JObject>().Where(b => ((string?)b["text"])?.Contains("button below", StringComparison.Ordinal) == true).ToList())
        {
            block.Remove();
        }
        body.Add(new JObject
        {
            ["type"] = "Container",
            ["style"] = "warning",
            ["items"] = new JArray(new JObject
            {
                ["type"] = "TextBlock",
                ["wrap"] = true,
                ["text"] = "I couldn't get a start link from Zoom just now, so this reminder has no Start button. " +
                           "Start the meeting from the Zoom app or zoom.us, signed in with your CHEXS Zoom account (P2).",
            }),
        });
        return card;
    }
}

/// <summary>The host's private reminder card, and whether it carries a start link.</summary>
public sealed record HostReminderCard(JObject Card, bool HasStartLink);

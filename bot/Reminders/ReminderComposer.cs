using Chexs.Bot.Cards;
using Chexs.Bot.Records;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Storage;
using Microsoft.Extensions.Options;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Reminders;

/// <summary>
/// Builds reminder cards. The channel card carries only what any staff member may see: programme,
/// time, host, participants by initials (G6) and the host's checklist — never a join link or passcode (P3).
/// </summary>
public sealed class ReminderComposer
{
    private readonly ChexsDatabase _db;
    private readonly CardTemplates _cards;
    private readonly SafeguardingOptions _policy;

    public ReminderComposer(ChexsDatabase db, CardTemplates cards, IOptions<SafeguardingOptions> policy)
    {
        _db = db;
        _cards = cards;
        _policy = policy.Value;
    }

    public JObject ChannelCard(Session session, DateTimeOffset? dueAtIfLate) =>
        _cards.Render("reminder", ChannelData(session, dueAtIfLate));

    public Task<JObject> HostCardAsync(Session session, DateTimeOffset? dueAtIfLate, CancellationToken ct) =>
        Task.FromResult(_cards.Render("host-private-reminder", ChannelData(session, dueAtIfLate)));

    internal JObject ChannelData(Session session, DateTimeOffset? dueAtIfLate)
    {
        var zone = _policy.Zone;
        var host = _db.Staff.FindById(session.HostId);
        var pupils = session.PupilIds.Select(id => _db.Pupils.FindById(id)).Where(p => p is not null).ToList();
        return JObject.FromObject(new
        {
            sessionId = session.Id,
            programme = session.Programme.Display(),
            time = LocalTimes.Describe(session.Start, session.DurationMinutes, zone),
            host = host?.DisplayName ?? "the host",
            participants = pupils.Select(p => new { name = _policy.InitialsInChannels ? p!.Initials : p!.FullName }).ToList(),
            adultPresenceRequired = session.AdultPresenceRequired,
            isGroup = session.Kind == SessionKind.Group,
            late = dueAtIfLate is not null,
            dueAt = dueAtIfLate is null ? "" : LocalTimes.TimeOfDay(dueAtIfLate.Value, zone),
            simulated = session.Meeting?.Simulated == true,
        });
    }
}

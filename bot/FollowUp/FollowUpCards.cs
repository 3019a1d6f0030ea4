using Chexs.Bot.Cards;
using Chexs.Bot.Records;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Storage;
using Microsoft.Extensions.Options;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.FollowUp;

/// <summary>
/// Data (to the contract in cards/samples) and cards for the lock nudge (host's 1:1 chat) and the
/// missing-recording alert (managers' channel: initials only, G6; never a join link or passcode, P3).
/// </summary>
public sealed class FollowUpCards
{
    private readonly IPupilRepository _pupils;
    private readonly IStaffRepository _staff;
    private readonly CardTemplates _cards;
    private readonly SafeguardingOptions _policy;

    public FollowUpCards(IPupilRepository pupils, IStaffRepository staff, CardTemplates cards, IOptions<SafeguardingOptions> policy)
    {
        _pupils = pupils;
        _staff = staff;
        _cards = cards;
        _policy = policy.Value;
    }

    public JObject LockNudge(Session session) => _cards.Render(CardNames.LockNudge, LockNudgeData(session));

    public async Task<JObject> MissingRecordingAsync(Session session, DateTimeOffset endedAt, TimeSpan waited, CancellationToken ct = default) =>
        _cards.Render(CardNames.MissingRecordingAlert, await MissingRecordingDataAsync(session, endedAt, waited, ct));

    internal JObject LockNudgeData(Session session) => new()
    {
        ["sessionId"] = session.Id,
        ["sessionRef"] = session.Id,
        ["programme"] = session.Programme.Display(),
        ["joinedCount"] = MeetingFollowUp.JoinedCount(session),
        ["expectedCount"] = MeetingFollowUp.ExpectedCount(session),
    };

    internal async Task<JObject> MissingRecordingDataAsync(Session session, DateTimeOffset endedAt, TimeSpan waited, CancellationToken ct = default)
    {
        var participants = new JArray();
        foreach (var id in session.PupilIds)
        {
            if (await _pupils.FindAsync(id, ct) is { } p)
                participants.Add(new JObject { ["initials"] = _policy.InitialsInChannels ? p.Initials : p.FullName });
        }
        return new JObject
        {
            ["sessionRef"] = session.Id,
            ["programme"] = session.Programme.Display(),
            ["whenText"] = LocalTimes.Describe(session.Start, session.DurationMinutes, _policy.Zone),
            ["host"] = await HostNameAsync(session, ct),
            ["participants"] = participants,
            ["endedAtText"] = LocalTimes.TimeOfDay(endedAt, _policy.Zone),
            ["waitedText"] = Durations.Text(waited),
        };
    }

    public async Task<string> HostNameAsync(Session session, CancellationToken ct = default) => (await _staff.FindAsync(session.HostId, ct))?.DisplayName ?? "the host";
}

/// <summary>Lengths of time as people say them.</summary>
public static class Durations
{
    /// <summary>"2 hours", "1 hour 30 minutes", "45 minutes", "1 minute" (whole minutes, rounded down).</summary>
    public static string Text(TimeSpan span)
    {
        var minutes = Math.Max(0, (int)span.TotalMinutes);
        var hours = minutes / 60;
        var rest = minutes % 60;
        static string Unit(int n, string one) => n == 1 ? $"1 {one}" : $"{n} {one}s";
        if (hours == 0) return Unit(rest, "minute");
        return rest == 0 ? Unit(hours, "hour") : $"{Unit(hours, "hour")} {Unit(rest, "minute")}";
    }
}

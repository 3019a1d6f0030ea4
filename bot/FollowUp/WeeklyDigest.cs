using System.Globalization;
using Chexs.Bot.Cards;
using Chexs.Bot.Records;
using Chexs.Bot.Reminders;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Storage;
using Microsoft.Extensions.Options;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.FollowUp;

/// <summary>
/// The weekly safeguarding digest for the managers' channel (data to cards/samples/weekly-digest):
/// the sessions held in the seven local days before the digest's date, those of them with no completed
/// recording (P5) or a checklist not fully ticked (P7–P9), consents ending soon (P4; annual consents end
/// on the last day of the academic year, 31 August by default), the policy review warning (P15), and how many
/// safeguarding concerns are open (the number only). Pupils appear by initials only (G6).
/// </summary>
public sealed class WeeklyDigest
{
    private static readonly CultureInfo Uk = CultureInfo.GetCultureInfo("en-GB");

    private readonly ISessionRepository _sessions;
    private readonly IConsentRepository _consents;
    private readonly IPupilRepository _pupils;
    private readonly IStaffRepository _staff;
    private readonly CardTemplates _cards;
    private readonly SafeguardingOptions _policy;
    private readonly OrgCalendar _calendar;
    private readonly FollowUpOptions _options;
    private readonly Concerns.IConcernRecords _concerns;

    public WeeklyDigest(ISessionRepository sessions, IConsentRepository consents, IPupilRepository pupils, IStaffRepository staff, CardTemplates cards, IOptions<SafeguardingOptions> policy, IOptions<FollowUpOptions> options,
        Concerns.IConcernRecords concerns)
    {
        _concerns = concerns;
        _sessions = sessions;
        _consents = consents;
        _pupils = pupils;
        _staff = staff;
        _cards = cards;
        _policy = policy.Value;
        _calendar = new OrgCalendar(_policy);
        _options = options.Value;
    }

    public async Task<JObject> CardAsync(DateTimeOffset occurrence, DateTimeOffset now, CancellationToken ct = default) =>
        _cards.Render(CardNames.WeeklyDigest, await DataAsync(occurrence, now, ct));

    /// <param name="occurrence">When this digest was due: its local date ends the period (the day before is its last day).</param>
    /// <param name="now">When it is made: what "ended", "recorded" and "in the next 30 days" are judged against.</param>
    public async Task<JObject> DataAsync(DateTimeOffset occurrence, DateTimeOffset now, CancellationToken ct = default)
    {
        var digestDay = _calendar.LocalDate(occurrence);
        var first = digestDay.AddDays(-7);
        var last = digestDay.AddDays(-1);
        var from = _calendar.StartOfLocalDay(first);
        var to = _calendar.StartOfLocalDay(digestDay);

        var held = (await _sessions.StartingBetweenAsync(from, to, ct))
            .Where(s => s.Start < to)
            .Where(s => s.Status is SessionStatus.Scheduled or SessionStatus.Completed)
            .OrderBy(s => s.Start)
            .ToList();
        var ended = held.Where(s => s.End <= now).ToList();

        var today = _calendar.LocalDate(now);
        var hosts = new Dictionary<string, string>();
        foreach (var hostId in held.Select(s => s.HostId).Distinct())
        {
            hosts[hostId] = (await _staff.FindAsync(hostId, ct))?.DisplayName ?? "unknown host";
        }
        JObject Line(Session s) => LineFor(s, hosts);
        var data = new JObject
        {
            ["periodText"] = PeriodText(first, last),
            ["policyReviewOverdue"] = today > _policy.PolicyReviewDate,
            ["sessionsHeld"] = new JArray(held.Select(Line)),
            ["missingRecordings"] = new JArray(ended.Where(s => s.Activity?.RecordingCompletedAt is null).Select(Line)),
            ["uncheckedChecklists"] = new JArray(ended
                .Select(s => (Session: s, Missing: HostChecklistTicks.NotTicked(s)))
                .Where(x => x.Missing.Count > 0)
                .Select(x =>
                {
                    var line = Line(x.Session);
                    line["notTickedText"] = string.Join(", ", x.Missing.Select(i => i.Label));
                    return line;
                })),
            ["endingConsents"] = new JArray(await EndingConsentsAsync(today, ct)),
            // A count only: a concern's details go to the Designated Safeguarding Lead's own chat, never a channel.
            ["openConcerns"] = await _concerns.CountOpenAsync(ct),
        };
        if (today > _policy.PolicyReviewDate)
        {
            data["policyReviewDateText"] = OrgCalendar.FormatShortDate(_policy.PolicyReviewDate);
        }
        return data;
    }

    /// <summary>"Mon 30 Nov to Sun 6 Dec 2026" (the year on both ends when they differ).</summary>
    private static string PeriodText(DateOnly first, DateOnly last) =>
        $"{first.ToString(first.Year == last.Year ? "ddd d MMM" : "ddd d MMM yyyy", Uk)} to {last.ToString("ddd d MMM yyyy", Uk)}";

    private JObject LineFor(Session s, IReadOnlyDictionary<string, string> hosts) => new()
    {
        ["sessionRef"] = s.Id,
        ["programme"] = s.Programme.Display(),
        ["whenText"] = $"{_calendar.LocalDateTime(s.Start).ToString("ddd d MMM", Uk)}, {LocalTimes.TimeOfDay(s.Start, _policy.Zone)}",
        ["host"] = hosts[s.HostId],
    };

    /// <summary>
    /// Consents in force whose cover ends between today and today + ConsentWarningDays: annual ones on the
    /// last day of their academic year (unless the pupil already has next year's), session ones on their
    /// (still live) session's date.
    /// </summary>
    private async Task<IEnumerable<JObject>> EndingConsentsAsync(DateOnly today, CancellationToken ct)
    {
        var until = today.AddDays(_options.ConsentWarningDays);
        var ending = new List<(DateOnly Ends, string Initials, string Kind)>();
        var all = await _consents.AllAsync(ct);
        foreach (var c in all.Where(c => !c.IsWithdrawn))
        {
            DateOnly ends;
            string kind;
            if (c.Kind == ConsentKind.Annual && c.AcademicYearStart is int year)
            {
                ends = _calendar.AcademicYearLastDay(year);
                var renewed = all.Where(n => n.PupilId == c.PupilId)
                    .Any(n => n.Kind == ConsentKind.Annual && n.AcademicYearStart == year + 1 && !n.IsWithdrawn);
                if (renewed) continue;
                kind = "Annual";
            }
            else if (c.Kind == ConsentKind.Session && c.SessionId is not null && await _sessions.FindAsync(c.SessionId, ct) is { IsLive: true } session)
            {
                ends = _calendar.LocalDate(session.Start);
                kind = "Single-session";
            }
            else
            {
                continue;
            }
            if (ends < today || ends > until) continue;
            if (await _pupils.FindAsync(c.PupilId, ct) is not { } pupil) continue;
            ending.Add((ends, pupil.Initials, kind));
        }
        return ending.OrderBy(e => e.Ends).ThenBy(e => e.Initials, StringComparer.Ordinal)
            .Select(e => new JObject { ["pupilInitials"] = e.Initials, ["kindText"] = e.Kind, ["endsText"] = OrgCalendar.FormatDate(e.Ends) });
    }
}

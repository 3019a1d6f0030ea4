using Chexs.Bot.Cards;
using Chexs.Bot.Safeguarding;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Concerns;

/// <summary>
/// The Designated Safeguarding Lead's card for one concern (cards/concern-lead.json): everything the staff member
/// said, with full names, and every entry so far. Only ever sent to a lead's own 1:1 chat.
/// </summary>
public sealed class ConcernCards(CardTemplates cards, SafeguardingOptions policy, Microsoft.Extensions.Options.IOptions<ConcernsOptions> options)
{
    public JObject LeadCard(ConcernFile file) => cards.Render(CardNames.ConcernLead, LeadData(file));

    internal JObject LeadData(ConcernFile file)
    {
        var c = file.Concern;
        return new JObject
        {
            ["concernId"] = c.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["concernRef"] = c.Reference,
            ["statusText"] = file.StatusText,
            ["immediateRisk"] = c.ImmediateRisk,
            ["emergencyPhone"] = options.Value.EmergencyPhone,
            ["raisedBy"] = c.RaisedByName,
            ["raisedAtText"] = LocalTimes.ShortDateTime(c.RaisedAt, policy.Zone),
            ["categoryText"] = ConcernCategories.Short(c.Category),
            ["happenedWhen"] = c.HappenedWhen,
            ["sessionText"] = SessionText(c),
            ["keepUntilText"] = OrgCalendar.FormatShortDate(c.KeepUntil),
            ["people"] = new JArray(c.Pupils.Select(p => new JObject { ["name"] = p.Name, ["detailsText"] = Details(p) })),
            ["account"] = c.Account,
            ["entries"] = new JArray(file.Entries.Select(e => new JObject
            {
                ["atText"] = LocalTimes.ShortDateTime(e.At, policy.Zone),
                ["byName"] = e.ByName,
                ["kindText"] = KindText(e.Kind),
                ["text"] = e.Text.Length > 0 ? e.Text : "—",
            })),
        };
    }

    public string SessionText(Concern c) =>
        c.SessionId is null ? "Not linked to a session"
        : c.SessionStart is { } start ? $"{c.SessionId}, {c.Programme}, {LocalTimes.ShortDateTime(start, policy.Zone)}"
        : c.SessionId;

    public static string KindText(ConcernEntryKind kind) => kind switch
    {
        ConcernEntryKind.Acknowledged => "acknowledged",
        ConcernEntryKind.Closed => "closed, outcome",
        _ => "added",
    };

    private static string Details(ConcernPupil p)
    {
        var parts = new List<string>();
        if (p.DateOfBirth is { } born) parts.Add($"born {OrgCalendar.FormatShortDate(born)}");
        if (p.School.Length > 0) parts.Add(p.School);
        if (p.PupilId.Length == 0) parts.Add("not matched to a pupil record");
        return parts.Count == 0 ? "" : $" ({string.Join(", ", parts)})";
    }
}

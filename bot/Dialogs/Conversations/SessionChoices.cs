using System.Globalization;
using Chexs.Bot.Dialogs.Prompts;
using Chexs.Bot.Records;
using Chexs.Bot.Safeguarding;

namespace Chexs.Bot.Dialogs.Conversations;

/// <summary>
/// Buttons for "which session?", labelled by what people choose by — when, and with whom: "Wed 9 Dec 17:00 · Sam P."
/// (short enough for Teams never to cut it). The reference, programme, length and full names go in the line under it,
/// and the keywords let a typed answer pick one ("Wednesday's", "the one with Lily", "the 5pm one").
/// For the 1:1 chat only (full names in the details).
/// </summary>
public sealed class SessionChoices
{
    private readonly PupilPicker _pupils;
    private readonly SafeguardingOptions _policy;

    public SessionChoices(PupilPicker pupils, SafeguardingOptions policy)
    {
        _pupils = pupils;
        _policy = policy;
    }

    public async Task<List<Choice>> ForAsync(IReadOnlyList<Session> sessions, CancellationToken ct = default)
    {
        var pupilsOf = new Dictionary<string, List<Pupil>>();
        foreach (var s in sessions)
        {
            var found = new List<Pupil>();
            foreach (var id in s.PupilIds)
            {
                if (await _pupils.PupilAsync(id, ct) is { } p) found.Add(p);
            }
            pupilsOf[s.Id] = found;
        }
        var choices = sessions.Select(s =>
        {
            var local = TimeZoneInfo.ConvertTime(s.Start, _policy.Zone);
            var pupils = pupilsOf[s.Id];
            var who = pupils.Count == 0 ? "" : $" · {Short(pupils[0])}{(pupils.Count > 1 ? $" +{pupils.Count - 1}" : "")}";
            var label = $"{local.ToString("ddd d MMM HH:mm", CultureInfo.InvariantCulture)}{who}";
            var details = string.Join(" · ", new[]
            {
                s.Id,
                s.Programme.Display(),
                SessionCardsLength(s.DurationMinutes),
                PupilPicker.NaturalList(pupils.Select(p => p.FullName)),
                s.Status == SessionStatus.AwaitingApproval ? "waiting for approval" : "",
            }.Where(x => x.Length > 0));
            return new Choice(s.Id, label, s.Id.ToLowerInvariant(), s.Id[2..].ToLowerInvariant())
            {
                Details = details,
                Keywords =
                [
                    local.ToString("dddd", CultureInfo.InvariantCulture), local.ToString("MMMM", CultureInfo.InvariantCulture),
                    local.Day.ToString(CultureInfo.InvariantCulture), local.ToString("HH:mm", CultureInfo.InvariantCulture),
                    PupilDescriptions.ShortProgramme(s.Programme), s.Kind == SessionKind.Group ? "group" : "one-to-one",
                    .. pupils.SelectMany(p => new[] { p.FirstName, p.LastName }),
                ],
            };
        }).ToList();
        // Two alike (same time, same first pupil): the reference tells them apart.
        foreach (var same in choices.GroupBy(c => c.Title).Where(g => g.Count() > 1).SelectMany(g => g))
        {
            same.Title = $"{same.Title} · {same.Value}";
        }
        return choices;
    }

    private static string Short(Pupil p) => p.LastName.Length > 0 ? $"{p.FirstName} {p.LastName[0]}." : p.FirstName;

    private static string SessionCardsLength(int minutes) => minutes == 60 ? "1 hour" : $"{minutes} min";
}

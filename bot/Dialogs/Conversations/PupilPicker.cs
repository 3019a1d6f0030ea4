using System.Text.RegularExpressions;
using Chexs.Bot.Dialogs.Parsing;
using Chexs.Bot.Dialogs.Prompts;
using Chexs.Bot.Records;
using Chexs.Bot.Safeguarding;

namespace Chexs.Bot.Dialogs.Conversations;

/// <summary>A typed name that fits more than one pupil: the dialog asks which, with a button each.</summary>
public sealed class UnresolvedName
{
    public string Typed { get; set; } = "";
    public List<string> CandidateIds { get; set; } = new();
}

/// <summary>
/// What a list of typed names came to. <see cref="Understood"/> says whom a name that was not typed in full was
/// taken as ("I took 'Lilly Evens' as Lily Evans (Growth, 12)").
/// </summary>
public sealed record PupilPick(IReadOnlyList<string> PupilIds, IReadOnlyList<UnresolvedName> Unresolved, IReadOnlyList<string> Unknown,
    IReadOnlyList<string> Understood);

/// <summary>
/// Finds the pupils staff mean from what they typed, with <see cref="PupilNameMatcher"/> over the pupils on
/// record (first name, initials and small typos forgiven, never a guess between two), and describes them so
/// look-alikes can be told apart (<see cref="PupilDescriptions"/>).
/// </summary>
public sealed partial class PupilPicker
{
    // The one place the conversations read pupils from storage (and guardians through SafeguardingRecords).
    private readonly IPupilRepository _pupils;
    private readonly SafeguardingRecords _records;
    private readonly TimeProvider _clock;
    private readonly SafeguardingOptions _policy;

    public PupilPicker(IPupilRepository pupils, SafeguardingRecords records, TimeProvider clock, SafeguardingOptions policy)
    {
        _pupils = pupils;
        _records = records;
        _clock = clock;
        _policy = policy;
    }

    [GeneratedRegex(@"\s*(?:,|&|\+|\band\b)\s*", RegexOptions.IgnoreCase)]
    private static partial Regex NameSeparators();

    /// <summary>"Sam Patel and Ava, Lily" → ["Sam Patel", "Ava", "Lily"].</summary>
    public static IReadOnlyList<string> SplitNames(string? text) =>
        NameSeparators().Split(text ?? "").Select(n => n.Trim()).Where(n => n.Length > 0).ToList();

    private async Task<IReadOnlyList<PupilName>> EveryoneAsync(CancellationToken ct) => (await _pupils.AllAsync(ct)).Where(p => !p.IsErased).Select(PupilName.From).ToList();

    /// <summary>The words of every pupil's name, so a line typed in lower case still shows its names.</summary>
    public async Task<PupilNameLexicon> LexiconAsync(CancellationToken ct = default) => new(await EveryoneAsync(ct));

    private DateOnly Today => LocalTimes.LocalDate(_clock.GetUtcNow(), _policy.Zone);

    public async Task<PupilPick> PickAsync(IEnumerable<string> typedNames, CancellationToken ct = default)
    {
        var everyone = await EveryoneAsync(ct);
        var ids = new List<string>();
        var unresolved = new List<UnresolvedName>();
        var unknown = new List<string>();
        var understood = new List<string>();
        foreach (var typed in typedNames)
        {
            var match = PupilNameMatcher.Match(typed, everyone);
            switch (match.Kind)
            {
                case NameMatchKind.Unique:
                    if (!ids.Contains(match.Pupil!.Id)) ids.Add(match.Pupil.Id);
                    if (!match.Exact) understood.Add(await TookAsAsync(typed, match.Pupil.Id, ct));
                    break;
                case NameMatchKind.Ambiguous:
                    unresolved.Add(new UnresolvedName { Typed = typed, CandidateIds = match.Candidates.Select(c => c.Id).ToList() });
                    break;
                default:
                    unknown.Add(typed);
                    break;
            }
        }
        return new PupilPick(ids, unresolved, unknown, understood);
    }

    /// <summary>"I took 'Lilly Evens' as Lily Evans (Growth, 12)".</summary>
    public async Task<string> TookAsAsync(string typed, string pupilId, CancellationToken ct = default) =>
        await PupilAsync(pupilId, ct) is { } p ? $"I took '{typed.Trim()}' as {p.FullName} ({PupilDescriptions.Brief(p, Today)})" : $"I took '{typed.Trim()}' as {pupilId}";

    public ValueTask<Pupil?> PupilAsync(string id, CancellationToken ct = default) => _pupils.FindAsync(id, ct);

    private async Task<List<Pupil?>> PupilsAsync(IEnumerable<string> ids, CancellationToken ct)
    {
        var found = new List<Pupil?>();
        foreach (var id in ids) found.Add(await _pupils.FindAsync(id, ct));
        return found;
    }

    public async Task<string> FullNameAsync(string id, CancellationToken ct = default) => (await PupilAsync(id, ct))?.FullName ?? id;

    public async Task<string> FullNamesAsync(IEnumerable<string> ids, CancellationToken ct = default)
    {
        var list = ids.ToList();
        var pupils = await PupilsAsync(list, ct);
        return NaturalList(list.Select((id, i) => pupils[i]?.FullName ?? id));
    }

    /// <summary>"Sam Patel (Growth, 15)" for the cards' participant lists.</summary>
    public async Task<string> DescribedAsync(string id, CancellationToken ct = default) =>
        await PupilAsync(id, ct) is { } p ? $"{p.FullName} ({PupilDescriptions.Brief(p, Today)})" : id;

    /// <summary>The programme every one of these pupils is on, when there is exactly one such; else null.</summary>
    public async Task<Programme?> CommonProgrammeAsync(IReadOnlyList<string> ids, CancellationToken ct = default)
    {
        var pupils = await PupilsAsync(ids, ct);
        if (pupils.Count == 0 || pupils.Any(p => p is null)) return null;
        var common = pupils.Select(p => (IEnumerable<Programme>)p!.Programmes).Aggregate((a, b) => a.Intersect(b)).Distinct().ToList();
        return common.Count == 1 ? common[0] : null;
    }

    /// <summary>"Sam Patel: Growth; Zara Ahmed: Afterschool Leadership" — why the programme has to be asked.</summary>
    public async Task<string> ProgrammesOfAsync(IReadOnlyList<string> ids, CancellationToken ct = default) =>
        string.Join("; ", (await PupilsAsync(ids, ct)).Where(p => p is not null)
            .Select(p => $"{p!.FullName}: {(p.Programmes.Count == 0 ? "no programme on record" : string.Join(" & ", p.Programmes.Select(PupilDescriptions.ShortProgramme)))}"));

    /// <summary>Buttons for "which pupil did you mean?", labelled by what tells them apart, details underneath.</summary>
    public async Task<List<Choice>> ChoicesForAsync(UnresolvedName name, CancellationToken ct = default)
    {
        var candidates = (await PupilsAsync(name.CandidateIds, ct)).Where(p => p is not null).Select(p => p!).ToList();
        var guardians = new Dictionary<string, IReadOnlyList<Guardian>>();
        foreach (var p in candidates) guardians[p.Id] = await _records.GuardiansOfAsync(p.Id, ct);
        return PupilDescriptions.Choices(candidates, Today, id => guardians.TryGetValue(id, out var g) ? g : []);
    }

    /// <summary>The sentence for names that fit nobody.</summary>
    public static string NotFound(IReadOnlyList<string> unknown) => unknown.Count == 1
        ? $"I can't find a pupil called \"{unknown[0]}\". Check the spelling, or type their full name."
        : $"I can't find pupils called {NaturalList(unknown.Select(u => $"\"{u}\""))}. Check the spelling, or type their full names.";

    public static string NaturalList(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count <= 1 ? string.Concat(list) : $"{string.Join(", ", list.Take(list.Count - 1))} and {list[^1]}";
    }
}

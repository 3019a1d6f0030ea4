using System.Text.RegularExpressions;
using Chexs.Bot.Dialogs.Parsing;
using Chexs.Bot.Dialogs.Prompts;
using Chexs.Bot.Records;

namespace Chexs.Bot.Dialogs.Conversations;

/// <summary>A typed name that fits more than one pupil: the dialog asks which, with a button each.</summary>
public sealed class UnresolvedName
{
    public string Typed { get; set; } = "";
    public List<string> CandidateIds { get; set; } = new();
}

/// <summary>What a list of typed names came to.</summary>
public sealed record PupilPick(IReadOnlyList<string> PupilIds, IReadOnlyList<UnresolvedName> Unresolved, IReadOnlyList<string> Unknown);

/// <summary>
/// Finds the pupils staff mean from what they typed, with <see cref="PupilNameMatcher"/> over the pupils on
/// record (first name, initials and small typos forgiven, never a guess between two).
/// </summary>
public sealed partial class PupilPicker
{
    private readonly IPupilRepository _pupils;

    public PupilPicker(IPupilRepository pupils) => _pupils = pupils;

    [GeneratedRegex(@"\s*(?:,|&|\+|\band\b)\s*", RegexOptions.IgnoreCase)]
    private static partial Regex NameSeparators();

    /// <summary>"Sam Patel and Ava, Lily" → ["Sam Patel", "Ava", "Lily"].</summary>
    public static IReadOnlyList<string> SplitNames(string? text) =>
        NameSeparators().Split(text ?? "").Select(n => n.Trim()).Where(n => n.Length > 0).ToList();

    public async Task<PupilPick> PickAsync(IEnumerable<string> typedNames, CancellationToken ct = default)
    {
        var everyone = (await _pupils.AllAsync(ct)).Select(PupilName.From).ToList();
        var ids = new List<string>();
        var unresolved = new List<UnresolvedName>();
        var unknown = new List<string>();
        foreach (var typed in typedNames)
        {
            var match = PupilNameMatcher.Match(typed, everyone);
            switch (match.Kind)
            {
                case NameMatchKind.Unique:
                    if (!ids.Contains(match.Pupil!.Id)) ids.Add(match.Pupil.Id);
                    break;
                case NameMatchKind.Ambiguous:
                    unresolved.Add(new UnresolvedName { Typed = typed, CandidateIds = match.Candidates.Select(c => c.Id).ToList() });
                    break;
                default:
                    unknown.Add(typed);
                    break;
            }
        }
        return new PupilPick(ids, unresolved, unknown);
    }

    public ValueTask<Pupil?> PupilAsync(string id, CancellationToken ct = default) => _pupils.FindAsync(id, ct);

    public async Task<string> FullNameAsync(string id, CancellationToken ct = default) => (await _pupils.FindAsync(id, ct))?.FullName ?? id;

    public async Task<string> FullNamesAsync(IEnumerable<string> ids, CancellationToken ct = default)
    {
        var names = new List<string>();
        foreach (var id in ids) names.Add(await FullNameAsync(id, ct));
        return NaturalList(names);
    }

    /// <summary>Buttons for "which pupil did you mean?": full name, and the school to tell look-alikes apart.</summary>
    public async Task<List<Choice>> ChoicesForAsync(UnresolvedName name, CancellationToken ct = default)
    {
        var choices = new List<Choice>();
        foreach (var id in name.CandidateIds)
        {
            if (await _pupils.FindAsync(id, ct) is { } p)
                choices.Add(new Choice(p.Id, string.IsNullOrWhiteSpace(p.School) ? p.FullName : $"{p.FullName} ({p.School})", p.FullName));
        }
        return choices;
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

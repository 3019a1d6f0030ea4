using System.Text;
using Chexs.Bot.Records;

namespace Chexs.Bot.Dialogs.Parsing;

/// <summary>The parts of a pupil the matcher needs (no more pupil data than that).</summary>
public sealed record PupilName(string Id, string FirstName, string LastName)
{
    public string FullName => $"{FirstName} {LastName}".Trim();
    public static PupilName From(Pupil pupil) => new(pupil.Id, pupil.FirstName, pupil.LastName);
}

public enum NameMatchKind
{
    Unique,
    Ambiguous,
    None,
}

/// <summary>
/// The result of matching typed text to pupils. <see cref="Candidates"/> is empty for None. <see cref="Exact"/>: the
/// full name was typed; otherwise the match was a first name, initials or a typo, and the dialog says whom it took.
/// </summary>
public sealed record NameMatch(NameMatchKind Kind, IReadOnlyList<PupilName> Candidates, bool Exact = false)
{
    public PupilName? Pupil => Kind == NameMatchKind.Unique ? Candidates[0] : null;
    public static readonly NameMatch None = new(NameMatchKind.None, []);
}

/// <summary>
/// Finds the pupil staff meant, forgivingly but never by guessing between two. Comparison ignores case,
/// accents, apostrophes and hyphens. Tiers are tried in order and the first that finds anyone decides,
/// so an exact match always beats a fuzzy one:
/// <list type="number">
/// <item>the full name ("Sam Patel");</item>
/// <item>the first name alone, the last name alone, or first name plus last initial ("Sam", "Patel", "Sam P");</item>
/// <item>initials written as initials — capitals or dots ("SP", "S.P.", "s.p.");</item>
/// <item>small typos: Damerau–Levenshtein distance ≤ 1 for names up to 5 letters, ≤ 2 for longer ones,
/// against the full name (when two words were typed) or the first or last name (one word); only the closest survive;</item>
/// <item>two lower-case letters read as initials ("sp").</item>
/// </list>
/// More than one pupil in the deciding tier → Ambiguous (e.g. two pupils called Sam), for the dialog to ask.
/// A first name alone also counts the pupils whose first name is that name and one more letter ("Sam" fits Sam and
/// Sami): such a short name is asked about rather than silently taken as the exact one.
/// </summary>
public static class PupilNameMatcher
{
    public static NameMatch Match(string? typed, IEnumerable<PupilName> pupils)
    {
        var all = pupils.ToList();
        var text = (typed ?? "").Trim();
        var key = Key(text);
        if (key.Length == 0 || all.Count == 0)
        {
            return NameMatch.None;
        }
        var words = key.Split(' ');

        var tiers = new Func<PupilName, bool>[]
        {
            p => Key(p.FullName) == key,
            p => Key(p.FirstName) == key || Key(p.LastName) == key
                 || (words.Length == 2 && words[1].Length == 1 && Key(p.FirstName) == words[0] && Key(p.LastName).StartsWith(words[1], StringComparison.Ordinal)),
            p => LooksLikeInitials(text) && InitialsOf(p) == Letters(key),
        };
        if (all.Where(tiers[0]).ToList() is { Count: > 0 } full)
        {
            return Decide(full)! with { Exact = full.Count == 1 };
        }
        if (all.Where(tiers[1]).ToList() is { Count: > 0 } part)
        {
            if (words.Length == 1 && key.Length >= 3)
            {
                // "Sam" when there are a Sam and a Sami: both, so the dialog asks.
                part.AddRange(all.Where(p => !part.Contains(p) && Key(p.FirstName) is var first
                                              && first.Length == key.Length + 1 && first.StartsWith(key, StringComparison.Ordinal)));
            }
            return Decide(part)!;
        }
        if (Decide(all.Where(tiers[2]).ToList()) is { } initials)
        {
            return initials;
        }

        var fuzzy = all
            .Select(p => (Pupil: p, Distance: FuzzyDistance(words, key, p)))
            .Where(x => x.Distance is not null)
            .ToList();
        if (fuzzy.Count > 0)
        {
            var best = fuzzy.Min(x => x.Distance!.Value);
            return Decide(fuzzy.Where(x => x.Distance == best).Select(x => x.Pupil).ToList())!;
        }

        if (Letters(key).Length == 2)
        {
            return Decide(all.Where(p => InitialsOf(p) == Letters(key)).ToList()) ?? NameMatch.None;
        }
        return NameMatch.None;
    }

    private static NameMatch? Decide(List<PupilName> found) => found.Count switch
    {
        0 => null,
        1 => new NameMatch(NameMatchKind.Unique, found),
        _ => new NameMatch(NameMatchKind.Ambiguous, found),
    };

    /// <summary>Closest allowed distance between what was typed and this pupil's names, or null if none is close enough.</summary>
    private static int? FuzzyDistance(string[] words, string key, PupilName p)
    {
        var targets = words.Length >= 2
            ? new[] { Key(p.FullName) }
            : new[] { Key(p.FirstName), Key(p.LastName) };
        int? best = null;
        foreach (var target in targets.Where(t => t.Length > 0))
        {
            var d = DamerauLevenshtein(key, target);
            var allowed = Math.Max(key.Length, target.Length) <= 5 ? 1 : 2;
            if (d <= allowed && (best is null || d < best))
            {
                best = d;
            }
        }
        return best;
    }

    private static bool LooksLikeInitials(string typed)
    {
        var letters = typed.Where(char.IsLetter).ToArray();
        if (letters.Length != 2 || typed.Any(c => !char.IsLetter(c) && c != '.' && c != ' '))
        {
            return false;
        }
        return typed.Contains('.') || letters.All(char.IsUpper);
    }

    private static string InitialsOf(PupilName p)
    {
        var first = Key(p.FirstName);
        var last = Key(p.LastName);
        return first.Length > 0 && last.Length > 0 ? $"{first[0]}{last[0]}" : "";
    }

    private static string Letters(string key) => key.Replace(" ", "");

    /// <summary>Lower case, no accents, apostrophes dropped ("O'Neil" → "oneil"), hyphens and dots as spaces.</summary>
    internal static string Key(string text)
    {
        var folded = TextTokens.Fold(text);
        var sb = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (char.IsLetterOrDigit(c))
            {
                sb.Append(c);
            }
            else if (c is ' ' or '-' or '.' or '\t')
            {
                sb.Append(' ');
            }
        }
        return string.Join(' ', sb.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>Edit distance counting insertions, deletions, substitutions and swaps of neighbours (optimal string alignment).</summary>
    internal static int DamerauLevenshtein(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }
        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }
        return d[a.Length, b.Length];
    }
}

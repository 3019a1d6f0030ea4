namespace Chexs.Bot.Dialogs.Parsing;

/// <summary>
/// The words of pupils' names on record (folded: lower case, no accents), so a line typed all in lower case
/// ("book sam patel tomorrow") still shows where the names are. Only says "this word looks like a name";
/// which pupil is meant is <see cref="PupilNameMatcher"/>'s job.
/// </summary>
public sealed class PupilNameLexicon
{
    public static readonly PupilNameLexicon Empty = new([]);

    private readonly HashSet<string> _words;

    public PupilNameLexicon(IEnumerable<PupilName> pupils)
    {
        _words = pupils
            .SelectMany(p => PupilNameMatcher.Key(p.FullName).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(w => w.Length >= 2)
            .ToHashSet(StringComparer.Ordinal);
    }

    public bool IsEmpty => _words.Count == 0;

    /// <summary>The word is exactly a pupil's first or last name.</summary>
    public bool Contains(string word) => _words.Contains(PupilNameMatcher.Key(word));

    /// <summary>The word is a pupil's first or last name, or a small typo of one ("lilly" for "lily").</summary>
    public bool Resembles(string word)
    {
        var key = PupilNameMatcher.Key(word);
        if (key.Length < 2 || key.Contains(' '))
        {
            return false;
        }
        if (_words.Contains(key))
        {
            return true;
        }
        if (key.Length < 3)
        {
            return false;
        }
        var allowed = key.Length <= 5 ? 1 : 2;
        return _words.Any(w => Math.Abs(w.Length - key.Length) <= allowed && PupilNameMatcher.DamerauLevenshtein(key, w) <= allowed);
    }
}

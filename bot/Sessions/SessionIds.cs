using System.Security.Cryptography;

namespace Chexs.Bot.Sessions;

/// <summary>
/// Short session references staff can read aloud and type: "S-" and five characters from an alphabet
/// without look-alikes (no 0/O, 1/I/L, nor U). 30^5 ≈ 24 million: rare to repeat, but not impossible, so
/// use <see cref="New(Func{string, bool})"/> with the sessions already stored.
/// </summary>
public static class SessionIds
{
    private const string Alphabet = "23456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string New() => Draw("S-");

    /// <summary>A series reference, "R-" and five characters ("R" for repeating): never confused with a session's.</summary>
    public static string NewSeries() => Draw("R-");

    private static string Draw(string prefix)
    {
        Span<char> chars = stackalloc char[5];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }
        return prefix + new string(chars);
    }

    /// <summary>A reference <paramref name="isTaken"/> does not know yet (e.g. <c>id => db.Sessions.FindById(id) is not null</c>).</summary>
    public static string New(Func<string, bool> isTaken)
    {
        string id;
        do
        {
            id = New();
        }
        while (isTaken(id));
        return id;
    }

    /// <summary>Normalises what a person typed ("s-7k3q9", "7K3Q9") to the stored form, or null.</summary>
    public static string? Normalise(string? typed)
    {
        var t = (typed ?? "").Trim().ToUpperInvariant();
        if (t.StartsWith("S-")) t = t[2..];
        return t.Length == 5 && t.All(c => Alphabet.Contains(c)) ? "S-" + t : null;
    }
}

namespace Chexs.Bot.Invitations.Languages;

/// <summary>
/// The language a guardian reads CHEXS's e-mails in, as stored on the guardian's record and written in the pupils
/// import's <c>language</c> column. Three codes: <c>en</c> English (the default), <c>cy</c> Cymraeg (Welsh), and
/// <c>cy-en</c> bilingual, Welsh first and then English, as Welsh-language practice prefers. Staff-facing text stays English.
/// </summary>
public static class GuardianLanguage
{
    public const string English = "en";
    public const string Welsh = "cy";
    public const string Bilingual = "cy-en";

    /// <summary>What the import accepts, as the README's table lists it.</summary>
    public const string Accepted = "en (English, the default when empty), cy (Welsh), cy-en (bilingual: Welsh first, then English; also written cy+en or bilingual)";

    /// <summary>
    /// Reads a spreadsheet cell. Empty means "not given" (null, true): the caller keeps what it has or uses English.
    /// Case and spaces do not matter; the names people write (English, Welsh, Cymraeg, Saesneg, bilingual, dwyieithog) are read too.
    /// </summary>
    public static bool TryRead(string? cell, out string? code)
    {
        var t = (cell ?? "").Trim().ToLowerInvariant().Replace(" ", "", StringComparison.Ordinal);
        code = t switch
        {
            "" => null,
            "en" or "en-gb" or "english" or "saesneg" => English,
            "cy" or "cy-gb" or "welsh" or "cymraeg" => Welsh,
            "cy-en" or "cy+en" or "cy/en" or "bilingual" or "dwyieithog" => Bilingual,
            _ => "?",
        };
        if (code == "?")
        {
            code = null;
            return false;
        }
        return true;
    }

    /// <summary>A stored code made safe: anything unknown (an older record, a hand edit) reads as English.</summary>
    public static string Normalise(string? code) => TryRead(code, out var c) && c is not null ? c : English;

    /// <summary>The template languages an e-mail in <paramref name="code"/> is written in, in order.</summary>
    public static IReadOnlyList<string> Parts(string? code) => Normalise(code) switch
    {
        Welsh => [Welsh],
        Bilingual => [Welsh, English],
        _ => [English],
    };

    /// <summary>For staff (English): "English", "Welsh", "Welsh and English".</summary>
    public static string Describe(string? code) => Normalise(code) switch
    {
        Welsh => "Welsh",
        Bilingual => "Welsh and English",
        _ => "English",
    };
}

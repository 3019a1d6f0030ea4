using System.Globalization;
using System.Text;

namespace Chexs.Bot.Dialogs.Parsing;

/// <summary>A word of typed text: as typed (for names) and normalised (lower case, no trailing full stop).</summary>
internal readonly record struct Token(string Raw, string Text)
{
    /// <summary>The word without a possessive "'s" ("sam's" → "sam", "wednesday's" → "wednesday").</summary>
    public string Bare => Text.EndsWith("'s", StringComparison.Ordinal) && Text.Length > 2 ? Text[..^2] : Text;

    /// <summary>The raw word without a possessive "'s".</summary>
    public string RawBare => Raw.EndsWith("'s", StringComparison.OrdinalIgnoreCase) && Raw.Length > 2 ? Raw[..^2] : Raw;

    public bool IsCapitalised => Raw.Length > 0 && char.IsUpper(Raw[0]);
}

/// <summary>Splits a typed line into words. Commas and ampersands become words of their own so lists of names split cleanly.</summary>
internal static class TextTokens
{
    public static IReadOnlyList<Token> Split(string? text)
    {
        var tokens = new List<Token>();
        var spaced = Normalise(text)
            .Replace(",", " , ")
            .Replace("&", " & ");
        foreach (var whole in spaced.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        foreach (var piece in SplitRange(whole))
        {
            var raw = piece.Trim('"', '(', ')', '[', ']', '!', '?', ';', '\'');
            if (raw.Length == 0)
            {
                continue;
            }
            // A sentence-ending full stop is not part of the word ("4pm." → "4pm"); inner dots are ("4.30pm", "S.P.").
            var norm = raw.ToLowerInvariant().TrimEnd('.', ':');
            tokens.Add(new Token(raw, norm.Length == 0 ? raw : norm));
        }
        return tokens;
    }

    private static readonly System.Text.RegularExpressions.Regex GluedRange = new(
        @"^([0-9]{1,2}(?:[:.][0-9]{2})?(?:am|pm)?)-([0-9]{1,2}(?:[:.][0-9]{2})?(?:am|pm)?)$",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.IgnoreCase);

    /// <summary>
    /// "4-5pm" and "16:00-16:45" are two times; "1-1" (one-to-one) and "28-11" (not a time) stay one word.
    /// </summary>
    private static IEnumerable<string> SplitRange(string word)
    {
        var m = GluedRange.Match(word);
        if (m.Success && word != "1-1" && (word.Contains(':') || word.Contains('.') || word.Contains('m', StringComparison.OrdinalIgnoreCase)))
        {
            return [m.Groups[1].Value, "-", m.Groups[2].Value];
        }
        return [word];
    }

    /// <summary>
    /// Typed text in the form the parsers read: compatibility forms folded (fullwidth "４ｐｍ" → "4pm"), every
    /// decimal digit made ASCII (Arabic-Indic "٤" → "4", Devanagari, Bengali, …), curly quotes and dashes made
    /// plain, invisible marks dropped. Digits of other scripts would otherwise match the regular expressions'
    /// <c>\d</c> and then fail to parse, ending the turn in the error handler.
    /// </summary>
    public static string Normalise(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }
        string folded;
        try
        {
            folded = text.Normalize(NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            folded = text; // a lone surrogate: leave the text as it is, the parsers will simply not read it
        }
        var sb = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (c is >= '0' and <= '9')
            {
                sb.Append(c);
            }
            else if (char.IsDigit(c) && CharUnicodeInfo.GetDecimalDigitValue(c) is var value and >= 0)
            {
                sb.Append((char)('0' + value));
            }
            else
            {
                switch (c)
                {
                    case '\u2018' or '\u2019' or '\u02BC' or '\u2032' or '`' or '\u00B4':
                        sb.Append('\'');
                        break;
                    case '\u201C' or '\u201D' or '\u00AB' or '\u00BB':
                        sb.Append('"');
                        break;
                    case >= '\u2010' and <= '\u2015' or '\u2212':
                        sb.Append('-');
                        break;
                    case '\u00A0' or '\u2007' or '\u202F' or '\u3000' or '\t' or '\r' or '\n':
                        sb.Append(' ');
                        break;
                    case '\u060C' or '\u3001':   // Arabic and ideographic commas
                        sb.Append(',');
                        break;
                    case '\u061F':               // Arabic question mark
                        sb.Append('?');
                        break;
                    case '\u066B':               // Arabic decimal separator: "٤٫٣٠" is 4.30
                        sb.Append('.');
                        break;
                    case '\u200B' or '\u200C' or '\u200D' or '\u200E' or '\u200F' or '\uFEFF' or '\u061C' or >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069':
                        break;                   // zero-width and direction marks (Teams adds them around mixed scripts)
                    default:
                        sb.Append(c);
                        break;
                }
            }
        }
        return sb.ToString();
    }

    /// <summary>Lower case without accents: "Zoë" → "zoe". Used wherever typed text is compared with stored names.</summary>
    public static string Fold(string text)
    {
        var decomposed = Normalise(text).Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                sb.Append(char.ToLowerInvariant(c));
            }
        }
        return sb.ToString().Normalize(NormalizationForm.FormC);
    }
}

using System.Globalization;
using System.Text;

namespace Chexs.Bot.Dialogs.Parsing;

/// <summary>A word of typed text: as typed (for names) and normalised (lower case, no trailing full stop).</summary>
internal readonly record struct Token(string Raw, string Text);

/// <summary>Splits a typed line into words. Commas and ampersands become words of their own so lists of names split cleanly.</summary>
internal static class TextTokens
{
    public static IReadOnlyList<Token> Split(string? text)
    {
        var tokens = new List<Token>();
        var spaced = (text ?? "")
            .Replace(",", " , ")
            .Replace("&", " & ")
            .Replace('\u2019', '\'')
            .Replace('\u2013', '-');
        foreach (var piece in spaced.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var raw = piece.Trim('"', '(', ')', '[', ']', '!', '?', ';');
            if (raw.Length == 0)
            {
                continue;
            }
            // A sentence-ending full stop is not part of the word ("4pm." → "4pm"); inner dots are ("4.30pm", "S.P.").
            var norm = raw.ToLowerInvariant().TrimEnd('.');
            tokens.Add(new Token(raw, norm.Length == 0 ? raw : norm));
        }
        return tokens;
    }

    /// <summary>Lower case without accents: "Zoë" → "zoe". Used wherever typed text is compared with stored names.</summary>
    public static string Fold(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
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

using System.Text;

namespace Chexs.Bot.Hosting;

/// <summary>
/// Makes text safe to write to a log: control characters (C0 such as ESC, CR and LF, DEL and C1 such as
/// CSI and NEL), Unicode line/paragraph separators and bidirectional overrides become visible \uXXXX
/// escapes. Anything a request carries (ids, names, event names, texts) can hold them: raw, an ANSI escape
/// repaints or hijacks the terminal of whoever reads the log, a CR/LF forges a whole log line, and a bidi
/// override disguises what a line says.
/// </summary>
public static class LogText
{
    public static bool NeedsEscaping(string text)
    {
        foreach (var c in text)
        {
            if (IsUnsafe(c)) return true;
        }
        return false;
    }

    public static string Escape(string text)
    {
        if (!NeedsEscaping(text)) return text;
        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (IsUnsafe(c)) escaped.Append("\\u").Append(((int)c).ToString("x4"));
            else escaped.Append(c);
        }
        return escaped.ToString();
    }

    private static bool IsUnsafe(char c) =>
        char.IsControl(c)
        || c is '\u2028' or '\u2029'
        || c is >= '\u202A' and <= '\u202E'   // bidi embeddings and overrides
        || c is >= '\u2066' and <= '\u2069'   // bidi isolates
        || c is '\u200E' or '\u200F' or '\u061C';   // direction marks
}

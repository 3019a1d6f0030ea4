using System.Text;

namespace Chexs.Bot.RightsRequests;

/// <summary>
/// The little Markdown the rights-request and inspection documents need. Text from records is escaped, so a
/// name or a reason can never turn into a link, a heading or a broken table.
/// </summary>
public sealed class MarkdownWriter
{
    private readonly StringBuilder _text = new();

    public MarkdownWriter Heading(int level, string text) => Raw(new string('#', level) + " " + Escape(text)).Line().Line();

    public MarkdownWriter Paragraph(string text) => Raw(Escape(text)).Line().Line();

    public MarkdownWriter Bullet(string text) => Raw("- " + Escape(text)).Line();

    public MarkdownWriter Bullets(IEnumerable<string> items)
    {
        var any = false;
        foreach (var item in items)
        {
            Bullet(item);
            any = true;
        }
        return any ? Line() : this;
    }

    /// <summary>A table; with no rows, <paramref name="empty"/> is written instead.</summary>
    public MarkdownWriter Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, string empty)
    {
        var list = rows.ToList();
        if (list.Count == 0) return Paragraph(empty);
        Raw("| " + string.Join(" | ", header.Select(Cell)) + " |").Line();
        Raw("|" + string.Concat(header.Select(_ => "---|"))).Line();
        foreach (var row in list) Raw("| " + string.Join(" | ", row.Select(Cell)) + " |").Line();
        return Line();
    }

    public override string ToString() => _text.ToString().TrimEnd() + "\n";

    private MarkdownWriter Raw(string text)
    {
        _text.Append(text);
        return this;
    }

    private MarkdownWriter Line()
    {
        _text.Append('\n');
        return this;
    }

    private static string Cell(string text) => Escape(text).Replace("|", "\\|").Replace("\r", "").Replace("\n", " ");

    /// <summary>Backslash-escapes the characters Markdown would act on.</summary>
    public static string Escape(string text)
    {
        var b = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '#') b.Append('\\');
            b.Append(c);
        }
        return b.ToString();
    }
}

using System.Net;
using System.Text;

namespace Chexs.Bot.Invitations;

/// <summary>
/// One line (paragraph) of a guardian email. With <see cref="Url"/>, the plain text shows the address after the text
/// and the HTML shows <see cref="LinkText"/> (which says where the link goes) as the link.
/// </summary>
public sealed record EmailLine(string Text, string? Url = null, string? LinkText = null);

/// <summary>A part of the email under one heading (no heading: the opening and the sign-off).</summary>
public sealed record EmailSection(string? Heading, IReadOnlyList<EmailLine> Lines);

/// <summary>The whole email in one language: its title (the HTML's first heading) and its sections.</summary>
public sealed record EmailBlock(string Language, string Title, IReadOnlyList<EmailSection> Sections);

/// <summary>
/// A composed guardian email: one recipient (a guardian linked to the pupil), a subject, one block per language
/// (Welsh then English for a bilingual guardian) and, for sessions, the calendar entry.
/// Rendered as plain text and as HTML from the same blocks, so both say exactly the same thing.
/// </summary>
public sealed record GuardianEmail(string ToAddress, string ToName, string Subject, IReadOnlyList<EmailBlock> Blocks, string Language = "en")
{
    /// <summary>The calendar invitation (or cancellation) sent with this email; null for none.</summary>
    public Calendar.SessionCalendarEntry? Calendar { get; init; }

    /// <summary>Every line, every language, in order (tests and checks).</summary>
    public IEnumerable<EmailLine> Lines => Blocks.SelectMany(b => b.Sections).SelectMany(s => s.Lines);

    /// <summary>
    /// Plain text: the title, then each section's heading (underlined) and its lines, one paragraph each. Links are
    /// written out in full, so every policy line (P3, P9, P11–P14) is readable with no HTML at all.
    /// </summary>
    public string TextBody
    {
        get
        {
            var text = new StringBuilder();
            for (var b = 0; b < Blocks.Count; b++)
            {
                var block = Blocks[b];
                if (b > 0) text.Append(new string('-', 40)).Append("\r\n\r\n");
                text.Append(block.Title).Append("\r\n").Append(new string('=', Math.Min(block.Title.Length, 72))).Append("\r\n\r\n");
                foreach (var section in block.Sections)
                {
                    if (section.Heading is { } heading)
                        text.Append(heading).Append("\r\n").Append(new string('-', Math.Min(heading.Length, 72))).Append("\r\n\r\n");
                    foreach (var line in section.Lines)
                    {
                        text.Append(line.Text);
                        if (line.Url is not null) text.Append(line.Text.Length > 0 ? " " : "").Append(line.Url);
                        text.Append("\r\n\r\n");
                    }
                }
            }
            return text.ToString().TrimEnd() + "\r\n";
        }
    }

    /// <summary>
    /// Simple HTML for phones and screen readers: the language on every block, real headings (h1 per language,
    /// h2 per section), one paragraph per line, link text that says where it goes, no layout tables, no colour.
    /// </summary>
    public string HtmlBody
    {
        get
        {
            var html = new StringBuilder();
            html.Append("<!DOCTYPE html>\r\n<html lang=\"").Append(Enc(Blocks.Count > 0 ? Blocks[0].Language : Language)).Append("\">\r\n<head>\r\n")
                .Append("<meta charset=\"utf-8\">\r\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\r\n")
                .Append("<title>").Append(Enc(Subject)).Append("</title>\r\n</head>\r\n")
                .Append("<body style=\"font-family: Arial, Helvetica, sans-serif; font-size: 16px; line-height: 1.5; max-width: 36em; margin: 0 auto; padding: 12px;\">\r\n");
            for (var b = 0; b < Blocks.Count; b++)
            {
                var block = Blocks[b];
                if (b > 0) html.Append("<hr>\r\n");
                html.Append("<div lang=\"").Append(Enc(block.Language)).Append("\">\r\n<h1 style=\"font-size: 1.4em;\">").Append(Enc(block.Title)).Append("</h1>\r\n");
                foreach (var section in block.Sections)
                {
                    if (section.Heading is { } heading) html.Append("<h2 style=\"font-size: 1.15em;\">").Append(Enc(heading)).Append("</h2>\r\n");
                    foreach (var line in section.Lines)
                    {
                        html.Append("<p>").Append(Enc(line.Text));
                        if (line.Url is not null)
                        {
                            html.Append(line.Text.Length > 0 ? " " : "")
                                .Append("<a href=\"").Append(Enc(line.Url)).Append("\">").Append(Enc(line.LinkText ?? line.Url)).Append("</a>");
                        }
                        html.Append("</p>\r\n");
                    }
                }
                html.Append("</div>\r\n");
            }
            return html.Append("</body>\r\n</html>\r\n").ToString();
        }
    }

    private static string Enc(string text) => WebUtility.HtmlEncode(text);
}

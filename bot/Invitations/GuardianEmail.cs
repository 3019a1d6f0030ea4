using System.Net;
using System.Text;

namespace Chexs.Bot.Invitations;

/// <summary>One line (paragraph) of a guardian email; <see cref="Url"/>, when set, follows the text as a link.</summary>
public sealed record EmailLine(string Text, string? Url = null);

/// <summary>
/// A composed guardian email: one recipient (a guardian linked to the pupil), a subject, and its lines.
/// Rendered as plain text and as HTML from the same lines, so both say exactly the same thing.
/// </summary>
public sealed record GuardianEmail(string ToAddress, string ToName, string Subject, IReadOnlyList<EmailLine> Lines)
{
    public string TextBody
    {
        get
        {
            var text = new StringBuilder();
            foreach (var line in Lines)
            {
                text.Append(line.Text);
                if (line.Url is not null) text.Append(line.Text.Length > 0 ? " " : "").Append(line.Url);
                text.Append("\r\n\r\n");
            }
            return text.ToString().TrimEnd() + "\r\n";
        }
    }

    public string HtmlBody
    {
        get
        {
            var html = new StringBuilder("<html><body>");
            foreach (var line in Lines)
            {
                html.Append("<p>").Append(WebUtility.HtmlEncode(line.Text));
                if (line.Url is not null)
                {
                    var url = WebUtility.HtmlEncode(line.Url);
                    html.Append(line.Text.Length > 0 ? " " : "").Append("<a href=\"").Append(url).Append("\">").Append(url).Append("</a>");
                }
                html.Append("</p>");
            }
            return html.Append("</body></html>").ToString();
        }
    }
}

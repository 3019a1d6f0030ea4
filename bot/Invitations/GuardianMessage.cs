using System.Text;
using Chexs.Bot.Invitations.Calendar;
using MimeKit;

namespace Chexs.Bot.Invitations;

/// <summary>
/// Builds the one MIME message (RFC 5322, via MimeKit) a guardian receives, once, when the email is queued. The outbox
/// keeps its bytes; Microsoft Graph is sent exactly those bytes (sendMail in MIME format) and offline the pickup folder
/// gets exactly those bytes, so the preview is what goes out.
///
/// Shape, as calendar services send invitations: multipart/mixed of
/// (1) multipart/alternative: text/plain, text/html (the same lines), text/calendar;method=… (calendar apps act on this), and
/// (2) the same calendar as an invite.ics attachment, for mail apps that only offer attachments.
/// Without a calendar entry it is just the multipart/alternative. Every byte is 7-bit ASCII (quoted-printable and
/// base64 bodies, RFC 2047 headers), so the stored copy is exact and any mail system carries it unchanged.
/// </summary>
public static class GuardianMessage
{
    public const string OutboxKeyHeader = "X-CHEXS-Outbox-Key";
    public const string SenderName = "CHEXS";

    public static byte[] Build(GuardianEmail email, string messageKey, string fromMailbox, DateTimeOffset date, TimeZoneInfo zone)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(SenderName, fromMailbox));
        // One recipient, the guardian; never Cc or Bcc (P3).
        message.To.Add(new MailboxAddress(email.ToName, email.ToAddress));
        message.Subject = email.Subject;
        message.Date = date;
        message.MessageId = $"{messageKey}@chexs-bot.local";
        message.Headers.Add(OutboxKeyHeader, messageKey);

        var alternative = new MultipartAlternative
        {
            Text("plain", email.TextBody),
            Text("html", email.HtmlBody),
        };
        if (email.Calendar is not { } entry)
        {
            message.Body = alternative;
        }
        else
        {
            var ics = IcsWriter.Write(entry, zone);
            alternative.Add(CalendarPart(ics, entry.Method, attachment: false));
            message.Body = new Multipart("mixed") { alternative, CalendarPart(ics, entry.Method, attachment: true) };
        }

        // RFC 3282, on the top-level entity: "cy", "en", or "cy, en" for a bilingual message.
        message.Body.Headers.Add(HeaderId.ContentLanguage, string.Join(", ", email.Blocks.Select(b => b.Language).Distinct()));

        using var bytes = new MemoryStream();
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        format.International = false;
        // method=REQUEST, not method="REQUEST": both are valid MIME, but some calendar readers only match the bare token.
        format.AlwaysQuoteParameterValues = false;
        message.WriteTo(format, bytes);
        return bytes.ToArray();
    }

    /// <summary>An outbox row written before messages were built once (an upgrade with mail still queued): text and HTML only.</summary>
    public static byte[] BuildLegacy(GuardianEmailRow row, string fromMailbox)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(SenderName, fromMailbox));
        message.To.Add(new MailboxAddress(row.ToName, row.ToAddress));
        message.Subject = row.Subject;
        message.Date = row.CreatedAt;
        message.MessageId = $"{row.MessageKey}@chexs-bot.local";
        message.Headers.Add(OutboxKeyHeader, row.MessageKey);
        message.Body = new MultipartAlternative { Text("plain", row.TextBody), Text("html", row.HtmlBody) };
        using var bytes = new MemoryStream();
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        message.WriteTo(format, bytes);
        return bytes.ToArray();
    }

    private static TextPart Text(string subtype, string text)
    {
        var part = new TextPart(subtype) { ContentTransferEncoding = ContentEncoding.QuotedPrintable };
        part.SetText(Encoding.UTF8, text);
        return part;
    }

    private static MimePart CalendarPart(string ics, string method, bool attachment)
    {
        var part = new MimePart(attachment ? "application" : "text", attachment ? "ics" : "calendar")
        {
            Content = new MimeContent(new MemoryStream(Encoding.UTF8.GetBytes(ics))),
            ContentTransferEncoding = ContentEncoding.Base64,
        };
        if (attachment)
        {
            part.ContentDisposition = new ContentDisposition(ContentDisposition.Attachment) { FileName = "invite.ics" };
            part.ContentType.Name = "invite.ics";
        }
        else
        {
            part.ContentType.Charset = "utf-8";
            part.ContentType.Parameters.Add("method", method);
        }
        return part;
    }
}

using Chexs.Bot.Invitations;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Users.Item.SendMail;

namespace Chexs.Bot.Graph;

/// <summary>
/// Guardian emails through POST /users/{SharedMailbox}/sendMail (Mail.Send, application permission).
///
/// Exactly once: sendMail answers 202 and returns nothing we could store, so a crash (or a timeout or a
/// 5xx) between Graph accepting a message and our marking it sent leaves us not knowing. Every message
/// therefore carries our outbox key twice: as a named single-value extended property (which Graph can
/// filter on) and as an X-CHEXS-Outbox-Key internet header (which a person reading the message can see).
/// Before retrying an attempt whose outcome is unknown, the outbox asks <see cref="WasSentAsync"/>, which
/// looks in the shared mailbox's Sent Items with
/// $filter=singleValueExtendedProperties/Any(ep: ep/id eq '{property id}' and ep/value eq '{key}')
/// (documented for messages; needs Mail.Read, which Exchange RBAC for Applications should scope to the
/// shared mailbox). saveToSentItems stays true for this.
/// Graph failures leave here only as <see cref="Outbox.DeliveryException"/> (see <see cref="GraphFailure"/>).
/// </summary>
public sealed class GraphMailSender : IMailSender
{
    /// <summary>Our own property set GUID; the name makes the property ours and stable across versions.</summary>
    public const string OutboxKeyPropertyId = "String {f5203e05-2586-475a-9425-2917d3a06094} Name ChexsOutboxKey";
    public const string OutboxKeyHeader = "X-CHEXS-Outbox-Key";

    private readonly GraphServiceClient _graph;
    private readonly string _mailbox;
    private readonly TimeProvider _clock;

    public GraphMailSender(GraphServiceClient graph, IOptions<GraphOptions> options, TimeProvider clock)
    {
        _graph = graph;
        _mailbox = options.Value.SharedMailbox;
        _clock = clock;
    }

    public async Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
    {
        var message = new Message
        {
            Subject = mail.Subject,
            Body = new ItemBody { ContentType = BodyType.Html, Content = mail.HtmlBody },
            // One recipient, the guardian; never Cc or Bcc (P3).
            ToRecipients = [new Recipient { EmailAddress = new EmailAddress { Address = mail.ToAddress, Name = mail.ToName } }],
            InternetMessageHeaders = [new InternetMessageHeader { Name = OutboxKeyHeader, Value = mail.MessageKey }],
            SingleValueExtendedProperties = [new SingleValueLegacyExtendedProperty { Id = OutboxKeyPropertyId, Value = mail.MessageKey }],
        };
        await GraphFailure.Guard(() => _graph.Users[_mailbox].SendMail.PostAsync(new SendMailPostRequestBody { Message = message, SaveToSentItems = true }, cancellationToken: cancellationToken), _clock);
    }

    public async Task<bool> WasSentAsync(OutgoingMail mail, CancellationToken cancellationToken)
    {
        var key = mail.MessageKey.Replace("'", "''", StringComparison.Ordinal);
        var found = await GraphFailure.Guard(() => _graph.Users[_mailbox].MailFolders["sentitems"].Messages.GetAsync(r =>
        {
            r.QueryParameters.Filter = $"singleValueExtendedProperties/Any(ep: ep/id eq '{OutboxKeyPropertyId}' and ep/value eq '{key}')";
            r.QueryParameters.Select = ["id"];
            r.QueryParameters.Top = 1;
        }, cancellationToken), _clock);
        return found?.Value is { Count: > 0 };
    }
}

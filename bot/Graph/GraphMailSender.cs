using System.Text;
using Chexs.Bot.Invitations;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Graph.Users.Item.SendMail;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;

namespace Chexs.Bot.Graph;

/// <summary>
/// Guardian emails through POST /users/{SharedMailbox}/sendMail (Mail.Send, application permission) in MIME format:
/// the body is the message's own bytes (<see cref="OutgoingMail.Mime"/>, built once when queued), base64-encoded,
/// with Content-Type text/plain, as the sendMail reference documents. So Microsoft 365 sends exactly the message the
/// offline pickup folder shows: plain text, HTML and the calendar invitation.
///
/// Exactly once: sendMail answers 202 and returns nothing we could store, so a crash (or a timeout or a
/// 5xx) between Graph accepting a message and our marking it sent leaves us not knowing. Every message
/// therefore carries our outbox key as an X-CHEXS-Outbox-Key header. Exchange's MIME reader stores each such
/// header as a named property in the PS_INTERNET_HEADERS set ([MS-OXCMAIL] 2.2.3.2.29), which Graph exposes as a
/// single-value extended property. Before retrying an attempt whose outcome is unknown, the outbox asks
/// <see cref="WasSentAsync"/>, which looks in the shared mailbox's Sent Items with
/// $filter=singleValueExtendedProperties/Any(ep: ep/id eq '{property id}' and ep/value eq '{key}')
/// (documented for messages; needs Mail.Read, which Exchange RBAC for Applications should scope to the
/// shared mailbox). Messages are always saved to Sent Items in MIME format.
/// Graph failures leave here only as <see cref="Outbox.DeliveryException"/> (see <see cref="GraphFailure"/>).
/// </summary>
public sealed class GraphMailSender : IMailSender
{
    /// <summary>The outbox key header as Exchange stores it: PS_INTERNET_HEADERS, header names in lower case.</summary>
    public const string OutboxKeyPropertyId = "String {00020386-0000-0000-C000-000000000046} Name x-chexs-outbox-key";

    /// <summary>
    /// The key as earlier versions set it directly on JSON messages (our own property set). Still looked for on rows
    /// queued by such a version, so a message sent just before an upgrade, whose outcome was unclear, is not sent twice.
    /// </summary>
    public const string LegacyOutboxKeyPropertyId = "String {f5203e05-2586-475a-9425-2917d3a06094} Name ChexsOutboxKey";

    public const string OutboxKeyHeader = GuardianMessage.OutboxKeyHeader;

    private static readonly Dictionary<string, ParsableFactory<IParsable>> Errors = new()
    {
        ["XXX"] = ODataError.CreateFromDiscriminatorValue,
    };

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
        // The request the SDK would make for sendMail, with the JSON body swapped for the base64 MIME text.
        var request = _graph.Users[_mailbox].SendMail.ToPostRequestInformation(new SendMailPostRequestBody());
        request.Headers.Remove("Content-Type");
        request.SetStreamContent(new MemoryStream(Encoding.ASCII.GetBytes(Convert.ToBase64String(mail.Mime))), "text/plain");
        await GraphFailure.Guard(() => _graph.RequestAdapter.SendNoContentAsync(request, Errors, cancellationToken), _clock);
    }

    public async Task<bool> WasSentAsync(OutgoingMail mail, CancellationToken cancellationToken) =>
        await FoundAsync(OutboxKeyPropertyId, mail.MessageKey, cancellationToken) ||
        (mail.QueuedBeforeMime && await FoundAsync(LegacyOutboxKeyPropertyId, mail.MessageKey, cancellationToken));

    private async Task<bool> FoundAsync(string propertyId, string messageKey, CancellationToken cancellationToken)
    {
        var key = messageKey.Replace("'", "''", StringComparison.Ordinal);
        var found = await GraphFailure.Guard(() => _graph.Users[_mailbox].MailFolders["sentitems"].Messages.GetAsync(r =>
        {
            r.QueryParameters.Filter = $"singleValueExtendedProperties/Any(ep: ep/id eq '{propertyId}' and ep/value eq '{key}')";
            r.QueryParameters.Select = ["id"];
            r.QueryParameters.Top = 1;
        }, cancellationToken), _clock);
        return found?.Value is { Count: > 0 };
    }
}

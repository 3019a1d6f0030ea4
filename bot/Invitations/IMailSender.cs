using System.Text;

namespace Chexs.Bot.Invitations;

/// <summary>
/// An email ready to go from the CHEXS shared mailbox to one guardian: the whole MIME message, built once when it was
/// queued (<see cref="GuardianMessage"/>). Senders pass these bytes on unchanged.
/// </summary>
/// <param name="QueuedBeforeMime">Queued by a version that sent JSON messages: an unclear earlier attempt was made that way.</param>
public sealed record OutgoingMail(string MessageKey, string ToAddress, string ToName, string Subject, byte[] Mime, bool QueuedBeforeMime = false)
{
    /// <param name="fromMailbox">Only for rows queued before messages were stored whole (built then from their text and HTML).</param>
    public static OutgoingMail From(GuardianEmailRow row, string fromMailbox) =>
        new(row.MessageKey, row.ToAddress, row.ToName, row.Subject,
            row.Mime.Length > 0 ? Encoding.ASCII.GetBytes(row.Mime) : GuardianMessage.BuildLegacy(row, fromMailbox), QueuedBeforeMime: row.Mime.Length == 0);
}

/// <summary>
/// Sends guardian emails. Implementations report a failure to deliver only as <see cref="Outbox.DeliveryException"/>
/// (translating their own library's errors), and can tell whether a message with a given key already went (so an
/// unclear attempt is never repeated blindly).
/// </summary>
public interface IMailSender
{
    Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken);

    /// <summary>True when the message with <see cref="OutgoingMail.MessageKey"/> has already been sent.</summary>
    Task<bool> WasSentAsync(OutgoingMail mail, CancellationToken cancellationToken);
}

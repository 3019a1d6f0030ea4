namespace Chexs.Bot.Invitations;

/// <summary>An email ready to go from the CHEXS shared mailbox to one guardian.</summary>
public sealed record OutgoingMail(string MessageKey, string ToAddress, string ToName, string Subject, string TextBody, string HtmlBody)
{
    public static OutgoingMail From(GuardianEmailRow row) => new(row.MessageKey, row.ToAddress, row.ToName, row.Subject, row.TextBody, row.HtmlBody);
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

using Chexs.Bot.Graph;
using Chexs.Bot.Outbox;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Chexs.Bot.Invitations;

/// <summary>
/// Offline development: each guardian email becomes an .eml file in Graph:PickupFolder, exactly as the
/// guardian would receive it (open it in any mail program). The file name carries the outbox key, which
/// is how <see cref="WasSentAsync"/> knows; files are written whole (temp file, then rename) so a crash
/// never leaves half an email that looks sent.
/// </summary>
public sealed class PickupFolderMailSender : IMailSender
{
    private readonly string _folder;
    private readonly string _from;
    private readonly TimeProvider _clock;

    public PickupFolderMailSender(IOptions<GraphOptions> options, IHostEnvironment env, TimeProvider clock)
        : this(Resolve(options.Value.PickupFolder, env.ContentRootPath), options.Value.SharedMailbox, clock)
    {
    }

    public PickupFolderMailSender(string folder, string fromMailbox, TimeProvider clock)
    {
        _folder = folder;
        _from = string.IsNullOrWhiteSpace(fromMailbox) ? "sessions@chexs.example" : fromMailbox;
        _clock = clock;
        RemoveInterruptedWrites(folder);
    }

    /// <summary>
    /// A crash between writing an e-mail and renaming it leaves NAME.eml.tmp (often 0 bytes). It was never sent: the
    /// outbox row is still pending and is written again whole, so the leftover is deleted. The sender is created
    /// once, when the bot starts.
    /// </summary>
    public static int RemoveInterruptedWrites(string folder)
    {
        if (!Directory.Exists(folder)) return 0;
        var removed = 0;
        foreach (var leftover in Directory.EnumerateFiles(folder, "*.eml.tmp"))
        {
            try
            {
                File.Delete(leftover);
                removed++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Left for the next start; it never looks sent (WasSentAsync matches *.eml only).
            }
        }
        return removed;
    }

    public string Folder => _folder;

    public async Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("CHEXS", _from));
        message.To.Add(new MailboxAddress(mail.ToName, mail.ToAddress));
        message.Subject = mail.Subject;
        message.Date = _clock.GetUtcNow();
        message.MessageId = $"{mail.MessageKey}@chexs-bot.local";
        message.Headers.Add(GraphMailSender.OutboxKeyHeader, mail.MessageKey);
        message.Body = new BodyBuilder { TextBody = mail.TextBody, HtmlBody = mail.HtmlBody }.ToMessageBody();

        try
        {
            Directory.CreateDirectory(_folder);
            var final = Path.Combine(_folder, $"{_clock.GetUtcNow():yyyyMMdd-HHmmss}-{mail.MessageKey}.eml");
            var temp = final + ".tmp";
            await message.WriteToAsync(temp, cancellationToken);
            File.Move(temp, final, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DeliveryException(DeliveryFailure.Transient, $"Could not write to the pickup folder: {e.Message}", inner: e);
        }
    }

    public Task<bool> WasSentAsync(OutgoingMail mail, CancellationToken cancellationToken)
    {
        try
        {
            return Task.FromResult(Directory.Exists(_folder) && Directory.EnumerateFiles(_folder, $"*-{mail.MessageKey}.eml").Any());
        }
        catch (IOException e)
        {
            throw new DeliveryException(DeliveryFailure.Transient, $"Could not read the pickup folder: {e.Message}", inner: e);
        }
    }

    private static string Resolve(string folder, string contentRoot) =>
        Path.IsPathRooted(folder) ? folder : Path.Combine(contentRoot, string.IsNullOrWhiteSpace(folder) ? "data/mail-pickup" : folder);
}

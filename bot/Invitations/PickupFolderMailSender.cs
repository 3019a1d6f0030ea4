using Chexs.Bot.Graph;
using Chexs.Bot.Outbox;
using Microsoft.Extensions.Options;

namespace Chexs.Bot.Invitations;

/// <summary>
/// Offline development: each guardian email becomes an .eml file in Graph:PickupFolder, byte for byte the message
/// Microsoft Graph would be given (open it in any mail program; its calendar part opens in any calendar). The file name carries the outbox key, which
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
        _from = string.IsNullOrWhiteSpace(fromMailbox) ? DefaultMailbox : fromMailbox;
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

    /// <summary>The sender offline when Graph:SharedMailbox is not set.</summary>
    public const string DefaultMailbox = "sessions@chexs.example";

    public string Folder => _folder;

    /// <summary>The mailbox the messages come from.</summary>
    public string From => _from;

    /// <summary>Writes the message's bytes unchanged: the very bytes Microsoft Graph would be given.</summary>
    public async Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
    {
        try
        {
            Directory.CreateDirectory(_folder);
            var final = Path.Combine(_folder, $"{_clock.GetUtcNow():yyyyMMdd-HHmmss}-{mail.MessageKey}.eml");
            var temp = final + ".tmp";
            await File.WriteAllBytesAsync(temp, mail.Mime, cancellationToken);
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

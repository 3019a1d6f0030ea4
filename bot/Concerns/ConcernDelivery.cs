using Chexs.Bot.Storage;

namespace Chexs.Bot.Concerns;

/// <summary>
/// A concern owed to one Designated Safeguarding Lead's 1:1 chat, written in the same transaction as the concern and
/// kept until Teams has taken it, so a crash between recording and telling loses nothing. It holds no concern text:
/// the card is rendered from the record when it is sent.
/// </summary>
public sealed class ConcernDelivery
{
    /// <summary>"{concern number}:{recipient}": one delivery per lead per concern, whatever retries.</summary>
    public string Id { get; set; } = "";
    public long ConcernId { get; set; }
    /// <summary>Entra object id of the lead (their personal chat with the bot).</summary>
    public string Recipient { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }

    public static string IdOf(long concernId, string recipient) => $"{concernId}:{recipient}";
}

public interface IConcernDeliveryOutbox : IRepository<ConcernDelivery>
{
    /// <summary>Deliveries Teams has not taken yet and still worth trying, oldest first.</summary>
    ValueTask<IReadOnlyList<ConcernDelivery>> UnsentAsync(int maxAttempts, CancellationToken ct = default);
}

namespace Chexs.Bot.Storage;

/// <summary>The bot-state item was changed by another turn since it was read; the write was refused (the SDK's optimistic concurrency).</summary>
public sealed class ETagConflictException(string key)
    : InvalidOperationException($"ETag conflict on '{key}': the item was changed by another turn since it was read.")
{
    public string Key { get; } = key;
}

namespace Chexs.Bot.Storage;

/// <summary>Small values the bot generates once and keeps (e.g. the card-signing key when none is configured).</summary>
public interface ISettingsStore
{
    /// <summary>The stored value of <paramref name="key"/>, storing <paramref name="create"/>'s result first when there is none.</summary>
    ValueTask<string> GetOrAddAsync(string key, Func<string> create, CancellationToken ct = default);
}

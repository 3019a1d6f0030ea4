namespace Chexs.Bot.Storage;

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>LiteDB file. Relative paths are resolved against the content root. Folder created on first run.</summary>
    public string Path { get; set; } = "data/chexs.db";
}

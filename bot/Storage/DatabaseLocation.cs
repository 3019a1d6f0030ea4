namespace Chexs.Bot.Storage;

/// <summary>The database file's full path (Database:Path resolved against the content root), for the lock, backups and messages.</summary>
public sealed record DatabaseLocation(string FilePath)
{
    /// <summary>The path as an operator typed it, relative to the current folder when it is under it (data/chexs.db).</summary>
    public string Display
    {
        get
        {
            var relative = Path.GetRelativePath(Environment.CurrentDirectory, FilePath);
            return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? FilePath : relative;
        }
    }
}

using Chexs.Bot.Storage;

namespace Chexs.Bot.Tests.Support;

/// <summary>A LiteDB file in a fresh temp folder, deleted afterwards.</summary>
public sealed class TempDatabase : IDisposable
{
    public TempDatabase()
    {
        Folder = Path.Combine(Path.GetTempPath(), "chexs-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        Path_ = System.IO.Path.Combine(Folder, "chexs.db");
        Db = new ChexsDatabase(Path_);
    }

    public string Folder { get; }
    public string Path_ { get; }
    public ChexsDatabase Db { get; private set; }

    /// <summary>Closes and reopens the file, as a restart would.</summary>
    public ChexsDatabase Reopen()
    {
        Db.Dispose();
        Db = new ChexsDatabase(Path_);
        return Db;
    }

    public void Dispose()
    {
        Db.Dispose();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}

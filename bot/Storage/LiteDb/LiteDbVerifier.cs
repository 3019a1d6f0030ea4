using System.Buffers.Binary;
using System.Text;
using LiteDB;

namespace Chexs.Bot.Storage.LiteDb;

/// <summary>
/// Decides whether a LiteDB file is a sound database before anything writes to it. LiteDB itself treats a file
/// shorter than its header as new and initialises it (a truncated file became an EMPTY database), so the header
/// is checked here first; then a full read of every document and every index finds corrupted pages.
/// </summary>
internal static class LiteDbVerifier
{
    private const int PageSize = 8192;
    private const string HeaderInfo = "** This is a LiteDB file **";
    // LiteDB 5 header page layout (HeaderPage.cs): the info text at 32, the file version at 59, the last page id at 64.
    private const int HeaderInfoOffset = 32;
    private const int FileVersionOffset = 59;
    private const int LastPageIdOffset = 64;
    private const byte FileVersion = 8;

    /// <summary>The problem with the file's header and length, or null when they are sound. The file must exist.</summary>
    public static string? HeaderProblem(string path)
    {
        var length = new FileInfo(path).Length;
        if (length < PageSize)
            return $"it is {length} bytes, shorter than a LiteDB header page ({PageSize} bytes): truncated";
        var header = new byte[PageSize];
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            stream.ReadExactly(header);
        }
        if (Encoding.UTF8.GetString(header, HeaderInfoOffset, HeaderInfo.Length) != HeaderInfo)
            return "its first page is not a LiteDB header";
        if (header[FileVersionOffset] != FileVersion)
            return $"its file version is {header[FileVersionOffset]}, not LiteDB 5's {FileVersion}";
        var lastPage = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(LastPageIdOffset));
        var needed = ((long)lastPage + 1) * PageSize;
        if (length < needed)
            return $"the header counts {lastPage + 1} pages ({needed} bytes) but the file has {length} bytes: truncated";
        return null;
    }

    /// <summary>Opens <paramref name="path"/> read-only and reads it whole. A missing file is a problem here.</summary>
    public static StoreVerification VerifyFile(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full)) return StoreVerification.Unsound(full, "there is no such file");
        try
        {
            if (HeaderProblem(full) is { } problem) return StoreVerification.Unsound(full, problem);
            using var db = new LiteDatabase(new ConnectionString { Filename = full, Connection = ConnectionType.Direct, ReadOnly = true }, BsonMapping.Create());
            return Verify(db, full);
        }
        catch (Exception e) // a damaged file throws whatever LiteDB trips over (LiteException, its ENSURE's Exception, index errors)
        {
            return StoreVerification.Unsound(full, $"it could not be read: {e.Message}");
        }
    }

    /// <summary>
    /// Reads every document of every collection and walks every index from its lowest key to its highest, so a
    /// damaged data or index page throws here instead of in a staff member's turn. Read-only.
    /// </summary>
    public static StoreVerification Verify(LiteDatabase db, string file)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var name in db.GetCollectionNames().Order(StringComparer.Ordinal).ToList())
        {
            Check(problems, name, () =>
            {
                var documents = db.GetCollection(name).FindAll().Count(d => d["_id"] is not null);
                counts[name] = documents;
                var indexed = db.GetCollection(name).Count(); // counts through the _id index
                if (indexed != documents) problems.Add($"{name}: the _id index has {indexed} entries for {documents} documents");
            });
        }
        foreach (var index in db.GetCollection("$indexes").FindAll().ToList())
        {
            var collection = index["collection"].AsString;
            var name = index["name"].AsString;
            if (name == "_id") continue;
            var expression = index["expression"].AsString;
            Check(problems, $"{collection} index {name}", () =>
            {
                // A range from the lowest key makes LiteDB walk this index's pages (ANY: multi-key indexes such as PupilIds[*]).
                var where = expression.Contains("[*]", StringComparison.Ordinal) ? $"{expression} ANY >= MINVALUE()" : $"{expression} >= MINVALUE()";
                counts[$"{collection}.{name} (index)"] = db.GetCollection(collection).Query().Where(where).Select("$._id").ToEnumerable().Count();
            });
        }
        return new StoreVerification(file, counts, problems);
    }

    private static void Check(List<string> problems, string what, Action read)
    {
        try
        {
            read();
        }
        catch (Exception e) // as above: any exception from a read is a damaged page
        {
            problems.Add($"{what} could not be read: {e.Message}");
        }
    }
}

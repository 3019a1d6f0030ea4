using Chexs.Bot.Records;
using Chexs.Bot.Storage;
using LiteDB;

namespace Chexs.Bot.Preflight;

/// <summary>
/// What preflight needs from storage. Deliberately tiny so the storage refactor (repositories instead of
/// <see cref="ChexsDatabase"/>) re-implements one class and nothing else here changes.
/// </summary>
public interface IPreflightDatabase
{
    /// <summary>Where the data lives, for the report.</summary>
    string Location { get; }

    /// <summary>Writes, reads back and deletes a marker record. Throws when storage cannot be written.</summary>
    void ProbeWrite(DateTimeOffset now);

    /// <summary>Staff who may host (Entra object id, email, Zoom user) as the database knows them.</summary>
    IReadOnlyList<PreflightHost> KnownHosts();
}

public sealed class LiteDbPreflightDatabase(ChexsDatabase db) : IPreflightDatabase
{
    private const string Collection = "preflight";

    public string Location => db.FilePath;

    public void ProbeWrite(DateTimeOffset now)
    {
        var marker = db.Raw.GetCollection(Collection);
        var id = new BsonValue("preflight-" + Guid.NewGuid().ToString("N"));
        marker.Insert(new BsonDocument { ["_id"] = id, ["at"] = now.UtcDateTime });
        var back = marker.FindById(id) ?? throw new InvalidOperationException("the marker record could not be read back");
        marker.Delete(id);
        _ = back;
    }

    public IReadOnlyList<PreflightHost> KnownHosts() =>
        db.Staff.FindAll()
            .Where(s => !string.IsNullOrWhiteSpace(s.Email) || !string.IsNullOrWhiteSpace(s.ZoomUserId))
            .OrderBy(s => s.DisplayName, StringComparer.OrdinalIgnoreCase)
            .Select(s => new PreflightHost(s.Email ?? s.DisplayName, s.Id, s.ZoomUserId ?? s.Email))
            .ToList();
}

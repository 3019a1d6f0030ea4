using System.Linq.Expressions;
using LiteDB;

namespace Chexs.Bot.Storage.LiteDb;

/// <summary>
/// <see cref="IRepository{T,TKey}"/> over one LiteDB collection. LiteDB answers at once, so every
/// method completes synchronously; reads and writes go through <see cref="LiteDbFile"/>, which joins the
/// thread's transaction or takes the writer gate.
/// </summary>
internal class LiteDbRepository<T, TKey> : IRepository<T, TKey> where T : class
{
    private readonly string _name;

    public LiteDbRepository(LiteDbFile file, string name)
    {
        File = file;
        _name = name;
    }

    protected LiteDbFile File { get; }

    protected ILiteCollection<T> Collection => File.Collection<T>(_name);

    public ValueTask<T?> FindAsync(TKey id, CancellationToken ct = default) =>
        new(File.Read(() => Collection.FindById(new BsonValue(id))));

    public async ValueTask InsertAsync(T item, CancellationToken ct = default) =>
        await File.WriteAsync(() => Collection.Insert(item));

    public ValueTask<bool> UpdateAsync(T item, CancellationToken ct = default) =>
        File.WriteAsync(() => Collection.Update(item));

    public async ValueTask UpsertAsync(T item, CancellationToken ct = default) =>
        await File.WriteAsync(() => Collection.Upsert(item));

    public async ValueTask InsertManyAsync(IEnumerable<T> items, CancellationToken ct = default) =>
        await File.WriteAsync(() => Collection.InsertBulk(items));

    public async ValueTask UpsertManyAsync(IEnumerable<T> items, CancellationToken ct = default) =>
        await File.WriteAsync(() => Collection.Upsert(items));

    public ValueTask<bool> DeleteAsync(TKey id, CancellationToken ct = default) =>
        File.WriteAsync(() => Collection.Delete(new BsonValue(id)));

    public ValueTask<IReadOnlyList<T>> AllAsync(CancellationToken ct = default) =>
        new(File.Read<IReadOnlyList<T>>(() => Collection.FindAll().ToList()));

    public ValueTask<int> CountAsync(CancellationToken ct = default) =>
        new(File.Read(() => Collection.Count()));

    protected ValueTask<IReadOnlyList<T>> WhereAsync(Expression<Func<T, bool>> predicate) =>
        new(File.Read<IReadOnlyList<T>>(() => Collection.Find(predicate).ToList()));

    protected ValueTask<IReadOnlyList<T>> WhereAsync(BsonExpression predicate, int limit = int.MaxValue) =>
        new(File.Read<IReadOnlyList<T>>(() => Collection.Find(predicate, limit: limit).ToList()));

    /// <summary>Documents whose PupilIds array holds the id (served by the multikey "PupilIds" index).</summary>
    protected static BsonExpression HasPupil(string pupilId) => BsonExpression.Create("$.PupilIds[*] ANY = @0", new BsonValue(pupilId));

    /// <summary>An index range over a nullable UTC due time: only outstanding items carry one.</summary>
    protected static BsonExpression DueBy(string field, DateTimeOffset now) =>
        Query.Between(field, new BsonValue(DateTime.MinValue.AddDays(1)), new BsonValue(now.UtcDateTime));
}

internal class LiteDbRepository<T>(LiteDbFile file, string name) : LiteDbRepository<T, string>(file, name), IRepository<T> where T : class;

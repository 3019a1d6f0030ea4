using System.Reflection;
using Npgsql;
using NpgsqlTypes;

namespace Chexs.Bot.Storage.PostgreSql;

/// <summary>A column kept beside the jsonb document because queries filter or sort on it.</summary>
internal sealed record PgColumn<T>(string Name, string SqlType, Func<T, object?> Value);

/// <summary>
/// How records of <typeparamref name="T"/> map to one table: its name, the indexed columns copied out of
/// each record on every write, and the record's <c>Id</c> property (the <c>id</c> primary key).
/// </summary>
internal sealed class PgTable<T> where T : class
{
    private static readonly PropertyInfo IdProperty = typeof(T).GetProperty("Id")
        ?? throw new InvalidOperationException($"{typeof(T).Name} has no Id property to key its table on.");

    public PgTable(string name, params PgColumn<T>[] columns)
    {
        Name = name;
        Columns = columns;
    }

    public string Name { get; }
    public IReadOnlyList<PgColumn<T>> Columns { get; }

    public object IdOf(T item) => IdProperty.GetValue(item)!;

    public void SetId(T item, object id) => IdProperty.SetValue(item, id);

    /// <summary>"id, doc, c1, c2" or, for an id the database assigns, "doc, c1, c2".</summary>
    public string ColumnList(bool withId) => string.Join(", ", (withId ? ["id", "doc"] : new[] { "doc" }).Concat(Columns.Select(c => c.Name)));

    /// <summary>"@id, @doc, @c1::type, ..." matching <see cref="ColumnList"/>.</summary>
    public string ValueList(bool withId) =>
        string.Join(", ", (withId ? ["@id", "@doc"] : new[] { "@doc" }).Concat(Columns.Select(c => $"@{c.Name}::{c.SqlType}")));

    /// <summary>"doc = @doc, c1 = @c1::type, ..." for an UPDATE.</summary>
    public string Assignments => string.Join(", ", new[] { "doc = @doc" }.Concat(Columns.Select(c => $"{c.Name} = @{c.Name}::{c.SqlType}")));

    /// <summary>"doc = EXCLUDED.doc, c1 = EXCLUDED.c1, ..." for an upsert.</summary>
    public string ExcludedAssignments => string.Join(", ", new[] { "doc" }.Concat(Columns.Select(c => c.Name)).Select(c => $"{c} = EXCLUDED.{c}"));

    /// <summary>Binds the document, its indexed columns and (when given) its id.</summary>
    public void Bind(NpgsqlParameterCollection parameters, T item, bool withId)
    {
        if (withId) parameters.AddWithValue("id", IdOf(item));
        parameters.Add(new NpgsqlParameter("doc", NpgsqlDbType.Jsonb) { Value = PgJson.Serialize(item) });
        foreach (var column in Columns)
        {
            parameters.AddWithValue(column.Name, PgValues.ToParameter(column.Value(item)));
        }
    }

    /// <summary>The record of one (id, doc) row; the id column is authoritative (it may have been assigned by the database).</summary>
    public T Read(NpgsqlDataReader row)
    {
        var item = PgJson.Deserialize<T>(row.GetString(1));
        SetId(item, row.GetValue(0));
        return item;
    }
}

/// <summary>Column values as Npgsql wants them: instants in UTC, enums by name, lists as arrays, null as DBNull.</summary>
internal static class PgValues
{
    public static object ToParameter(object? value) => value switch
    {
        null => DBNull.Value,
        DateTimeOffset instant => instant.ToUniversalTime(),
        DateTime { Kind: DateTimeKind.Unspecified } time => DateTime.SpecifyKind(time, DateTimeKind.Utc), // our *Utc fields
        DateTime time => time.ToUniversalTime(),
        Enum e => e.ToString(),
        string text => text,
        IEnumerable<string> texts => texts.ToArray(),
        _ => value,
    };

    public static DateTime Utc(DateTimeOffset instant) => instant.UtcDateTime;
}

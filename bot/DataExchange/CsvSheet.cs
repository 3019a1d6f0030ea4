using CsvHelper;

namespace Chexs.Bot.DataExchange;

/// <summary>One data row of a CSV file: its line number in the file and its values by column name.</summary>
public sealed class CsvLine
{
    private readonly IReadOnlyDictionary<string, string> _values;

    public CsvLine(int lineNumber, IReadOnlyDictionary<string, string> values)
    {
        LineNumber = lineNumber;
        _values = values;
    }

    public int LineNumber { get; }

    /// <summary>A copy with one value replaced (used to move sample dates into the current year).</summary>
    public CsvLine With(string column, string value)
    {
        var copy = new Dictionary<string, string>(_values, StringComparer.OrdinalIgnoreCase) { [column] = value };
        return new CsvLine(LineNumber, copy);
    }

    /// <summary>The trimmed value, or "" when the column or field is absent.</summary>
    public string this[string column] => _values.TryGetValue(column, out var v) ? v : "";
}

/// <summary>A file that cannot be read as the expected table at all (missing columns, broken quoting).</summary>
public sealed class CsvFileException(string message) : Exception(message);

/// <summary>Reads a whole CSV file through CsvHelper into <see cref="CsvLine"/>s, checking its header first.</summary>
public static class CsvSheet
{
    private static readonly CsvReaderOptions Options = CsvReaderOptions.Default with
    {
        Separator = ',',
        TrimWhitespace = true,
        TrackLineNumbers = true,
    };

    public static IReadOnlyList<CsvLine> Read(string path, IReadOnlyCollection<string> requiredColumns)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"No file at {path}.", path);
        try
        {
            using var reader = CsvReader.FromFile(path, Options);
            var headers = reader.Headers.Select(h => h.Trim().ToLowerInvariant()).ToList();
            var missing = requiredColumns.Where(c => !headers.Contains(c)).ToList();
            if (missing.Count > 0)
                throw new CsvFileException($"{Path.GetFileName(path)} has no column {string.Join(", ", missing)} (line 1 must name the columns: {string.Join(", ", requiredColumns)}).");

            var lines = new List<CsvLine>();
            while (reader.Read())
            {
                var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                for (var i = 0; i < headers.Count && i < reader.FieldCount; i++)
                {
                    values.TryAdd(headers[i], reader.GetString(i).Trim());
                }
                if (values.Values.All(string.IsNullOrEmpty)) continue; // a row of empty cells, as spreadsheets leave
                lines.Add(new CsvLine((int)reader.LineNumber, values));
            }
            return lines;
        }
        catch (CsvFormatException e)
        {
            var where = e.LineNumber > 0 ? $"line {e.LineNumber}: " : "";
            throw new CsvFileException($"{Path.GetFileName(path)} is not a readable CSV file ({where}{e.Message}).");
        }
    }
}

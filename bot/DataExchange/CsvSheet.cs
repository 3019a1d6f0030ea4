using System.Text;
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
        Problems = FormulaCells(values);
    }

    public int LineNumber { get; }

    /// <summary>
    /// What is wrong with the row whatever it is for: cells a spreadsheet would run as a formula. Every import
    /// refuses such a row (<see cref="PupilImport"/>, <see cref="ConsentImport"/>), so a value like
    /// <c>=HYPERLINK(…)</c> never reaches a record, a card or an export.
    /// </summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>A copy with one value replaced (used to move sample dates into the current year).</summary>
    public CsvLine With(string column, string value)
    {
        var copy = new Dictionary<string, string>(_values, StringComparer.OrdinalIgnoreCase) { [column] = value };
        return new CsvLine(LineNumber, copy);
    }

    /// <summary>The trimmed value, or "" when the column or field is absent.</summary>
    public string this[string column] => _values.TryGetValue(column, out var v) ? v : "";

    /// <summary>
    /// A cell starting with =, @, a tab or a carriage return, or with + or - followed by something other than a
    /// phone number or a plain number, is what spreadsheets run as a formula (OWASP "CSV injection").
    /// </summary>
    internal static bool LooksLikeFormula(string value)
    {
        if (value.Length == 0) return false;
        var first = value[0];
        if (first is '=' or '@' or '\t' or '\r') return true;
        if (first is '+' or '-')
        {
            // "+44 7700 900101", "-", "-3" stay text; "+SUM(A1)" or "-cmd|…" do not.
            return !value.Skip(1).All(c => char.IsAsciiDigit(c) || c is ' ' or '(' or ')' or '-' or '.');
        }
        return false;
    }

    private static IReadOnlyList<string> FormulaCells(IReadOnlyDictionary<string, string> values) =>
        values.Where(kv => LooksLikeFormula(kv.Value))
            .Select(kv => $"{kv.Key} starts with \"{kv.Value[0]}\", which a spreadsheet would run as a formula; type the value without it")
            .ToList();
}

/// <summary>A file that cannot be read as the expected table at all (missing columns, broken quoting, not text).</summary>
public sealed class CsvFileException(string message) : Exception(message);

/// <summary>A CSV file read whole: its column names as given (lower case) and its data rows.</summary>
public sealed record CsvTable(IReadOnlyList<string> Headers, IReadOnlyList<CsvLine> Lines)
{
    /// <summary>Columns the file has that none of <paramref name="known"/> names (ignored by the import, worth saying).</summary>
    public IReadOnlyList<string> UnknownColumns(IEnumerable<string> known)
    {
        var set = known.ToHashSet(StringComparer.OrdinalIgnoreCase);
        return Headers.Where(h => h.Length > 0 && !set.Contains(h)).Distinct().ToList();
    }
}

/// <summary>Reads a whole CSV file through CsvHelper into <see cref="CsvLine"/>s, checking its header first.</summary>
public static class CsvSheet
{
    private static readonly CsvReaderOptions Options = CsvReaderOptions.Default with
    {
        Separator = ',',
        TrimWhitespace = true,
        TrackLineNumbers = true,
    };

    /// <summary>Strict UTF-8: a file in another encoding is refused rather than read with its letters changed.</summary>
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static IReadOnlyList<CsvLine> Read(string path, IReadOnlyCollection<string> requiredColumns)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"No file at {path}.", path);
        return Parse(File.ReadAllBytes(path), Path.GetFileName(path), requiredColumns).Lines;
    }

    /// <summary>The text of a CSV file's bytes: UTF-8 (with or without a byte-order mark), else <see cref="CsvFileException"/>.</summary>
    public static string Decode(ReadOnlySpan<byte> content, string name)
    {
        if (content.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) content = content[3..];
        if (content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || content.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) || content.IndexOf((byte)0) >= 0)
            throw new CsvFileException($"{name} is not a CSV text file (it looks like UTF-16 or a binary file such as a spreadsheet). In Excel use Save As → \"CSV UTF-8 (Comma delimited)\".");
        try
        {
            return StrictUtf8.GetString(content);
        }
        catch (DecoderFallbackException)
        {
            throw new CsvFileException($"{name} is not saved as UTF-8 text, so names with accents would be misread. In Excel use Save As → \"CSV UTF-8 (Comma delimited)\" and send it again.");
        }
    }

    /// <summary>The lower-case column names of line 1 (empty for an empty file).</summary>
    public static IReadOnlyList<string> HeadersOf(string text)
    {
        try
        {
            using var reader = CsvReader.FromText(text, Options);
            return reader.Headers.Select(h => h.Trim().ToLowerInvariant()).ToList();
        }
        catch (CsvFormatException)
        {
            return [];
        }
    }

    public static CsvTable Parse(ReadOnlySpan<byte> content, string name, IReadOnlyCollection<string> requiredColumns) =>
        Parse(Decode(content, name), name, requiredColumns);

    public static CsvTable Parse(string text, string name, IReadOnlyCollection<string> requiredColumns)
    {
        try
        {
            using var reader = CsvReader.FromText(text, Options);
            var headers = reader.Headers.Select(h => h.Trim().ToLowerInvariant()).ToList();
            var missing = requiredColumns.Where(c => !headers.Contains(c)).ToList();
            if (missing.Count > 0)
                throw new CsvFileException($"{name} has no column {string.Join(", ", missing)} (line 1 must name the columns: {string.Join(", ", requiredColumns)}).");

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
            return new CsvTable(headers, lines);
        }
        catch (CsvFormatException e)
        {
            var where = e.LineNumber > 0 ? $"line {e.LineNumber}: " : "";
            throw new CsvFileException($"{name} is not a readable CSV file ({where}{e.Message}).");
        }
    }
}

namespace Chexs.Bot.DataExchange;

/// <summary>A reason one line of an import file cannot be taken.</summary>
public sealed record LineError(int LineNumber, string Message)
{
    public override string ToString() => $"line {LineNumber}: {Message}";
}

/// <summary>What an import found and did (or, in a dry run or on any bad line, would have done).</summary>
public sealed class ImportReport
{
    public ImportReport(string what, string source, bool dryRun)
    {
        What = what;
        Source = source;
        DryRun = dryRun;
    }

    /// <summary>"pupils" or "consents".</summary>
    public string What { get; }
    public string Source { get; }
    public bool DryRun { get; }
    public List<LineError> Errors { get; } = new();
    /// <summary>Things worth saying that do not stop the import.</summary>
    public List<string> Notes { get; } = new();
    public int Created { get; set; }
    public int Updated { get; set; }
    public int Unchanged { get; set; }
    /// <summary>What would be (or was) added, one short description each, in file order (for the Teams preview).</summary>
    public List<string> Added { get; } = new();
    /// <summary>What would be (or was) changed, one short description each.</summary>
    public List<string> Changed { get; } = new();
    /// <summary>Extra counts worth showing ("guardians created": 3).</summary>
    public Dictionary<string, int> Other { get; } = new();

    public bool Ok => Errors.Count == 0;
    /// <summary>True when the import wrote to the database.</summary>
    public bool Applied { get; set; }

    public string Summary()
    {
        var counts = $"{Created} new, {Updated} changed, {Unchanged} unchanged";
        var extra = Other.Count == 0 ? "" : "; " + string.Join(", ", Other.Select(kv => $"{kv.Key}: {kv.Value}"));
        return $"{What}: {counts}{extra}";
    }

    public void WriteTo(TextWriter output, TextWriter errors)
    {
        if (!Ok)
        {
            errors.WriteLine($"Nothing imported: {Errors.Count} bad line(s) in {Source}. Fix them and run the import again.");
            foreach (var e in Errors.OrderBy(e => e.LineNumber)) errors.WriteLine("  " + e);
            return;
        }
        output.WriteLine(DryRun ? $"Dry run of {Source}: every line is valid. Would import {Summary()}. Nothing was written." : $"Imported {Source}: {Summary()}.");
        foreach (var note in Notes) output.WriteLine("  note: " + note);
    }
}

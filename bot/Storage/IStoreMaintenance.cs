namespace Chexs.Bot.Storage;

/// <summary>Keeping the data trustworthy: a full read of a store file, and a consistent copy of the live one.</summary>
public interface IStoreMaintenance
{
    /// <summary>Reads every collection and index of the live store (opening it if needed). Never changes it.</summary>
    ValueTask<StoreVerification> VerifyLiveAsync(CancellationToken ct = default);

    /// <summary>Reads every collection and index of another file (a backup, a file about to be restored), read-only.</summary>
    StoreVerification VerifyFile(string path);

    /// <summary>
    /// Writes a consistent copy of the live store to <paramref name="target"/> while the bot keeps running (writes
    /// wait for the few moments the copy takes), then verifies the copy. Throws when the copy does not verify.
    /// </summary>
    ValueTask<StoreVerification> BackupToAsync(string target, CancellationToken ct = default);
}

/// <summary>What a full read found: documents per collection, entries per index, and every problem in one sentence each.</summary>
public sealed record StoreVerification(string File, IReadOnlyDictionary<string, int> Counts, IReadOnlyList<string> Problems)
{
    public bool Sound => Problems.Count == 0;

    private const string IndexSuffix = " (index)";

    /// <summary>Documents in every collection (index entries not counted).</summary>
    public int Documents => Counts.Where(c => !c.Key.EndsWith(IndexSuffix, StringComparison.Ordinal)).Sum(c => c.Value);

    public static StoreVerification Unsound(string file, string problem) => new(file, new Dictionary<string, int>(), [problem]);

    public void WriteTo(TextWriter output)
    {
        const string index = " (index)";
        var collections = Counts.Where(c => !c.Key.EndsWith(index, StringComparison.Ordinal) && c.Value > 0).OrderBy(c => c.Key, StringComparer.Ordinal);
        output.WriteLine(collections.Any() ? "  " + string.Join(", ", collections.Select(c => $"{c.Key} {c.Value}")) : "  no documents yet");
        output.WriteLine($"  {Counts.Count(c => c.Key.EndsWith(index, StringComparison.Ordinal))} indexes read");
        foreach (var problem in Problems)
        {
            output.WriteLine($"  PROBLEM: {problem}");
        }
    }
}

/// <summary>The store file exists but is not a sound database; nothing may be written over it.</summary>
public sealed class StoreUnsoundException(string file, string problem)
    : IOException($"{file} is not a sound CHEXS database ({problem}); it was left untouched.")
{
    public string File { get; } = file;
    public string Problem { get; } = problem;
}

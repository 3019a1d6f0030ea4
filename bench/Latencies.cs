namespace Chexs.Bot.Bench;

/// <summary>Latency samples (milliseconds) from many threads; percentiles by sorting at the end (exact, not bucketed).</summary>
public sealed class Latencies
{
    private readonly List<double> _samples = new();
    private readonly object _lock = new();

    public void Add(double ms)
    {
        lock (_lock) _samples.Add(ms);
    }

    public int Count
    {
        get { lock (_lock) return _samples.Count; }
    }

    public LatencySummary Summarise()
    {
        double[] sorted;
        lock (_lock) sorted = _samples.ToArray();
        Array.Sort(sorted);
        return new LatencySummary(sorted.Length, At(sorted, 0.50), At(sorted, 0.95), At(sorted, 0.99), sorted.Length == 0 ? double.NaN : sorted[^1]);
    }

    /// <summary>Nearest-rank percentile.</summary>
    private static double At(double[] sorted, double p)
    {
        if (sorted.Length == 0) return double.NaN;
        var rank = (int)Math.Ceiling(p * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}

public sealed record LatencySummary(int Count, double P50, double P95, double P99, double Max);

using Microsoft.Extensions.Options;

namespace Chexs.Bot.Hosting;

/// <summary>Settings of <see cref="IdleMemoryTrimmer"/> (section <c>Memory</c>).</summary>
public sealed class MemoryOptions
{
    public const string Section = "Memory";

    /// <summary>Give memory back to the system once the bot goes quiet after a burst of requests.</summary>
    public bool TrimWhenIdle { get; set; } = true;
    /// <summary>How long without a request counts as quiet.</summary>
    public TimeSpan IdleAfter { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>Only trim when the GC has this much more memory committed than after the last trim (a quiet chat costs nothing).</summary>
    public int GrowthMiB { get; set; } = 16;
}

/// <summary>
/// Returns the memory a burst of work took once the bot is quiet again. The garbage collector only runs
/// when something allocates, and an idle bot allocates next to nothing: after 64 conversations at once the
/// heap stays at the size the burst grew it to, garbage included, for as long as the bot stays idle (the
/// campaign measured 117 MiB idle, 330 MiB under load, still 331 MiB 30 s later; docs/benchmarks.md,
/// section 5). So when no request has come for <see cref="MemoryOptions.IdleAfter"/> after some did, and
/// the GC holds at least <see cref="MemoryOptions.GrowthMiB"/> more than after the last trim, one aggressive
/// full collection compacts the heap and decommits what it no longer needs. It blocks for tens of
/// milliseconds, and only when no request is waiting.
/// </summary>
public sealed class IdleMemoryTrimmer : BackgroundService
{
    private readonly MemoryOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<IdleMemoryTrimmer> _log;
    private long _requests;
    private long _seen;
    private bool _busy;
    private long _committedAfterTrim;

    public IdleMemoryTrimmer(IOptions<MemoryOptions> options, TimeProvider clock, ILogger<IdleMemoryTrimmer> log)
    {
        _options = options.Value;
        _clock = clock;
        _log = log;
        _committedAfterTrim = GC.GetGCMemoryInfo().TotalCommittedBytes;
    }

    /// <summary>Called for every request (cheap: one interlocked increment).</summary>
    public void NoteRequest() => Interlocked.Increment(ref _requests);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.TrimWhenIdle) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.IdleAfter, _clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            Look();
        }
    }

    /// <summary>
    /// One look, every <see cref="MemoryOptions.IdleAfter"/>: notes whether requests came since the last look,
    /// and trims when none did after a look that saw some. True when it trimmed. Public for tests, which look on a fake clock.
    /// </summary>
    public bool Look()
    {
        var requests = Interlocked.Read(ref _requests);
        if (requests != _seen)
        {
            _seen = requests;
            _busy = true;
            return false;
        }
        if (!_busy) return false;
        _busy = false;
        return TrimIfGrown();
    }

    private bool TrimIfGrown()
    {
        var committed = GC.GetGCMemoryInfo().TotalCommittedBytes;
        // GrowthMiB 0 means "always": committed memory can also have shrunk since the last trim (another collection
        // ran), and a negative growth must not read as "not grown enough".
        if (_options.GrowthMiB > 0 && committed - _committedAfterTrim < _options.GrowthMiB * 1024L * 1024)
        {
            return false;
        }
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        _committedAfterTrim = GC.GetGCMemoryInfo().TotalCommittedBytes;
        _log.LogInformation("Quiet after a busy spell: the GC gave back {Released:0} MiB ({Committed:0} MiB committed now)",
            (committed - _committedAfterTrim) / 1048576.0, _committedAfterTrim / 1048576.0);
        return true;
    }
}

namespace Chexs.Bot.Records;

public enum SeriesFrequency
{
    Weekly,
    Fortnightly,
}

/// <summary>
/// A weekly or fortnightly run of sessions booked together ("every Tuesday at 4pm for 6 weeks"). Each date is
/// its own <see cref="Session"/> (with <see cref="Session.SeriesId"/>), judged, booked, moved and cancelled on its
/// own; the series keeps what belongs to the run: its pattern, which sessions it made, and which dates it skipped
/// and why. It holds no pupil data (the sessions do), so retention (G3) has nothing extra to clear here.
/// </summary>
public sealed class BookingSeries
{
    /// <summary>"R-7K3Q9": staff can type it, and it never looks like a session reference.</summary>
    public string Id { get; set; } = "";
    public string HostId { get; set; } = "";
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public Programme Programme { get; set; }
    public SessionKind Kind { get; set; }
    public int DurationMinutes { get; set; }
    public SeriesFrequency Frequency { get; set; }
    /// <summary>The words that asked for it ("every Tuesday for 6 weeks").</summary>
    public string Said { get; set; } = "";
    /// <summary>Every session the series made, in date order.</summary>
    public List<string> SessionIds { get; set; } = new();
    /// <summary>Dates of the run that were not booked, and the rules that stopped each.</summary>
    public List<SkippedOccurrence> Skipped { get; set; } = new();
}

/// <summary>A date of a series that was not booked: when it would have started, and which rules stopped it.</summary>
public sealed class SkippedOccurrence
{
    public DateTimeOffset Start { get; set; }
    public List<string> RuleIds { get; set; } = new();
}

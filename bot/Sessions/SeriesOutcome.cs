using Chexs.Bot.Invitations;
using Chexs.Bot.Records;
using Chexs.Bot.Safeguarding;

namespace Chexs.Bot.Sessions;

/// <summary>What a staff member asked to book as a series: the dates (already expanded) and what each session is.</summary>
public sealed record SeriesRequest(
    string SeriesId,
    Programme Programme,
    IReadOnlyList<string> PupilIds,
    IReadOnlyList<DateTimeOffset> Starts,
    int DurationMinutes,
    SessionKind Kind,
    SeriesFrequency Frequency,
    string Said,
    string HostId,
    string RequestedBy);

/// <summary>One date of a series and the policy's verdict on it, judged on its own date.</summary>
public sealed record OccurrenceVerdict(DateTimeOffset Start, PolicyVerdict Verdict)
{
    public bool Passes => Verdict.Outcome != PolicyOutcome.Blocked;
}

/// <summary>Every date of a series, judged one by one (consent years, birthdays, holidays settings, D1 …).</summary>
public sealed record SeriesVerdict(IReadOnlyList<OccurrenceVerdict> Dates)
{
    public IReadOnlyList<OccurrenceVerdict> Passing => Dates.Where(d => d.Passes).ToList();
    public IReadOnlyList<OccurrenceVerdict> Blocked => Dates.Where(d => !d.Passes).ToList();
    /// <summary>A group series: one manager approval for all its dates (P10).</summary>
    public bool NeedsApproval => Passing.Any(d => d.Verdict.Outcome == PolicyOutcome.NeedsApproval);
}

/// <summary>The end of a series booking: every confirmed date booked, all waiting for one approval, or nothing booked.</summary>
public abstract record SeriesOutcome
{
    /// <summary>Every confirmed date has its meeting, session, reminders and calendar event; the guardians' one e-mail is queued.</summary>
    public sealed record Booked(BookingSeries Series, IReadOnlyList<Session> Sessions, InvitationBatch Invitations, bool AlreadyBooked) : SeriesOutcome;

    /// <summary>A group series stored as one request; nothing made at Zoom, nothing sent to guardians (P10).</summary>
    public sealed record AwaitingApproval(BookingSeries Series, IReadOnlyList<Session> Sessions, string ApproverName) : SeriesOutcome;

    /// <summary>The dates that pass now are not the ones the staff member confirmed (a consent, a clash…): nothing was booked.</summary>
    public sealed record Changed(SeriesVerdict Now) : SeriesOutcome;

    /// <summary>Something outside us failed (Zoom on one date, storage): nothing was booked and nothing is left behind.</summary>
    public sealed record NotMade(string Reason) : SeriesOutcome;
}

using Chexs.Bot.Invitations;
using Chexs.Bot.Records;
using Chexs.Bot.Safeguarding;

namespace Chexs.Bot.Sessions;

/// <summary>What a staff member asked to book. The id is chosen when the draft starts, so a second
/// click on Confirm finds the booking the first click made instead of making another.</summary>
public sealed record BookingRequest(
    string SessionId,
    Programme Programme,
    IReadOnlyList<string> PupilIds,
    DateTimeOffset Start,
    int DurationMinutes,
    SessionKind Kind,
    string HostId,
    string RequestedBy);

/// <summary>The end of a booking attempt: fully made, waiting for a manager, refused, or not made at all.</summary>
public abstract record BookingOutcome
{
    /// <summary>Meeting created, session stored, invitations and calendar event queued, reminders scheduled.</summary>
    public sealed record Booked(Session Session, InvitationBatch Invitations, bool AlreadyBooked) : BookingOutcome;

    /// <summary>A group session stored as a request; nothing created at Zoom, nothing sent to guardians (P10).</summary>
    public sealed record AwaitingApproval(Session Session, string ApproverName) : BookingOutcome;

    /// <summary>The policy refuses it; nothing stored.</summary>
    public sealed record Blocked(PolicyVerdict Verdict) : BookingOutcome;

    /// <summary>Something outside us failed (Zoom, storage); nothing was booked and nothing is left behind.</summary>
    public sealed record NotMade(string Reason) : BookingOutcome;
}

/// <summary>The end of a manager's Approve or Reject click.</summary>
public abstract record ApprovalOutcome
{
    public sealed record Approved(Session Session) : ApprovalOutcome;
    public sealed record Rejected(Session Session) : ApprovalOutcome;
    /// <summary>Somebody already decided (a second click, or a second manager): shows the current state.</summary>
    public sealed record AlreadyDecided(Session Session) : ApprovalOutcome;
    /// <summary>Not allowed to decide, or the request is incomplete (no reason to reject); nothing changed.</summary>
    public sealed record Refused(string Reason) : ApprovalOutcome;
    /// <summary>Approved, but the booking could not be made (policy now blocks, or Zoom failed); the request stays open.</summary>
    public sealed record NotMade(Session Session, string Reason) : ApprovalOutcome;
}

namespace Chexs.Bot.Records;

public enum SessionKind
{
    OneToOne,
    Group,
}

public enum SessionStatus
{
    Draft,
    AwaitingApproval,
    Scheduled,
    Rejected,
    Cancelled,
    Completed,
}

/// <summary>A video session with one or more pupils, through its whole life.</summary>
public sealed class Session
{
    /// <summary>Short human reference staff can type, e.g. "S-7K3Q9".</summary>
    public string Id { get; set; } = "";
    public Programme Programme { get; set; }
    /// <summary>Host's Entra object id (a <see cref="StaffMember"/>).</summary>
    public string HostId { get; set; } = "";
    /// <summary>Second CHEXS adult (G4), Entra object id, when there is one.</summary>
    public string? CoHostId { get; set; }
    public List<string> PupilIds { get; set; } = new();
    /// <summary>Set when retention (G3) removes the participants from an old session: how many there were.</summary>
    public int? ParticipantCount { get; set; }
    /// <summary>Start instant; shown and sent to Zoom in the organisation's time zone (Europe/London).</summary>
    public DateTimeOffset Start { get; set; }
    public int DurationMinutes { get; set; }
    public SessionKind Kind { get; set; }
    /// <summary>The <see cref="BookingSeries"/> this session is one date of; null for a single booking.</summary>
    public string? SeriesId { get; set; }
    /// <summary>Set when the session is created; afterwards changed only by the transition methods below, which guard it.</summary>
    public SessionStatus Status { get => _status; init => _status = value; }
    private SessionStatus _status;
    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
    /// <summary>Any participant under 14 on the session date (P9): an adult must be present.</summary>
    public bool AdultPresenceRequired { get; set; }
    public ZoomMeetingRecord? Meeting { get; set; }
    /// <summary>What Zoom reported about the meeting (webhooks); null until the first event.</summary>
    public MeetingActivity? Activity { get; set; }
    public ApprovalDecision? Approval { get; set; }
    /// <summary>The policy verdict the session was booked (or last re-checked) under.</summary>
    public PolicyVerdictRecord? Verdict { get; set; }
    /// <summary>The Adaptive Card confirmation as sent, kept with the session.</summary>
    public string? ConfirmationCardJson { get; set; }
    public string? CancelledReason { get; set; }
    /// <summary>Set when a re-check (e.g. consent withdrawn) finds a problem a person must look at.</summary>
    public string? Flag { get; set; }
    /// <summary>What the host (or a manager) ticked on the host checklist; null until the first tick.</summary>
    public HostChecklistRecord? Checklist { get; set; }

    public DateTimeOffset End => Start.AddMinutes(DurationMinutes);
    public bool IsLive => Status is SessionStatus.AwaitingApproval or SessionStatus.Scheduled;

    // The life of a session (P10 approval, P4 cancellation). Each transition says where it may start from,
    // so no caller can, say, book a rejected request or cancel a session twice.

    /// <summary>A group request waits for a manager (P10).</summary>
    public void AwaitApproval() => Move(SessionStatus.AwaitingApproval, SessionStatus.Draft);

    /// <summary>Booked: its Zoom meeting exists. From a new booking, or from an approval.</summary>
    public void Book(ZoomMeetingRecord meeting)
    {
        Move(SessionStatus.Scheduled, SessionStatus.Draft, SessionStatus.AwaitingApproval);
        Meeting = meeting;
    }

    public void Reject(ApprovalDecision decision)
    {
        Move(SessionStatus.Rejected, SessionStatus.AwaitingApproval);
        Approval = decision;
    }

    public void Cancel(string reason)
    {
        Move(SessionStatus.Cancelled, SessionStatus.AwaitingApproval, SessionStatus.Scheduled);
        CancelledReason = reason;
    }

    /// <summary>Zoom reported the meeting ended: it was held.</summary>
    public void Complete() => Move(SessionStatus.Completed, SessionStatus.Scheduled);

    /// <summary>A new time for a live session (the caller has judged it and moved the Zoom meeting).</summary>
    public void MoveTo(DateTimeOffset start, int durationMinutes)
    {
        if (!IsLive) throw new InvalidOperationException($"Session {Id} is {Status}; only a live session can be moved.");
        Start = start;
        DurationMinutes = durationMinutes;
    }

    /// <summary>A deep copy (to change without touching the stored or caller's instance).</summary>
    public Session Copy() => System.Text.Json.JsonSerializer.Deserialize<Session>(System.Text.Json.JsonSerializer.Serialize(this))!;

    private void Move(SessionStatus to, params SessionStatus[] from)
    {
        if (!from.Contains(_status))
        {
            throw new InvalidOperationException($"Session {Id} cannot become {to} from {_status}.");
        }
        _status = to;
    }
}

/// <summary>The Zoom meeting behind a session. Join URL and passcode are for guardians only (P3).</summary>
public sealed class ZoomMeetingRecord
{
    public long MeetingId { get; set; }
    public string JoinUrl { get; set; } = "";
    public string Passcode { get; set; } = "";
    public string? HostZoomUserId { get; set; }
    /// <summary>True when made by the offline simulator, never a real meeting.</summary>
    public bool Simulated { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// What Zoom told us happened in a session's meeting, as much as the host and the policy checks need
/// (P5 recording, P8 lock prompt): instants and counts only, no participant names or Zoom ids.
/// Participants exclude the host.
/// </summary>
public sealed class MeetingActivity
{
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public bool HostPresent { get; set; }
    public int ParticipantsJoined { get; set; }
    public int ParticipantsLeft { get; set; }
    public DateTimeOffset? RecordingStartedAt { get; set; }
    public DateTimeOffset? RecordingStoppedAt { get; set; }
    public DateTimeOffset? RecordingCompletedAt { get; set; }
    public DateTimeOffset? LastEventAt { get; set; }

    /// <summary>Participants in the meeting now (never negative, even if a "left" arrives before its "joined").</summary>
    public int CurrentParticipants => Math.Max(0, ParticipantsJoined - ParticipantsLeft);
}

/// <summary>
/// The host's checklist ticks for a session (P5 recording, P7 waiting room, P8 locked, P9 adult present),
/// as last saved. Every change is also in the audit trail (who, what, when).
/// </summary>
public sealed class HostChecklistRecord
{
    public bool WaitingRoom { get; set; }
    public bool Locked { get; set; }
    public bool Recording { get; set; }
    public bool AdultPresent { get; set; }
    /// <summary>Entra object id of whoever saved last.</summary>
    public string? UpdatedBy { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }
}

public sealed class ApprovalDecision
{
    public bool Approved { get; set; }
    public string DecidedBy { get; set; } = "";
    public string DecidedByName { get; set; } = "";
    public DateTimeOffset DecidedAt { get; set; }
    public string? Reason { get; set; }
}

/// <summary>A stored copy of a policy verdict: outcome plus each finding's rule id and sentence.</summary>
public sealed class PolicyVerdictRecord
{
    public string Outcome { get; set; } = "";
    public List<PolicyFindingRecord> Findings { get; set; } = new();
    public DateTimeOffset JudgedAt { get; set; }
}

public sealed class PolicyFindingRecord
{
    public string RuleId { get; set; } = "";
    public string? PupilId { get; set; }
    public string Severity { get; set; } = "";
    /// <summary>The finding's sentence with pupils named by initials (stored and shown beyond a 1:1 chat).</summary>
    public string Message { get; set; } = "";
}

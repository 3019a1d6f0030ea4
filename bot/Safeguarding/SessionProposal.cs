using Chexs.Bot.Records;

namespace Chexs.Bot.Safeguarding;

/// <summary>
/// What the policy engine judges: a booking being made, or an existing session being re-checked
/// (<see cref="FromSession"/>).
/// </summary>
public sealed record SessionProposal
{
    /// <summary>The session's id when it exists (needed for session-specific consents and to ignore itself when checking overlaps).</summary>
    public string? SessionId { get; init; }
    public Programme Programme { get; init; }
    /// <summary>Entra object id of the host.</summary>
    public string HostId { get; init; } = "";
    public IReadOnlyList<string> PupilIds { get; init; } = Array.Empty<string>();
    public DateTimeOffset Start { get; init; }
    public int DurationMinutes { get; init; }
    public SessionKind Kind { get; init; }
    /// <summary>Entra object id of whoever asked for the booking (nobody approves their own booking, P10).</summary>
    public string RequestedBy { get; init; } = "";
    /// <summary>When the booking was asked for; notice (G2) is measured from here. Null means now.</summary>
    public DateTimeOffset? RequestedAt { get; init; }
    public string? CoHostId { get; init; }
    public ApprovalDecision? Approval { get; init; }

    public DateTimeOffset End => Start.AddMinutes(DurationMinutes);

    public static SessionProposal FromSession(Session session) => new()
    {
        SessionId = session.Id,
        Programme = session.Programme,
        HostId = session.HostId,
        PupilIds = session.PupilIds.ToList(),
        Start = session.Start,
        DurationMinutes = session.DurationMinutes,
        Kind = session.Kind,
        RequestedBy = session.CreatedBy,
        RequestedAt = session.CreatedAt,
        CoHostId = session.CoHostId,
        Approval = session.Approval,
    };
}

/// <summary>
/// The records a judgement needs, loaded by <see cref="SafeguardingRecords"/> (or built by hand in tests).
/// Anything missing is judged as missing: an unknown pupil or a host not on record is a finding, not an exception.
/// </summary>
public sealed record PolicyContext
{
    public IReadOnlyList<Pupil> Pupils { get; init; } = Array.Empty<Pupil>();
    /// <summary>Every consent recorded for those pupils (any year, withdrawn or not): the engine explains why none covers.</summary>
    public IReadOnlyList<Consent> Consents { get; init; } = Array.Empty<Consent>();
    /// <summary>The pupils' guardians.</summary>
    public IReadOnlyList<Guardian> Guardians { get; init; } = Array.Empty<Guardian>();
    /// <summary>Other sessions of the host, co-host or pupils that might overlap (non-live ones are ignored).</summary>
    public IReadOnlyList<Session> OtherSessions { get; init; } = Array.Empty<Session>();
    /// <summary>Staff records of the host, co-host and approver, when they exist.</summary>
    public IReadOnlyList<StaffMember> Staff { get; init; } = Array.Empty<StaffMember>();
}

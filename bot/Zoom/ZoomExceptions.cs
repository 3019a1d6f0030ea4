namespace Chexs.Bot.Zoom;

/// <summary>A Zoom problem with a <see cref="Exception.Message"/> written for staff: what happened and what it means.</summary>
public abstract class ZoomException : Exception
{
    protected ZoomException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>One safeguarding setting Zoom did not keep, with the policy rule it serves.</summary>
public sealed record ZoomSettingViolation(string RuleId, string Setting, string Expected, string Actual, string Sentence);

/// <summary>
/// Zoom overrode a safeguarding setting (typically from account policy). The booking is refused
/// (fail closed) and the meeting was deleted (or, if even that failed, is left for the reconciler).
/// </summary>
public sealed class ZoomSettingsRefusedException : ZoomException
{
    public ZoomSettingsRefusedException(long meetingId, IReadOnlyList<ZoomSettingViolation> violations, bool meetingDeleted)
        : base(Describe(violations, meetingDeleted))
    {
        MeetingId = meetingId;
        Violations = violations;
        MeetingDeleted = meetingDeleted;
    }

    public long MeetingId { get; }
    public IReadOnlyList<ZoomSettingViolation> Violations { get; }
    public bool MeetingDeleted { get; }
    public IReadOnlyList<string> RuleIds => Violations.Select(v => v.RuleId).Distinct().ToList();

    private static string Describe(IReadOnlyList<ZoomSettingViolation> violations, bool deleted)
    {
        var what = string.Join(" ", violations.Select(v => $"{v.RuleId}: {v.Sentence}"));
        var meeting = deleted
            ? "The Zoom meeting has been deleted"
            : "The bot could not delete the Zoom meeting yet and will keep trying";
        return $"{what} So the session was not booked. {meeting}. Ask the Zoom account administrator to allow these settings for CHEXS meetings, then book again.";
    }
}

/// <summary>Zoom could not be reached, timed out or kept failing after retries. Nothing was booked or changed.</summary>
public sealed class ZoomUnavailableException : ZoomException
{
    public ZoomUnavailableException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>Zoom answered but refused the request (e.g. the host is not a user on the CHEXS account).</summary>
public sealed class ZoomRequestRejectedException : ZoomException
{
    public ZoomRequestRejectedException(string message, int? zoomCode, Exception? inner = null) : base(message, inner) => ZoomCode = zoomCode;

    /// <summary>Zoom's own error code (e.g. 1001 user does not exist, 3002 meeting in progress).</summary>
    public int? ZoomCode { get; }
}

/// <summary>Zoom no longer knows the meeting (404 / code 3001): it was deleted or has expired.</summary>
public sealed class ZoomMeetingNotFoundException : ZoomException
{
    public ZoomMeetingNotFoundException(long meetingId)
        : base($"Zoom no longer has meeting {meetingId}: it was deleted or has expired. Book the session again to get a new meeting.") => MeetingId = meetingId;

    public long MeetingId { get; }
}

namespace Chexs.Bot.Invitations;

public enum OutboxStatus
{
    /// <summary>Waiting to be sent (or to be retried at <see cref="GuardianEmailRow.NextAttemptAt"/>).</summary>
    Pending,
    Sent,
    /// <summary>Given up on; the host was told.</summary>
    Failed,
    /// <summary>Replaced by a later email to the same guardian before it was ever tried.</summary>
    Superseded,
    /// <summary>Given up on, then queued again by a manager ("resend invitations"): a newer row carries the retry.</summary>
    Resent,
}

/// <summary>
/// One guardian email in the LiteDB outbox ("guardianEmails"). Written in the same transaction as the
/// booking change it reports; sent later by <see cref="GuardianEmailWorker"/>.
/// </summary>
public sealed class GuardianEmailRow
{
    public long Id { get; set; }
    /// <summary>Our own id for this email, carried in the message itself so we can find it in Sent Items.</summary>
    public string MessageKey { get; set; } = Guid.NewGuid().ToString("N");
    public InvitationKind Kind { get; set; }
    public string SessionId { get; set; } = "";
    public string PupilId { get; set; } = "";
    public string GuardianId { get; set; } = "";
    /// <summary>Who is told if this email cannot be sent.</summary>
    public string HostId { get; set; } = "";
    /// <summary>For the host's notice: pupil initials and short session time (no join details).</summary>
    public string PupilInitials { get; set; } = "";
    public string SessionWhen { get; set; } = "";

    public string ToAddress { get; set; } = "";
    public string ToName { get; set; } = "";
    public string Subject { get; set; } = "";
    /// <summary>The guardian's language when it was written: en, cy or cy-en.</summary>
    public string Language { get; set; } = "en";
    /// <summary>
    /// The calendar entry's SEQUENCE in this email. Stored so it keeps growing across restarts: each new email about a
    /// session takes one more than any before it (<see cref="GuardianInvitations"/>).
    /// </summary>
    public int CalendarSequence { get; set; }
    /// <summary>Bodies hold the join link and passcode; they are cleared once the email is sent or dropped.</summary>
    public string TextBody { get; set; } = "";
    public string HtmlBody { get; set; } = "";
    /// <summary>
    /// The whole MIME message (7-bit ASCII) exactly as it is sent, built once when queued; holds the join details too,
    /// so it is cleared with the bodies.
    /// </summary>
    public string Mime { get; set; } = "";

    /// <summary>Drops everything that holds join details (after sending, or when replaced).</summary>
    public void ClearContent() => TextBody = HtmlBody = Mime = "";

    public OutboxStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    /// <summary>Send attempts made so far (a throttled attempt counts).</summary>
    public int Attempts { get; set; }
    /// <summary>
    /// An attempt started and we never saw it refused: Microsoft 365 may have sent it. Before any new
    /// attempt the worker looks for it in the mailbox's Sent Items.
    /// </summary>
    public bool MaybeSent { get; set; }
    public DateTimeOffset? LastAttemptAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    /// <summary>True when the send was confirmed by finding the message in Sent Items after an unclear attempt.</summary>
    public bool FoundInSentItems { get; set; }
    public DateTimeOffset? FailedAt { get; set; }
    public string? LastError { get; set; }
}

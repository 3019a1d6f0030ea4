namespace Chexs.Bot.Invitations;

/// <summary>What a guardian email is about.</summary>
public enum InvitationKind
{
    /// <summary>The first email: time, join link and passcode, and the P9/P11–P14 lines.</summary>
    Invitation,
    /// <summary>Follow-up: the session moved (new time; the link may be new too).</summary>
    Rescheduled,
    /// <summary>Follow-up: the session is off; the link must not be used.</summary>
    Cancelled,
}

public static class InvitationKindNames
{
    public static string Describe(this InvitationKind kind) => kind switch
    {
        InvitationKind.Invitation => "invitation",
        InvitationKind.Rescheduled => "new-time email",
        InvitationKind.Cancelled => "cancellation email",
        _ => kind.ToString(),
    };
}

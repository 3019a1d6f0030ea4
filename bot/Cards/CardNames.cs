namespace Chexs.Bot.Cards;

/// <summary>
/// Names of the templates in cards/ (without ".json"). The data each expects is documented by
/// cards/samples/&lt;name&gt;.data.json, and the tests bind every template to its sample.
/// </summary>
public static class CardNames
{
    public const string Help = "help";
    public const string Policy = "policy";
    public const string BookingSummary = "booking-summary";
    public const string BookingBlocked = "booking-blocked";
    public const string BookingConfirmation = "booking-confirmation";
    public const string ApprovalRequest = "approval-request";
    public const string ApprovalOutcome = "approval-outcome";
    public const string MySessions = "my-sessions";
    public const string Reminder = "reminder";
    public const string HostPrivateReminder = "host-private-reminder";
    public const string LockNudge = "lock-nudge";
    public const string MissingRecordingAlert = "missing-recording-alert";
    public const string WeeklyDigest = "weekly-digest";
    public const string SessionStart = "session-start";
    public const string BookingRejected = "booking-rejected";
    public const string Welcome = "welcome";
    public const string PolicyReview = "policy-review";

    public static IReadOnlyList<string> All { get; } =
    [
        Help, Policy, BookingSummary, BookingBlocked, BookingConfirmation, ApprovalRequest, ApprovalOutcome,
        MySessions, Reminder, HostPrivateReminder, LockNudge, MissingRecordingAlert, WeeklyDigest,
        SessionStart, BookingRejected, Welcome, PolicyReview,
    ];
}

/// <summary>The <c>verb</c> of every Action.Execute our cards send (also in the action's data as "verb").</summary>
public static class CardVerbs
{
    public const string BookingConfirm = "booking.confirm";
    public const string BookingChange = "booking.change";
    public const string BookingCancel = "booking.cancel";
    public const string ApprovalApprove = "approval.approve";
    public const string ApprovalReject = "approval.reject";
    public const string SessionCancel = "session.cancel";
    public const string SessionReschedule = "session.reschedule";
    /// <summary>The typed "reschedule session …" confirmation card: move to the time on the card, or keep the old one.</summary>
    public const string SessionMoveConfirm = "session.move.confirm";
    public const string SessionMoveKeep = "session.move.keep";
    public const string ChecklistSave = "checklist.save";
    public const string ChecklistLocked = "checklist.locked";
    /// <summary>Start meeting: the host's fresh Zoom start link, fetched at the click.</summary>
    public const string SessionStart = "session.start";
    /// <summary>Back to the `my sessions` list.</summary>
    public const string SessionList = "session.list";
    /// <summary>A button that runs a typed command ("book session", "my sessions", "policy"), data <c>{command}</c>.</summary>
    public const string CommandRun = "command.run";
    /// <summary>"Change and resend" on a rejected request: the booking opens again, filled in with it.</summary>
    public const string BookingResend = "booking.resend";
}

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
    /// <summary>A series' dates, each judged on its own date: those that pass and those blocked (rule, who, fix).</summary>
    public const string SeriesSummary = "series-summary";
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
    public const string ImportPreview = "import-preview";
    public const string ConcernLead = "concern-lead";
    public const string SessionStart = "session-start";
    public const string BookingRejected = "booking-rejected";
    public const string Welcome = "welcome";
    public const string PolicyReview = "policy-review";

    public static IReadOnlyList<string> All { get; } =
    [
        Help, Policy, BookingSummary, SeriesSummary, BookingBlocked, BookingConfirmation, ApprovalRequest, ApprovalOutcome,
        MySessions, Reminder, HostPrivateReminder, LockNudge, MissingRecordingAlert, WeeklyDigest, ImportPreview, ConcernLead,
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
    /// <summary>A manager's uploaded CSV: apply exactly the previewed file, or drop it.</summary>
    public const string ImportConfirm = "import.confirm";
    public const string ImportCancel = "import.cancel";
    /// <summary>"Raise a concern" on a session's cards in the host's 1:1 chat: starts the concern dialog about that session.</summary>
    public const string ConcernRaise = "concern.raise";
    /// <summary>The Designated Safeguarding Lead's concern card: each click appends a dated entry (the typed "note" input).</summary>
    public const string ConcernAcknowledge = "concern.acknowledge";
    public const string ConcernNote = "concern.note";
    public const string ConcernClose = "concern.close";
    /// <summary>Start meeting: the host's fresh Zoom start link, fetched at the click.</summary>
    public const string SessionStart = "session.start";
    /// <summary>Back to the `my sessions` list.</summary>
    public const string SessionList = "session.list";
    /// <summary>A button that runs a typed command ("book session", "my sessions", "policy"), data <c>{command}</c>.</summary>
    public const string CommandRun = "command.run";
    /// <summary>"Change and resend" on a rejected request: the booking opens again, filled in with it.</summary>
    public const string BookingResend = "booking.resend";
}

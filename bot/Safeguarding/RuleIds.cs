namespace Chexs.Bot.Safeguarding;

/// <summary>The ids findings cite (policy-rules.md), so code and tests never spell them twice.</summary>
public static class RuleIds
{
    public const string Programme = "P1";
    public const string StaffHost = "P2";
    public const string GuardianContact = "P3";
    public const string Consent = "P4";
    public const string Recording = "P5";
    public const string Passcode = "P6";
    public const string WaitingRoom = "P7";
    public const string LockMeeting = "P8";
    public const string AdultPresence = "P9";
    public const string GroupSessions = "P10";
    public const string PolicyReview = "P15";
    public const string MaxLength = "G1";
    public const string Notice = "G2";
    public const string CoHost = "G4";
    /// <summary>
    /// Not a sentence of the policy but the project's own booking rule: nobody (host, co-host or
    /// pupil) is in two live sessions at once.
    /// </summary>
    public const string DoubleBooking = "D1";
}
